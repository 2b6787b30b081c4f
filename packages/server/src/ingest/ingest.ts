import { createSealedSegment, createSealedSegmentAsync } from '@trims/native-cuda';
import { ErrorCode, TrimsError } from '@trims/protocol';

import {
  planSegment,
  SegmentPlan,
  sealContents,
  writeLayout,
  writeSegment,
} from '../layout/build-segment';
import { redactUrl } from '../redact';
import {
  ConversionAccount,
  holdMemfd,
  releaseConversion,
  reserveConversion,
} from './conversion-memory';
import { giveHeap, takeHeap } from './thread-heap';
import { codeOfFailure } from '../shortage';
import { planWeights } from '../layout/decode-weights';
import { WeightStream } from '../layout/weight-stream';
import {
  fetchManifest,
  fetchWeights,
  IngestLimits,
  LoadOptions,
  sourceFor,
} from '../sources/fetch-model';
import type { FileAccess } from '../sources/file-source';
import { HttpCache } from '../sources/http-cache';
import type { FetchedResponse } from '../sources/stored-response';
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
  /**
   * The memory it may take (reserved here for the segment, given back by
   * the caller once it is placed: endConversion), and its hold: its part of
   * it, and its memfd until it is returned.
   */
  account: ConversionAccount;
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
 * (worker) thread: the segment is laid out from model.json, the shards
 * stream into it through a writable map of a memfd (hashed as they
 * arrive, so the model is held once), then it is sealed.
 * Anything a malformed model makes throw is CORRUPT_MODEL, never INTERNAL.
 */
export async function ingest(job: IngestJob): Promise<Ingested> {
  // A connection pool per job: an idle worker thread does not run its event loop, so a
  // pooled connection the origin closed meanwhile would look alive to the next job.
  let outbound: OutboundPolicy;
  try {
    outbound = new OutboundPolicy(job.allowFetchFrom, job.timeouts); // lists this host's addresses
  } catch (error) {
    throw failedTo('fetch', error, ErrorCode.INTERNAL, job.url);
  }
  try {
    return await ingestWith(job, outbound);
  } finally {
    // destroy, not close: close waits for a connect still pending, up to its own timeout,
    // so a fetch stopped by its headers or total limit would not answer until then.
    await outbound.dispatcher.destroy();
  }
}

/**
 * The segment as planned, if it is within the limit on a model's bytes: a
 * quantized weight grows (uint8 to float32: 4x) when decoded, so the
 * declared bytes alone do not bound it. Checked before it is allocated.
 */
function withinLimit(plan: SegmentPlan, limits: IngestLimits, url: string): SegmentPlan {
  if (plan.totalBytes > limits.totalBytes)
    throw new TrimsError(
      ErrorCode.LOAD_PRIVATELY,
      `the model takes ${plan.totalBytes} bytes once its weights are decoded (the limit is ${limits.totalBytes}): load it privately`,
      { model: redactUrl(url), tier: 'remote' },
    );
  return plan;
}

/**
 * What model.json takes in memory per byte of its text until the segment is
 * planned: its chunks, their joined copy, the string and the parsed object
 * (measured 3-29x: 22x for `[{},{},...]`, 29x for nested arrays `[[[...]]]`).
 */
const MODEL_JSON_FOOTPRINT = 32;

