import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

import {
  closeFd,
  createSealedSegment,
  cuda,
  DeviceBuffer,
  mapReadOnly,
  unmap,
} from '@trims/native-cuda';
import { ErrorCode, TrimsError } from '@trims/protocol';
import type { Logger } from 'pino';

import { Aliases } from './catalog/aliases';
import { ModelEntry, StoreTier } from './catalog/entry';
import { SingleFlight } from './catalog/single-flight';
import { planWeights } from './layout/decode-weights';
import { modelDigest } from './layout/digest';
import { planSegment, writeSegment } from './layout/build-segment';
import { createPolicy } from './policies/policies';
import { PolicyName } from './policies/policy';
import { redactUrl } from './redact';
import { fetchModel, LoadOptions, SourceContext, sourceFor } from './sources/fetch-model';
import { HttpCache } from './sources/http-cache';
import { OutboundPolicy } from './sources/outbound-policy';
import { Counters } from './stats';
import { TierBudget } from './tiers/budget';
import { DiskStore, writeFileAtomically } from './tiers/disk-store';

export interface ManagerConfig {
  cacheDir: string;
  hostBudget: number;
  diskBudget: number;
  gpuBudget: number;
  policy: PolicyName;
  allowRoots: string[];
  /** Addresses or CIDRs the daemon may fetch from although they are loopback, link-local or metadata. */
  allowFetchFrom: string[];
  /** Freshness of an HTTP response that states none. */
  httpFreshnessMs: number;
  fetchTimeoutMs: number;
  /** Bytes one uid may pin. */
  pinQuota: number;
}

export interface Peer {
  pid: number;
  uid: number;
  gid: number;
}

/** Where an Open was served from, and the memory to hand over. */
export interface Served {
  entry: ModelEntry;
  tier: StoreTier;
  hit: boolean;
  /** host: the sealed memfd (the daemon keeps its copy); disk: a fresh O_RDONLY fd to close once sent; gpu: the metadata memfd. */
  fd?: number;
  closeAfterSend: boolean;
}

/** A URL as the catalog records it, for evict by URL (no file is looked up). */
function comparableUrl(url: string): string {
  try {
    return url.startsWith('/') ? pathToFileURL(path.resolve(url)).href : new URL(url).href;
  } catch {
    return url;
  }
}

function parseDevice(device: string): number | undefined {
  if (device === '' || device === 'cpu') return undefined;
  const match = /^gpu(?::(\d+))?$/.exec(device);
  if (!match)
    throw new TrimsError(ErrorCode.BAD_REQUEST, `unknown device "${device}": use cpu or gpu:N`, {
      tier: 'protocol',
    });
  return Number(match[1] ?? 0);
}

/**
 * Owns every model: resolves URLs to digests, fetches and converts each
 * model once (single-flight), keeps it in tiers within their budgets,
 * promotes on use, demotes on eviction, and never gives up a model that a
 * client holds or somebody pinned.
 */
export class ModelManager {
  readonly counters = new Counters();
  readonly host: TierBudget;
  readonly disk: TierBudget;
  readonly gpu: TierBudget | undefined;
  private readonly catalog = new Map<string, ModelEntry>();
  private readonly aliases: Aliases;
  private readonly store: DiskStore;
  private readonly flights = new SingleFlight<ModelEntry>();
  private readonly writes = new Set<Promise<void>>();
  private readonly daemonUid = process.getuid?.() ?? 0;
  private readonly sources: SourceContext;

  constructor(
    private readonly config: ManagerConfig,
    private readonly log: Logger,
  ) {
    fs.mkdirSync(config.cacheDir, { recursive: true, mode: 0o700 });
    this.store = new DiskStore(path.join(config.cacheDir, 'segments'));
    this.aliases = new Aliases(path.join(config.cacheDir, 'aliases.json'));
    this.sources = {
      files: {
        // the kernel names open files by their real path: compare against real roots
        allowedRoots: config.allowRoots.map((root) =>
          fs.existsSync(root) ? fs.realpathSync(root) : root,
        ),
        daemonUid: this.daemonUid,
      },
      http: {
        timeoutMs: config.fetchTimeoutMs,
        outbound: new OutboundPolicy(config.allowFetchFrom),
        cache: new HttpCache(),
        defaultFreshnessMs: config.httpFreshnessMs,
      },
    };
    this.host = new TierBudget('host', config.hostBudget, createPolicy(config.policy));
    this.disk = new TierBudget('disk', config.diskBudget, createPolicy(config.policy));
    const gpuStatus = config.gpuBudget > 0 ? cuda.status() : undefined;
    if (gpuStatus?.available)
      this.gpu = new TierBudget('gpu', config.gpuBudget, createPolicy(config.policy));
    else if (gpuStatus)
      log.warn({ reason: gpuStatus.reason }, 'gpu tier disabled: CUDA is not available');
    this.loadDiskTier();
  }

