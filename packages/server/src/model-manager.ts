import * as path from 'node:path';

import { ErrorCode, TrimsError } from '@trims/protocol';
import type { Logger } from 'pino';

import { Aliases } from './catalog/aliases';
import { Catalog } from './catalog/catalog';
import { ModelEntry, StoreTier } from './catalog/entry';
import { EvictTarget, modelsNamed } from './catalog/evict-target';
import { evictModels } from './evict-models';
import { Resolver } from './ingest/resolver';
import { Placement, Placed } from './placement';
import { PinLedger } from './pins';
import { createPolicy } from './policies/policies';
import { redactUrl } from './redact';
import { Tenancy } from './tenancy';
import { Lease } from './session/lease';
import type { ManagerConfig, ModelSlots } from './manager-config';
import { CacheLock, claimCacheDirectory } from './cache-lock';
import { ThrottledLog } from './session/throttled-log';
import { LoadOptions } from './sources/fetch-model';
import { Counters } from './stats';
import { DiskStore } from './tiers/disk-store';
import { DiskTier } from './tiers/disk-tier';
import { GpuTier } from './tiers/gpu-tier';
import { HostTier } from './tiers/host-tier';
import { SegmentWorkers } from './tiers/segment-workers';

export interface Peer {
  pid: number;
  uid: number;
  gid: number;
}

/** An open: the lease (for the session to adopt), where it was served from and the fd to hand over. */
export interface Opened extends Placed {
  lease: Lease;
  hit: boolean;
}

/**
 * Open, preload, evict: resolves URLs to models (converting each once, in
 * worker threads), serves them through the placement and hands out leases.
 */
export class ModelManager {
  readonly counters = new Counters();
  /** Catalog reads and writes that failed (a full disk): the daemon went on without them. */
  catalogErrors = 0;
  readonly catalog: Catalog;
  readonly host: HostTier;
  readonly disk: DiskTier;
  readonly gpu: GpuTier | undefined;
  readonly pins: PinLedger;
  private readonly placement: Placement;
  private readonly workers: SegmentWorkers;
  private readonly resolver: Resolver;
  private readonly daemonUid = process.getuid?.() ?? 0;
  readonly tenancy: Tenancy;
  private readonly cacheLock: CacheLock;

  constructor(config: ManagerConfig, log: Logger, slots: ModelSlots) {
    this.cacheLock = claimCacheDirectory(config.cacheDir, (message) => log.warn(message));
    this.workers = new SegmentWorkers(config.workers, (error) =>
      log.error({ error: error.message }, 'a worker thread failed'),
    );
    const catalogFailed = new ThrottledLog(
      log,
      'a catalog database operation failed: the model is served; after a restart it may be refetched, and who used it may be forgotten',
    );
    this.catalog = new Catalog(
      new Aliases(path.join(config.cacheDir, 'catalog.sqlite'), {
        reset: (why) => log.warn({ why }, 'the catalog database was unreadable: started afresh'),
        failed: (operation, why) => {
          catalogFailed.report({ operation, why });
          this.catalogErrors++;
        },
      }),
      () => catalogFailed.report({ operation: 'keep a record', why: 'too many unwritten' }),
    );
    this.tenancy = new Tenancy(this.daemonUid, config.uidShare);
    this.pins = new PinLedger(config.pinQuota, this.tenancy, this.catalog.pinStore);
    this.catalog.onForgotten = (entry) => this.pins.forgotten(entry);
    const policy = (): ReturnType<typeof createPolicy> => createPolicy(config.policy);
    this.disk = new DiskTier(
      config.diskBudget,
      policy(),
      new DiskStore(path.join(config.cacheDir, 'segments'), this.workers),
      this.workers,
      (entry) => this.catalog.forget(entry),
      log,
    );
    this.host = new HostTier(
      config.hostBudget,
      policy(),
      this.workers,
      (victim) => this.placement.demote(victim),
      slots.host,
    );
    this.gpu = GpuTier.create(
      config.gpuBudget,
      policy,
      (victim) => void this.placement.demoteFromGpu(victim),
      log,
      this.workers,
      slots.gpu,
    );
    this.placement = new Placement(this.host, this.disk, this.gpu, this.catalog, log, this.tenancy);
    this.resolver = new Resolver(
      config,
      this.tenancy.adminUids,
      this.catalog,
      this.placement,
      this.workers,
      this.counters,
      log,
      (entry, uid, model) => this.placement.makeShare(entry, uid, model, 'host'),
      (uid) => this.tenancy.shareOf(uid, this.host.budget.budget),
    );
    for (const tier of this.placement.tiers)
      tier.budget.onEvicted = (victim, name): void => {
        this.counters.evictions++;
        log.info({ digest: victim.digest, tier: name }, 'evicted');
      };
    // Pinned as found, before a disk tier smaller than last time makes room: a pin keeps its model.
    this.disk.restore((entry) => {
      this.catalog.restore(entry);
      this.pins.restore([entry]);
    });
    this.catalog.restored();
  }

  get convertingBytes(): number {
    return this.resolver.convertingBytes;
  }

  get gpuEnabled(): boolean {
    return this.gpu !== undefined;
  }

  entries(): ModelEntry[] {
    return this.catalog.entries();
  }

  /** What a peer may see: what it opened, preloaded or pinned (root and the daemon's uid: everything). */
  visibleTo(uid: number): ModelEntry[] {
    return this.entries().filter((entry) => this.tenancy.visible(entry, uid));
  }

