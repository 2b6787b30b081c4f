import * as fs from 'node:fs';

import type { Logger } from 'pino';

import type { Catalog } from '../catalog/catalog';
import { ModelEntry } from '../catalog/entry';
import { SingleFlight } from '../catalog/single-flight';
import type { ManagerConfig } from '../manager-config';
import type { Peer } from '../model-manager';
import type { Placement } from '../placement';
import { redactUrl } from '../redact';
import { LoadOptions, SourceContext, sourceFor } from '../sources/fetch-model';
import { HttpCache } from '../sources/http-cache';
import { OutboundPolicy } from '../sources/outbound-policy';
import { PerUidSlots } from '../sources/per-uid-slots';
import type { Source, SourceRequest } from '../sources/source';
import type { Counters } from '../stats';
import type { SegmentWorkers } from '../tiers/segment-workers';
import {
  ConversionAccount,
  conversionHold,
  ConversionMemory,
  conversionMemory,
  convertingBytes,
  endConversion,
} from './conversion-memory';

const never = (): Promise<ModelEntry> => Promise.reject(new Error('joined a finished flight'));

/**
 * Request -> model: the catalog when a tier holds it and this request
 * proved access (its own fds, or the origin's answer to its own headers),
 * else one conversion in a worker thread for all concurrent askers (each
 * uid may start only so many at once), placed in a tier. A request that
 * joined another's conversion proves access as a hit does.
 */
export class Resolver {
  private readonly flights = new SingleFlight<ModelEntry>();
  private readonly coldOpens: PerUidSlots;
  private readonly conversions: ConversionMemory;
  /** Each uid's conversions in flight, while it has any (admins' are not counted apart). */
  private readonly shares = new Map<number, { memory: ConversionMemory; users: number }>();
  /** Aborted by stop(): revalidations asking origins fail SHUTTING_DOWN. */
  private readonly stopping = new AbortController();

  constructor(
    private readonly config: ManagerConfig,
    adminUids: readonly number[],
    private readonly catalog: Catalog,
    private readonly placement: Placement,
    private readonly workers: SegmentWorkers,
    private readonly counters: Counters,
    private readonly log: Logger,
    /** Before a new model is placed for a uid (its share of the cache); throws to refuse. */
    private readonly beforeAdmit: (entry: ModelEntry, uid: number, model: string) => void,
    /** The bytes of the host tier a uid's models may take (undefined: no bound, an admin). */
    private readonly hostShareOf: (uid: number) => number | undefined,
  ) {
    this.conversions = conversionMemory(config.hostBudget);
    this.coldOpens = new PerUidSlots(config.coldOpensPerUid, 'models being fetched');
    this.sources = {
      files: {
        // the kernel names open files by their real path: compare against real roots
        allowedRoots: config.allowRoots.map((root) =>
          fs.existsSync(root) ? fs.realpathSync(root) : root,
        ),
        adminUids,
      },
      http: {
        timeouts: config.originTimeouts,
        outbound: new OutboundPolicy(config.allowFetchFrom, config.originTimeouts),
        cache: new HttpCache(catalog.validators),
        defaultFreshnessMs: config.httpFreshnessMs,
        revalidations: new PerUidSlots(config.coldOpensPerUid, 'revalidations in flight'),
        stopped: this.stopping.signal,
      },
    };
  }

  private readonly sources: SourceContext;