  get gpuEnabled(): boolean {
    return this.gpu !== undefined;
  }

  entries(): ModelEntry[] {
    return [...this.catalog.values()];
  }

  /** The disk tier found again after a restart: headers read now, checksums on first use. */
  private loadDiskTier(): void {
    for (const { file, contents } of this.store.scan((bad, why) =>
      this.log.warn({ file: bad, why }, 'removed an unreadable cached segment'),
    )) {
      const entry = new ModelEntry(contents.header.digest, contents.header.totalBytes);
      entry.dataOffset = contents.header.data.offset;
      entry.diskFile = file;
      entry.lastUsed = fs.statSync(file).mtimeMs;
      entry.useOrder = -1; // found on disk: older than anything used in this daemon's life
      for (const url of this.aliases.urlsOf(entry.digest)) entry.urls.add(url); // redacted on disk
      this.catalog.set(entry.digest, entry);
      this.disk.admit(entry);
    }
    this.disk.makeRoom(0, (victim) => this.evictDisk(victim));
    if (this.catalog.size > 0)
      this.log.info({ models: this.catalog.size, bytes: this.disk.used }, 'disk tier loaded');
  }

  async open(
    url: string,
    device: string,
    options: LoadOptions,
    peer: Peer,
    files: number[] = [],
  ): Promise<Served> {
    this.counters.opens++;
    try {
      const gpuIndex = parseDevice(device);
      for (let attempt = 0; attempt < 3; attempt++) {
        const { entry, fetched } = await this.resolve(url, options, peer, files);
        const hit =
          !fetched &&
          ((gpuIndex !== undefined && entry.gpu?.device === gpuIndex) ||
            entry.hostFd !== undefined);
        const served = this.serve(entry, gpuIndex);
        if (served === undefined) continue; // its cached copy was bad and is gone: fetch again
        entry.touch();
        entry.refs++;
        if (hit) {
          entry.hits++;
          this.counters.hits++;
        } else {
          this.counters.misses++;
        }
        return { ...served, hit };
      }
      throw new TrimsError(
        ErrorCode.INTERNAL,
        'the model kept leaving the cache while being opened',
        { model: redactUrl(url) },
      );
    } catch (error) {
      this.counters.errors++;
      if (error instanceof TrimsError && error.code === ErrorCode.LOAD_PRIVATELY)
        this.counters.privateLoads++;
      throw error;
    }
  }

  release(entry: ModelEntry): void {
    entry.refs = Math.max(0, entry.refs - 1);
  }

  /**
   * The entry of this request's model, fetching and converting it when no
   * tier holds it (once for concurrent callers). A cached copy is lent only
   * after this request proved access (its own fds, or the origin's answer to
   * its own headers); a request that joined another's fetch proves it too.
   */
  private async resolve(
    url: string,
    options: LoadOptions,
    peer: Peer,
    files: number[],
  ): Promise<{ entry: ModelEntry; fetched: boolean }> {
    const source = sourceFor(url, files, options, peer.uid, this.sources);
    const request = { headers: options.headers, peerUid: peer.uid };
    const cached = async (): Promise<ModelEntry | undefined> => {
      const alias = this.aliases.get(source.cacheKey);
      const known = alias === undefined ? undefined : this.catalog.get(alias.digest);
      if (known === undefined || known.tiers().length === 0) return undefined;
      return (await source.revalidate(request)) ? known : undefined;
    };
    const known = await cached();
    if (known !== undefined) {
      known.urls.add(source.canonicalUrl);
      return { entry: known, fetched: false };
    }
    let ran = false;
    const shared = await this.flights.run(source.cacheKey, async () => {
      ran = true;
      return this.fetchAndConvert(source, request);
    });
    if (ran) return { entry: shared, fetched: true };
    const proven = await cached(); // joined another request's fetch: prove access like a hit
    if (proven === undefined) return this.resolve(url, options, peer, files); // it changed meanwhile: fetch for this request
    return { entry: proven, fetched: true };
  }

