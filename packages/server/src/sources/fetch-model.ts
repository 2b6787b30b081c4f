import { createHash } from 'node:crypto';

import { ErrorCode, TrimsError } from '@trims/protocol';

import { ManifestWeight, storedBytes } from '../layout/decode-weights';
import { redactUrl } from '../redact';
import { FileAccess, FileSource } from './file-source';
import type { FetchedResponse } from './stored-response';
import { HttpSettings, HttpSource } from './http-source';
import { Source, SourceRequest } from './source';

export interface LoadOptions {
  headers: Record<string, string>;
  weightPathPrefix?: string;
}

/** What one model may make the daemon read. */
export interface IngestLimits {
  modelJsonBytes: number;
  shards: number;
  /** Weight bytes in all (declared, and received). */
  totalBytes: number;
}

export interface SourceContext {
  files: FileAccess;
  http: HttpSettings;
}

/** The source of one request: attached fds for file://, the origin for http(s)://. */
export async function sourceFor(
  url: string,
  fds: number[],
  options: LoadOptions,
  peerUid: number,
  context: SourceContext,
): Promise<Source> {
  try {
    if (/^https?:\/\//i.test(url)) {
      if (fds.length > 0)
        // nothing to read through them: held, they would only cost the daemon fds
        throw new TrimsError(
          ErrorCode.BAD_REQUEST,
          `an http(s) model takes no attached files (${fds.length} came with the request)`,
          { model: redactUrl(url), tier: 'remote' },
        );
      return new HttpSource(url, options.weightPathPrefix, context.http);
    }
    if (/^file:\/\//i.test(url) || url.startsWith('/'))
      return await FileSource.open(url, fds, context.files, peerUid);
  } catch (error) {
    if (error instanceof TrimsError) throw error;
    throw new TrimsError(ErrorCode.BAD_REQUEST, `invalid URL: ${(error as Error).message}`, {
      model: redactUrl(url),
      tier: 'remote',
    });
  }
  throw new TrimsError(
    ErrorCode.BAD_REQUEST,
    'unsupported URL: use file://, an absolute path, http:// or https://',
    { model: redactUrl(url), tier: 'remote' },
  );
}

function corrupt(url: string, why: string): TrimsError {
  return new TrimsError(ErrorCode.CORRUPT_MODEL, why, { model: url, tier: 'remote' });
}

function parseModelJson(
  text: Buffer,
  url: string,
): {
  json: Record<string, unknown>;
  groups: Array<{ paths: string[]; weights: ManifestWeight[] }>;
} {
  let json: unknown;
  try {
    json = JSON.parse(text.toString('utf8'));
  } catch {
    throw corrupt(url, 'model.json is not valid JSON'); // JSON.parse's message quotes the text: never echo it
  }
  const model = json as { modelTopology?: unknown; weightsManifest?: unknown; format?: unknown };
  if (
    typeof json !== 'object' ||
    json === null ||
    typeof model.modelTopology !== 'object' ||
    model.modelTopology === null ||
    Array.isArray(model.modelTopology) ||
    !Array.isArray(model.weightsManifest)
  ) {
    throw corrupt(url, 'model.json has no modelTopology or weightsManifest');
  }
  // Both formats store weights the same way; only the client builds them differently.
  if (
    model.format !== undefined &&
    model.format !== 'graph-model' &&
    model.format !== 'layers-model'
  ) {
    throw corrupt(
      url,
      `format ${JSON.stringify(model.format)} is neither a graph model nor a layers model`,
    );
  }
  const groups = model.weightsManifest as Array<{ paths?: unknown; weights?: unknown }>;
  for (const group of groups) {
    if (
      typeof group !== 'object' ||
      group === null ||
      !Array.isArray(group.paths) ||
      !Array.isArray(group.weights) ||
      group.paths.some((p) => typeof p !== 'string')
    ) {
      throw corrupt(url, 'weightsManifest has a group without paths or weights');
    }
  }
  return {
    json: json as Record<string, unknown>,
    groups: groups as Array<{ paths: string[]; weights: ManifestWeight[] }>,
  };
}

/**
 * model.json read and checked, and where its weights are: what a
 * conversion plans the segment from before any shard is read.
 */
export interface Manifest {
  url: string;
  modelJson: Record<string, unknown>;
  weightSpecs: ManifestWeight[];
  shardUrls: string[];
  /** The weight bytes the manifest declares (string weights: known only from the data). */
  declared: number;
  hasStrings: boolean;
  /** The model's digest so far (topology and specs); the weight bytes are hashed as they arrive. */
  hash: ReturnType<typeof createHash>;
  /** http: every response's head, for the shared-cache rules (the shards' added as they come). */
  responses: FetchedResponse[];
}

/**
 * model.json by tfjs's conventions (groups in order, shards in order,
 * concatenated), within the limits: its size, the shard count and the
 * weight bytes it declares are checked before any shard is read.
 */
export async function fetchManifest(
  source: Source,
  request: SourceRequest,
  limits: IngestLimits,
  /** Told of model.json's bytes as they come (memory a conversion holds; throws to stop). */
  onBytes: (bytes: number) => void = () => undefined,
): Promise<Manifest> {
  const url = redactUrl(source.canonicalUrl);
  const responses: FetchedResponse[] = [];
  const chunks: Buffer[] = [];
  const top = await source.read(source.canonicalUrl, request, {
    maxBytes: limits.modelJsonBytes,
    onChunk: (chunk) => {
      onBytes(chunk.length);
      chunks.push(Buffer.from(chunk));
    },
  });
  if (top.head) responses.push({ url: source.canonicalUrl, head: top.head });
  const { json, groups } = parseModelJson(Buffer.concat(chunks), url);
  const shardUrls = source.shardLocations(groups.flatMap((group) => group.paths));
  if (shardUrls.length > limits.shards)
    throw corrupt(
      url,
      `model.json lists ${shardUrls.length} shards; the limit is ${limits.shards}`,
    );
  const weightSpecs = groups.flatMap((group) => group.weights);
  const sizes = weightSpecs.map((w) => storedBytes(w, url));
  const declared = sizes.reduce<number>((sum, s) => sum + (s === 'string' ? 0 : s), 0);
  if (declared > limits.totalBytes)
    throw new TrimsError(
      ErrorCode.LOAD_PRIVATELY,
      `no tier has room for the ${declared} bytes of weights the manifest declares (the limit is ${limits.totalBytes}, the largest tier): load it privately`,
      { model: url, tier: 'remote' },
    );
  const { weightsManifest: _manifest, ...rest } = json;
  void _manifest;
  const hash = createHash('sha256')
    .update(JSON.stringify(rest))
    .update('\0')
    .update(JSON.stringify(weightSpecs))
    .update('\0');
  return {
    url: source.canonicalUrl,
    modelJson: json,
    weightSpecs,
    shardUrls,
    declared,
    hasStrings: sizes.includes('string'),
    hash,
    responses,
  };
}

/**
 * Every shard in order, each piece hashed and handed to `onChunk` as it
 * arrives; a read stops at what is left of the declared total (or of the
 * limit, for string weights). Checks that the shards hold what was declared.
 */
export async function fetchWeights(
  source: Source,
  request: SourceRequest,
  manifest: Manifest,
  limits: IngestLimits,
  onChunk: (chunk: Uint8Array) => void,
): Promise<number> {
  const allowed = manifest.hasStrings ? limits.totalBytes : manifest.declared;
  let received = 0;
  for (const shard of manifest.shardUrls) {
    const { head } = await source.read(shard, request, {
      maxBytes: allowed - received,
      onChunk: (chunk) => {
        manifest.hash.update(chunk);
        onChunk(chunk);
        received += chunk.length;
      },
    });
    if (head) manifest.responses.push({ url: shard, head });
  }
  if (!manifest.hasStrings && received !== manifest.declared)
    throw corrupt(
      redactUrl(manifest.url),
      `the manifest describes ${manifest.declared} bytes of weights but the shards hold ${received}`,
    );
  return received;
}
