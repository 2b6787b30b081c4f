import * as fs from 'node:fs';

import { ErrorCode, TrimsError } from '@trims/protocol';
import type { Logger } from 'pino';

import type { Catalog } from '../catalog/catalog';
import { ModelEntry } from '../catalog/entry';
import { SingleFlight } from '../catalog/single-flight';
import type { ManagerConfig, Peer } from '../model-manager';
import type { Placement } from '../placement';
import { LoadOptions, sourceFor } from '../sources/fetch-model';
import type { SourceRequest } from '../sources/source';
import type { Counters } from '../stats';
import type { SegmentWorkers } from '../tiers/segment-workers';

const never = (): Promise<ModelEntry> => Promise.reject(new Error('joined a finished flight'));

/**
 * URL -> model: the catalog when a tier holds it and its origin did not
 * change, else one conversion in a worker thread for all concurrent askers
 * (each uid may start only so many at once), placed in a tier.
 */
export class Resolver {
  private readonly flights = new SingleFlight<ModelEntry>();
  private readonly coldOpens = new Map<number, number>();

  constructor(
    private readonly config: ManagerConfig,
    private readonly daemonUid: number,
    private readonly catalog: Catalog,
    private readonly placement: Placement,
    private readonly workers: SegmentWorkers,
    private readonly counters: Counters,
    private readonly log: Logger,
  ) {}

  source(url: string): ReturnType<typeof sourceFor> {
    return sourceFor(
      url,
      { allowedRoots: this.config.allowRoots, daemonUid: this.daemonUid },
      this.config.originTimeouts,
    );
  }

  /** The entry of a URL, converting it in a worker when no tier holds it (once for concurrent callers). */
  async resolve(
    url: string,
    options: LoadOptions,
    peer: Peer,
  ): Promise<{ entry: ModelEntry; fetched: boolean }> {
    const source = this.source(url);
    const request = { headers: options.headers, peerUid: peer.uid };
    const known = this.catalog.byUrl(source.canonicalUrl);
    if (
      known.entry !== undefined &&
      known.entry.tiers().length > 0 &&
      (await source.unchanged(known.alias!.validator, request))
    )
      return { entry: known.entry, fetched: false };
    const key = source.canonicalUrl;
    if (this.flights.has(key)) return { entry: await this.flights.run(key, never), fetched: true };
    const cold = this.coldOpens.get(peer.uid) ?? 0;
    if (cold >= this.config.coldOpensPerUid)
      throw new TrimsError(
        ErrorCode.UNAVAILABLE,
        `uid ${peer.uid} already has ${cold} models being fetched (the limit): retry when one is done`,
        { model: url, tier: 'remote' },
      );
    this.coldOpens.set(peer.uid, cold + 1);
    try {
      const entry = await this.flights.run(source.canonicalUrl, () =>
        this.convert(source.canonicalUrl, options, request),
      );
      return { entry, fetched: true };
    } finally {
      const left = (this.coldOpens.get(peer.uid) ?? 1) - 1;
      if (left > 0) this.coldOpens.set(peer.uid, left);
      else this.coldOpens.delete(peer.uid);
    }
  }

  private async convert(
    url: string,
    options: LoadOptions,
    request: SourceRequest,
  ): Promise<ModelEntry> {
    const ingested = await this.workers.ingest({
      url,
      options,
      request,
      access: { allowedRoots: this.config.allowRoots, daemonUid: this.daemonUid },
      timeouts: this.config.originTimeouts,
      limits: this.config.ingestLimits,
    });
    try {
      this.counters.fetches++;
      const { digest } = ingested;
      this.catalog.remember(ingested.url, { digest, validator: ingested.validator });
      const existing = this.catalog.get(digest);
      if (existing !== undefined && existing.tiers().length > 0) return existing; // the same model under another URL
      this.counters.conversions++;
      const entry = new ModelEntry(digest, ingested.bytes);
      entry.dataOffset = ingested.dataOffset;
      this.catalog.add(entry);
      entry.urls.add(ingested.url);
      try {
        await this.placement.place(entry, ingested.memfd, ingested.url);
      } catch (error) {
        this.catalog.forget(entry);
        throw error;
      }
      this.log.info(
        { model: ingested.url, digest, bytes: entry.bytes, tiers: entry.tiers() },
        'model fetched and converted',
      );
      return entry;
    } finally {
      fs.close(ingested.memfd, () => undefined); // maybe the last reference: its pages are freed off the event loop
    }
  }

  settled(): Promise<void> {
    return this.flights.settled();
  }
}