async function ingestWith(job: IngestJob, outbound: OutboundPolicy): Promise<Ingested> {
  const source = await sourceFor(job.url, job.files, job.options, job.request.peerUid, {
    files: job.access,
    http: {
      timeouts: job.timeouts,
      outbound,
      cache: new HttpCache(), // the main thread keeps the record (from `responses`)
      defaultFreshnessMs: 0,
    },
  });
  let reserved = 0;
  const reserveBytes = (bytes: number, url: string): void => {
    reserveConversion(job.account, bytes, redactUrl(url));
    reserved += bytes;
  };
  const release = (bytes: number): void => {
    releaseConversion(job.account, bytes);
    reserved -= bytes;
  };
  let heap = 0; // of this thread's, for model.json's parse
  /** Records the memfd being filled (or, with -1, that it is closed or returned). */
  const filling = (memfd: number | undefined): void => holdMemfd(job.account.hold, memfd);
  /** The plan, its memory reserved (released below if the conversion fails). */
  const reserve = (plan: SegmentPlan, url: string): SegmentPlan => {
    reserveBytes(withinLimit(plan, job.limits, url).totalBytes, url);
    return plan;
  };
  try {
    const manifest = await fetchManifest(source, job.request, job.limits, (bytes) => {
      reserveBytes(bytes * MODEL_JSON_FOOTPRINT, job.url);
      takeHeap(bytes * MODEL_JSON_FOOTPRINT, heap, redactUrl(job.url), job.account.heapShare);
      heap += bytes * MODEL_JSON_FOOTPRINT;
    });
    const manifestBytes = reserved;
    const { weightsManifest: _manifest, ...topology } = manifest.modelJson;
    void _manifest;
    const name = (digest: string): string => `trims:${digest.slice(0, 16)}`;
    let converted: { memfd: number; digest: string; plan: SegmentPlan };
    if (manifest.hasStrings) {
      // string weights' sizes are known only from the data: it is gathered whole first
      // (held in memory as it comes: reserved as it comes)
      const chunks: Buffer[] = [];
      await fetchWeights(source, job.request, manifest, job.limits, (chunk) => {
        reserveBytes(chunk.length, manifest.url);
        chunks.push(Buffer.from(chunk));
      });
      const data = Buffer.concat(chunks);
      chunks.length = 0;
      const digest = manifest.hash.digest('hex');
      const plan = reserve(
        planSegment(topology, planWeights(manifest.weightSpecs, manifest.url, data)),
        manifest.url,
      );
      const memfd = createSealedSegment(name(digest), plan.totalBytes, (target, fd) => {
        filling(fd);
        try {
          writeSegment(plan, data, digest, target);
        } catch (error) {
          filling(undefined); // closed as this throws
          throw error;
        }
      });
      release(data.length); // the segment's bytes stay reserved, for the caller
      converted = { memfd, digest, plan };
    } else {
      // the segment is laid out from the manifest, and the shards stream into it
      const plan = reserve(
        planSegment(topology, planWeights(manifest.weightSpecs, manifest.url)),
        manifest.url,
      );
      let digest = '';
      // Named before its digest is known (the weights stream in), and a memfd is never renamed.
      const memfd = await createSealedSegmentAsync(
        'trims:segment',
        plan.totalBytes,
        async (target, fd) => {
          filling(fd);
          try {
            writeLayout(plan, target);
            const stream = new WeightStream(plan, target);
            await fetchWeights(source, job.request, manifest, job.limits, (chunk) =>
              stream.add(chunk),
            );
            digest = manifest.hash.digest('hex');
            sealContents(target, digest);
          } catch (error) {
            filling(undefined); // closed as this throws
            throw error;
          }
        },
      );
      converted = { memfd, digest, plan };
    }
    release(manifestBytes); // model.json's text is done with: the segment stays reserved
    giveHeap(heap, job.account.heapShare);
    heap = 0;
    filling(undefined); // handed over: the caller closes it
    return {
      url: manifest.url,
      digest: converted.digest,
      responses: manifest.responses,
      bytes: converted.plan.totalBytes,
      dataOffset: converted.plan.dataOffset,
      memfd: converted.memfd,
    };
  } catch (error) {
    filling(undefined); // whatever failed closed the memfd it filled (a seal that failed, too)
    release(reserved);
    giveHeap(heap, job.account.heapShare);
    if (error instanceof TrimsError) throw error;
    throw failedTo('convert', error, ErrorCode.CORRUPT_MODEL, source.canonicalUrl);
  }
}

/** A failure that is no TrimsError, as one: UNAVAILABLE when the daemon is short of something, else `otherwise`. */
function failedTo(
  doing: 'fetch' | 'convert',
  error: unknown,
  otherwise: ErrorCode,
  url: string,
): TrimsError {
  const code = codeOfFailure(error, otherwise);
  const now = code === ErrorCode.UNAVAILABLE ? ' now, the daemon is short of resources' : '';
  return new TrimsError(
    code,
    `cannot ${doing} the model${now}: ${(error as Error).message}`,
    { model: redactUrl(url), tier: 'remote' },
    { cause: error },
  );
}