  private async fetchAndConvert(
    source: ReturnType<typeof sourceFor>,
    request: { headers: Record<string, string>; peerUid: number },
  ): Promise<ModelEntry> {
    const fetched = await fetchModel(source, request);
    this.counters.fetches++;
    const model = fetched.url;
    const shown = redactUrl(model);
    const plans = planWeights(fetched.weightSpecs, fetched.weightData, model);
    const digest = modelDigest(fetched.modelJson, fetched.weightSpecs, fetched.weightData);
    this.aliases.set(source.cacheKey, { digest, url: shown });
    const existing = this.catalog.get(digest);
    if (existing !== undefined && existing.tiers().length > 0) {
      existing.urls.add(model); // the same model under another URL: stored once
      return existing;
    }
    const { weightsManifest: _manifest, ...topology } = fetched.modelJson;
    void _manifest;
    const plan = planSegment(topology, plans);
    this.counters.conversions++;
    const entry = new ModelEntry(digest, plan.totalBytes);
    entry.dataOffset = plan.dataOffset;
    entry.urls.add(model);
    const fill = (target: Uint8Array): void =>
      writeSegment(plan, fetched.weightData, digest, target);
    this.catalog.set(digest, entry);
    if (this.host.makeRoom(entry.bytes, (victim) => this.evictHost(victim), entry)) {
      entry.hostFd = createSealedSegment(`trims:${digest.slice(0, 16)}`, entry.bytes, fill);
      this.host.admit(entry);
      this.writeBehind(entry);
    } else if (this.disk.makeRoom(entry.bytes, (victim) => this.evictDisk(victim), entry)) {
      const bytes = Buffer.alloc(entry.bytes);
      fill(bytes);
      entry.diskFile = this.store.write(digest, bytes);
      entry.diskVerified = true;
      this.disk.admit(entry);
    } else {
      this.catalog.delete(digest);
      throw this.noRoom(entry, shown);
    }
    this.log.info(
      { model: shown, digest, bytes: entry.bytes, tiers: entry.tiers() },
      'model fetched and converted',
    );
    return entry;
  }

  private noRoom(entry: ModelEntry, model: string): TrimsError {
    const usage = (t: TierBudget): string => `${t.name} ${t.used}/${t.budget} bytes`;
    return new TrimsError(
      ErrorCode.LOAD_PRIVATELY,
      `no tier has room for ${entry.bytes} bytes (${usage(this.host)}, ${usage(this.disk)}; the rest is held by clients or pinned): load it privately`,
      { model, tier: 'host' },
    );
  }

  /** Serves from the fastest tier that has it or can take it; undefined when its only copy proved corrupt. */
  private serve(entry: ModelEntry, gpuIndex: number | undefined): Omit<Served, 'hit'> | undefined {
    if (gpuIndex !== undefined && this.gpu !== undefined && this.toGpu(entry, gpuIndex)) {
      return { entry, tier: 'gpu', fd: entry.gpu!.metadataFd, closeAfterSend: false };
    }
    if (entry.hostFd !== undefined)
      return { entry, tier: 'host', fd: entry.hostFd, closeAfterSend: false };
    if (entry.diskFile === undefined) return undefined;
    if (!this.verifyDisk(entry)) return undefined;
    if (this.host.makeRoom(entry.bytes, (victim) => this.evictHost(victim), entry)) {
      this.promoteToHost(entry);
      return { entry, tier: 'host', fd: entry.hostFd!, closeAfterSend: false };
    }
    return {
      entry,
      tier: 'disk',
      fd: this.store.openForClient(entry.diskFile),
      closeAfterSend: true,
    };
  }

  /** First use of a disk copy in this daemon's life: check every byte; a bad copy is removed. */
  private verifyDisk(entry: ModelEntry): boolean {
    if (entry.diskVerified) return true;
    try {
      this.store.verify(entry.diskFile!);
      entry.diskVerified = true;
      return true;
    } catch (error) {
      this.log.warn(
        { digest: entry.digest, file: entry.diskFile, error: (error as Error).message },
        'cached segment is corrupt: removed, refetching',
      );
      this.dropFromDisk(entry);
      return false;
    }
  }