  /**
   * The entry of this request's model (for files, `files` are the client's
   * fds of model.json and its shards), and its URL as shown (the source's
   * own: for a file, the name the kernel gives the fd, not the text the
   * client sent, which nothing checks).
   */
  async resolve(
    url: string,
    options: LoadOptions,
    peer: Peer,
    files: number[],
  ): Promise<{ entry: ModelEntry; fetched: boolean; shownUrl: string }> {
    const source = await sourceFor(url, files, options, peer.uid, this.sources);
    const shownUrl = redactUrl(source.canonicalUrl);
    const request = { headers: options.headers, peerUid: peer.uid };
    const cached = async (): Promise<ModelEntry | undefined> => {
      const known = this.catalog.byKey(source.cacheKey);
      if (known?.demoting !== undefined) await known.demoting; // its device copy is on its way to host memory
      if (known === undefined || known.tiers().length === 0) return undefined;
      return (await source.revalidate(request, known.digest)) ? known : undefined;
    };
    const known = await cached();
    if (known !== undefined) return { entry: known, fetched: false, shownUrl };
    const key = source.cacheKey;
    if (this.flights.has(key)) {
      await this.flights.run(key, never).catch(() => undefined); // its failure was its requester's
      const proven = await cached();
      if (proven !== undefined) return { entry: proven, fetched: true, shownUrl };
    }
    const release = this.coldOpens.take(peer.uid, url);
    try {
      const entry = await this.flights.run(key, () =>
        this.convert(source, files, options, request),
      );
      return { entry, fetched: true, shownUrl };
    } finally {
      release();
    }
  }

  private async convert(
    source: Source,
    files: number[],
    options: LoadOptions,
    request: SourceRequest,
  ): Promise<ModelEntry> {
    const account = this.account(request.peerUid);
    const ingested = await this.workers
      .ingest({
        url: source.canonicalUrl,
        files,
        options,
        request,
        access: this.sources.files,
        allowFetchFrom: this.config.allowFetchFrom,
        timeouts: this.config.originTimeouts,
        limits: this.config.ingestLimits,
        account,
      })
      .catch((error: unknown) => {
        this.endConversion(account, request.peerUid); // its thread may have died with the conversion
        throw error;
      });
    try {
      this.counters.fetches++;
      const { digest } = ingested;
      const shown = redactUrl(ingested.url);
      source.remember(ingested.responses, request, digest);
      this.catalog.remember(source.cacheKey, { digest, url: shown });
      const existing = this.catalog.get(digest);
      if (existing?.demoting !== undefined) await existing.demoting; // on its way from the gpu to host memory
      if (existing?.diskWrite !== undefined) await existing.diskWrite; // on its way to disk
      if (existing !== undefined && existing.tiers().length > 0) return existing; // the same model under another URL
      this.counters.conversions++;
      const entry = new ModelEntry(digest, ingested.bytes);
      entry.dataOffset = ingested.dataOffset;
      this.catalog.add(entry);
      entry.urls.add(shown);
      try {
        this.beforeAdmit(entry, request.peerUid, shown);
        await this.placement.place(entry, ingested.memfd, shown);
      } catch (error) {
        this.catalog.forget(entry);
        throw error;
      }
      this.log.info(
        { model: shown, digest, bytes: entry.bytes, tiers: entry.tiers() },
        'model fetched and converted',
      );
      return entry;
    } finally {
      fs.close(ingested.memfd, () => undefined); // maybe the last reference: its pages are freed off the event loop
      this.endConversion(account, request.peerUid); // placed (counted by its tier), or gone
    }
  }

  /** What a conversion for `uid` may reserve: everyone's count, and its uid's share. */
  private account(uid: number): ConversionAccount {
    const limit = this.hostShareOf(uid);
    const hold = conversionHold();
    if (limit === undefined) return { memory: this.conversions, hold };
    const share = this.shares.get(uid) ?? { memory: conversionMemory(limit, uid), users: 0 };
    share.users++;
    this.shares.set(uid, share);
    const heapShare = { uid, fraction: this.config.uidShare };
    return { memory: this.conversions, share: share.memory, heapShare, hold };
  }

  private endConversion(account: ConversionAccount, uid: number): void {
    endConversion(account);
    const share = this.shares.get(uid);
    if (share !== undefined && --share.users === 0) this.shares.delete(uid);
  }

  /** Bytes reserved by conversions in flight (their model.json's parse, their segments being filled). */
  get convertingBytes(): number {
    return convertingBytes(this.conversions);
  }

  /** Fails every fetch and revalidation in flight, and any to come, SHUTTING_DOWN (a drain out of time). */
  stop(): void {
    this.stopping.abort();
    void this.workers.stopConversions();
  }
}
