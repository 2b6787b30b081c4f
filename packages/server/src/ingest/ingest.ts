import { createSealedSegment } from '@trims/native-cuda';
import { ErrorCode, TrimsError } from '@trims/protocol';

import { planSegment, writeSegment } from '../layout/build-segment';
import { redactUrl } from '../redact';
import { planWeights } from '../layout/decode-weights';
import { fetchModel, IngestLimits, LoadOptions, sourceFor } from '../sources/fetch-model';
import type { FileAccess } from '../sources/file-source';
import { FetchedResponse, HttpCache } from '../sources/http-cache';
import { OutboundPolicy } from '../sources/outbound-policy';
import type { OriginTimeouts, SourceRequest } from '../sources/source';

/** Everything a worker needs to bring one model in (plain data: it crosses to a worker thread). */
export interface IngestJob {
  url: string;
  /** file://: the client's attached fds (process-wide numbers: a worker reads them as they are). */
  files: number[];
  options: LoadOptions;
  request: SourceRequest;
  access: FileAccess;
  /** The outbound policy's allowances (--allow-fetch-from). */
  allowFetchFrom: string[];
  timeouts: OriginTimeouts;
  limits: IngestLimits;
}

/** A converted model: its identity, layout and a sealed memfd of its segment (the caller owns the fd). */
export interface Ingested {
  url: string;
  digest: string;
  responses: FetchedResponse[];
  bytes: number;
  dataOffset: number;
  memfd: number;
}

/**
 * fetch -> validate -> decode -> digest -> segment, all in the calling
 * (worker) thread: the shards stream in and are hashed as they arrive, the
 * segment is filled through a writable map of a memfd, then sealed.
 * Anything a malformed model makes throw is CORRUPT_MODEL, never INTERNAL.
 */
export async function ingest(job: IngestJob): Promise<Ingested> {
  // A connection pool per job: an idle worker thread does not run its event loop, so a
  // pooled connection the origin closed meanwhile would look alive to the next job.
  const outbound = new OutboundPolicy(job.allowFetchFrom, job.timeouts);
  try {
    return await ingestWith(job, outbound);
  } finally {
    // destroy, not close: close waits for a connect still pending, up to its own timeout,
    // so a fetch stopped by its headers or total limit would not answer until then.
    await outbound.dispatcher.destroy();
  }
}

async function ingestWith(job: IngestJob, outbound: OutboundPolicy): Promise<Ingested> {
  const source = sourceFor(job.url, job.files, job.options, job.request.peerUid, {
    files: job.access,
    http: {
      timeouts: job.timeouts,
      outbound,
      cache: new HttpCache(), // the main thread keeps the record (from `responses`)
      defaultFreshnessMs: 0,
    },
  });
  try {
    const fetched = await fetchModel(source, job.request, job.limits);
    const plans = planWeights(fetched.weightSpecs, fetched.weightData, fetched.url);
    const { weightsManifest: _manifest, ...topology } = fetched.modelJson;
    void _manifest;
    const plan = planSegment(topology, plans);
    const memfd = createSealedSegment(
      `trims:${fetched.digest.slice(0, 16)}`,
      plan.totalBytes,
      (target) => writeSegment(plan, fetched.weightData, fetched.digest, target),
    );
    return {
      url: fetched.url,
      digest: fetched.digest,
      responses: fetched.responses,
      bytes: plan.totalBytes,
      dataOffset: plan.dataOffset,
      memfd,
    };
  } catch (error) {
    if (error instanceof TrimsError) throw error;
    throw new TrimsError(
      ErrorCode.CORRUPT_MODEL,
      `cannot convert the model: ${(error as Error).message}`,
      { model: redactUrl(source.canonicalUrl), tier: 'remote' },
      { cause: error },
    );
  }
}