  private promoteToHost(entry: ModelEntry): void {
    entry.hostFd = createSealedSegment(
      `trims:${entry.digest.slice(0, 16)}`,
      entry.bytes,
      (target) => this.store.withMap(entry.diskFile!, (source) => target.set(source)),
    );
    this.host.admit(entry);
  }

  private toGpu(entry: ModelEntry, device: number): boolean {
    if (entry.gpu?.device === device) return true;
    if (entry.gpu !== undefined) return false; // one device copy per model
    const gpu = this.gpu!;
    if (!gpu.makeRoom(entry.bytes, (victim) => this.evictGpu(victim), entry)) return false;
    const fd =
      entry.hostFd ??
      (entry.diskFile !== undefined && this.verifyDisk(entry)
        ? this.store.openForClient(entry.diskFile)
        : undefined);
    if (fd === undefined) return false;
    const map = mapReadOnly(fd);
    try {
      const bytes = new Uint8Array(map);
      const buffer = DeviceBuffer.allocate(entry.bytes, device);
      buffer.write(bytes);
      const metadataFd = createSealedSegment(
        `trims-meta:${entry.digest.slice(0, 16)}`,
        entry.dataOffset,
        (target) => target.set(bytes.subarray(0, entry.dataOffset)),
      );
      entry.gpu = { buffer, handle: buffer.ipcHandle(), device, metadataFd };
      gpu.admit(entry);
      return true;
    } finally {
      unmap(map);
      if (fd !== entry.hostFd) closeFd(fd);
    }
  }

  /** Copies a model that is only in memory to the disk tier, off the event loop. */
  private writeBehind(entry: ModelEntry): void {
    if (entry.diskFile !== undefined || entry.hostFd === undefined) return;
    const map = mapReadOnly(entry.hostFd); // keeps the bytes even if the host tier lets go meanwhile
    const file = this.store.fileOf(entry.digest);
    const write = writeFileAtomically(file, new Uint8Array(map))
      .then(() => {
        const stillWanted =
          this.catalog.get(entry.digest) === entry && entry.diskFile === undefined;
        if (
          stillWanted &&
          this.disk.makeRoom(entry.bytes, (victim) => this.evictDisk(victim), entry)
        ) {
          entry.diskFile = file;
          entry.diskVerified = true;
          this.disk.admit(entry);
        } else if (this.catalog.get(entry.digest)?.diskFile !== file) {
          this.store.remove(file); // unless a newer entry of the same model already owns it
        }
        if (entry.tiers().length === 0) this.forget(entry);
      })
      .catch((error: Error) =>
        this.log.error(
          { digest: entry.digest, error: error.message },
          'writing the disk copy failed',
        ),
      )
      .finally(() => {
        unmap(map);
        this.writes.delete(write);
      });
    this.writes.add(write);
  }

  private evictHost(victim: ModelEntry): void {
    this.writeBehind(victim); // demote: the disk tier keeps it when it has room
    this.dropFromHost(victim);
    this.log.info({ digest: victim.digest, tier: 'host' }, 'evicted');
  }

  /** Gives up the host segment (no demotion: callers that want one write behind first). */
  private dropFromHost(entry: ModelEntry): void {
    closeFd(entry.hostFd!);
    entry.hostFd = undefined;
    this.host.remove(entry);
    this.counters.evictions++;
  }

  private evictDisk(victim: ModelEntry): void {
    this.dropFromDisk(victim);
    this.counters.evictions++;
    this.log.info({ digest: victim.digest, tier: 'disk' }, 'evicted');
  }

  private evictGpu(victim: ModelEntry): void {
    victim.gpu?.buffer.free();
    if (victim.gpu) closeFd(victim.gpu.metadataFd);
    victim.gpu = undefined;
    this.gpu?.remove(victim);
    this.counters.evictions++;
  }

  private dropFromDisk(entry: ModelEntry): void {
    if (entry.diskFile !== undefined) this.store.remove(entry.diskFile);
    entry.diskFile = undefined;
    entry.diskVerified = false;
    this.disk.remove(entry);
    if (entry.tiers().length === 0) this.forget(entry);
  }