  /** Who used it, by which URL: a new pair is kept in the catalog (who may see and evict it outlives a restart). */
  private noteUse(entry: ModelEntry, uid: number, url: string, hit = false): void {
    if (this.tenancy.note(entry, uid, url, hit)) this.catalog.rememberUser(entry, { uid, url });
  }

  /** Opens a model for a client, on the gpu `gpuIndex` or (undefined) in host memory. */
  async open(
    url: string,
    gpuIndex: number | undefined,
    options: LoadOptions,
    peer: Peer,
    files: number[] = [],
  ): Promise<Opened> {
    this.counters.opens++;
    try {
      for (let attempt = 0; attempt < 3; attempt++) {
        const { entry, fetched, shownUrl } = await this.resolver.resolve(url, options, peer, files);
        const hit =
          !fetched &&
          ((gpuIndex !== undefined && entry.gpu?.device === gpuIndex) || this.host.has(entry));
        const lease = new Lease(entry, peer.uid); // held from here: nothing evicts it while it is served
        let placed: Placed | undefined;
        try {
          placed = await this.placement.serve(entry, gpuIndex, peer.uid);
        } catch (error) {
          lease.release();
          throw error;
        }
        if (placed === undefined) {
          lease.release();
          continue; // its cached copy was bad and is gone: fetch again
        }
        entry.touch();
        this.noteUse(entry, peer.uid, shownUrl, hit);
        if (hit) {
          entry.hits++;
          this.counters.hits++;
        } else this.counters.misses++;
        return { ...placed, lease, hit };
      }
      throw new TrimsError(ErrorCode.UNAVAILABLE, 'the model kept leaving the cache while opened', {
        model: redactUrl(url),
      });
    } catch (error) {
      this.counters.errors++;
      if (error instanceof TrimsError && error.code === ErrorCode.LOAD_PRIVATELY)
        this.counters.privateLoads++;
      throw error;
    }
  }

  /** Loads a model ahead of use (host, or gpu), optionally pinned against eviction. */
  async preload(
    url: string,
    tier: StoreTier,
    pin: boolean,
    options: LoadOptions,
    peer: Peer,
    files: number[] = [],
  ): Promise<{ entry: ModelEntry; tier: StoreTier }> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const { entry, shownUrl } = await this.resolver.resolve(url, options, peer, files);
      const lease = new Lease(entry, peer.uid); // nothing evicts it between here and the pin
      this.noteUse(entry, peer.uid, shownUrl);
      try {
        // Over its quota: refused before it is placed (fetched, as an Open would: it stays cached).
        // The pin itself comes once the model is in place.
        if (pin) this.pins.check(entry, peer.uid, redactUrl(url));
        if (tier === 'gpu') {
          if (this.gpu === undefined)
            throw new TrimsError(
              ErrorCode.UNAVAILABLE,
              'the gpu tier is not enabled (no CUDA device, or no --gpu-budget)',
              { model: url, tier },
            );
          if (entry.gpu !== undefined && entry.gpu.uid !== peer.uid)
            throw new TrimsError(
              ErrorCode.UNAVAILABLE,
              `the device copy of this model is lent to ${this.tenancy.isAdmin(peer.uid) ? `uid ${entry.gpu.uid}` : 'another uid'}; a copy is lent to one uid only (a client can write into what it maps)`,
              { model: url, tier },
            );
          if (!(await this.placement.toGpu(entry, 0, peer.uid)))
            throw this.placement.noRoom(entry, url);
        } else if (!this.host.has(entry)) await this.placement.promote(entry, peer.uid);
        const held = entry.tiers()[0];
        if (held === undefined) continue; // its cached copy proved bad on the way, and is gone: fetched again
        if (pin) this.pins.pin(entry, peer.uid, redactUrl(url));
        return { entry, tier: held };
      } finally {
        lease.release();
      }
    }
    throw new TrimsError(
      ErrorCode.UNAVAILABLE,
      'the model kept leaving the cache while preloaded',
      { model: redactUrl(url) },
    );
  }

  /** Evicts by URL, digest or all (of what the peer may see), from one tier or every tier; held, others' pinned and others' models stay. */
  async evict(
    target: EvictTarget,
    tier: StoreTier | undefined,
    peer: Peer,
  ): Promise<{ evicted: string[]; kept: string[] }> {
    const entries = modelsNamed(target, this.visibleTo(peer.uid), tier, (entry) =>
      this.tenancy.urlsFor(entry, peer.uid),
    );
    return evictModels(entries, tier, peer.uid, this, this.placement);
  }

  /** Waits for each request read to be answered (so for every fetch: each has a request waiting on it), then disk writes; from `graceMs` on, fetches and revalidations fail SHUTTING_DOWN. */
  async drain(graceMs: number, answered: () => Promise<void>): Promise<void> {
    const deadline = setTimeout(() => this.resolver.stop(), graceMs); // no origin may hold a restart
    await answered();
    clearTimeout(deadline);
    await this.placement.settled(); // demotions, and writes to disk in flight or waiting
  }

  /** Gives back every host segment and device block (clients keep what they mapped); the disk tier stays for the next daemon. */
  async close(): Promise<void> {
    this.gpu?.close();
    this.host.close();
    this.catalog.close();
    await this.workers.close();
    this.cacheLock.release(); // last: the next daemon finds every file written
  }
}
