import { createSealedSegment } from '@trims/native-cuda';
import { ErrorCode, TrimsError } from '@trims/protocol';

import { planSegment, writeSegment } from '../layout/build-segment';
import { planWeights } from '../layout/decode-weights';
import { fetchModel, IngestLimits, LoadOptions, sourceFor } from '../sources/fetch-model';
import type { FileAccess } from '../sources/file-source';
import type { OriginTimeouts, SourceRequest } from '../sources/source';

/** Everything a worker needs to bring one model in (plain data: it crosses to a worker thread). */
export interface IngestJob {
  url: string;
  options: LoadOptions;
  request: SourceRequest;
  access: FileAccess;
  timeouts: OriginTimeouts;
  limits: IngestLimits;
}

/** A converted model: its identity, layout and a sealed memfd of its segment (the caller owns the fd). */
export interface Ingested {
  url: string;
  digest: string;
  validator: string;
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
  const source = sourceFor(job.url, job.access, job.timeouts);
  try {
    const fetched = await fetchModel(source, job.options, job.request, job.limits);
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
      validator: fetched.validator,
      bytes: plan.totalBytes,
      dataOffset: plan.dataOffset,
      memfd,
    };
  } catch (error) {
    if (error instanceof TrimsError) throw error;
    throw new TrimsError(
      ErrorCode.CORRUPT_MODEL,
      `cannot convert the model: ${(error as Error).message}`,
      { model: source.canonicalUrl, tier: 'remote' },
      { cause: error },
    );
  }
}