  private forget(entry: ModelEntry): void {
    if (this.catalog.get(entry.digest) === entry) this.catalog.delete(entry.digest);
    this.aliases.dropDigest(entry.digest);
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
    const { entry } = await this.resolve(url, options, peer, files);
    if (pin && entry.pinnedBy !== peer.uid) {
      const pinned = this.entries()
        .filter((e) => e.pinnedBy === peer.uid)
        .reduce((sum, e) => sum + e.bytes, 0);
      if (pinned + entry.bytes > this.config.pinQuota) {
        throw new TrimsError(
          ErrorCode.QUOTA_EXCEEDED,
          `uid ${peer.uid} has ${pinned} bytes pinned; ${entry.bytes} more exceeds the quota of ${this.config.pinQuota}`,
          {
            model: url,
            tier,
          },
        );
      }
      entry.pinnedBy = peer.uid;
    }
    if (tier === 'gpu') {
      if (this.gpu === undefined)
        throw new TrimsError(
          ErrorCode.UNAVAILABLE,
          'the gpu tier is not enabled (no CUDA device, or no --gpu-budget)',
          { model: url, tier },
        );
      if (!this.toGpu(entry, 0)) throw this.noRoom(entry, url);
    } else if (
      entry.hostFd === undefined &&
      entry.diskFile !== undefined &&
      this.verifyDisk(entry)
    ) {
      if (this.host.makeRoom(entry.bytes, (victim) => this.evictHost(victim), entry))
        this.promoteToHost(entry);
    }
    return { entry, tier: entry.tiers()[0] ?? 'disk' };
  }

  /** Evicts by URL, digest or all, from one tier or every tier; held and (others') pinned models stay. */
  evict(
    target: { url?: string; digest?: string; all?: boolean },
    tier: StoreTier | undefined,
    peer: Peer,
  ): { evicted: string[]; kept: string[] } {
    let entries: ModelEntry[];
    if (target.all) entries = this.entries();
    else if (target.digest)
      entries = [this.catalog.get(target.digest)].filter((e): e is ModelEntry => e !== undefined);
    else if (target.url) {
      // compared as text: the daemon opens no path a peer names
      const wanted = comparableUrl(target.url);
      entries = this.entries().filter((e) => [...e.urls].some((u) => comparableUrl(u) === wanted));
      if (entries.length === 0)
        throw new TrimsError(ErrorCode.NOT_FOUND, 'no tier holds this model', {
          model: target.url,
          tier: tier ?? 'any',
        });
    } else {
      throw new TrimsError(ErrorCode.BAD_REQUEST, 'evict needs a url, a digest or all', {
        tier: 'protocol',
      });
    }
    const evicted: string[] = [];
    const kept: string[] = [];
    for (const entry of entries) {
      const mayUnpin =
        entry.pinnedBy === undefined || entry.pinnedBy === peer.uid || peer.uid === this.daemonUid;
      if (entry.refs > 0 || !mayUnpin) {
        kept.push(entry.digest);
        continue;
      }
      entry.pinnedBy = undefined;
      if ((tier === undefined || tier === 'gpu') && entry.gpu) this.evictGpu(entry);
      if ((tier === undefined || tier === 'host') && entry.hostFd !== undefined) {
        if (tier === undefined)
          this.dropFromHost(entry); // leaving every tier: nothing to demote
        else this.evictHost(entry);
      }
      if ((tier === undefined || tier === 'disk') && entry.diskFile !== undefined)
        this.evictDisk(entry);
      if (entry.tiers().length === 0) this.forget(entry);
      evicted.push(entry.digest);
    }
    return { evicted, kept };
  }

  /** Waits for fetches and disk writes in flight (a draining shutdown). */
  async drain(): Promise<void> {
    await this.flights.settled();
    await Promise.allSettled([...this.writes]);
  }

  /** Gives back every host segment and device block; the disk tier stays for the next daemon. */
  close(): void {
    for (const entry of this.catalog.values()) {
      if (entry.hostFd !== undefined) closeFd(entry.hostFd);
      if (entry.gpu) {
        entry.gpu.buffer.free();
        closeFd(entry.gpu.metadataFd);
      }
    }
  }
}
