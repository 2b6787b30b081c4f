import { ErrorCode, TrimsError } from '@trims/protocol';

import { ManifestWeight } from '../layout/decode-weights';
import { redactUrl } from '../redact';
import { FileAccess, FileSource } from './file-source';
import { HttpSettings, HttpSource } from './http-source';
import { Source, SourceRequest } from './source';

export interface LoadOptions {
  headers: Record<string, string>;
  weightPathPrefix?: string;
}

export interface FetchedModel {
  url: string;
  modelJson: Record<string, unknown>;
  weightSpecs: ManifestWeight[];
  weightData: Buffer;
}

export interface SourceContext {
  files: FileAccess;
  http: HttpSettings;
}

/** The source of one request: attached fds for file://, the origin for http(s)://. */
export function sourceFor(
  url: string,
  fds: number[],
  options: LoadOptions,
  peerUid: number,
  context: SourceContext,
): Source {
  if (/^https?:\/\//i.test(url)) return new HttpSource(url, options.weightPathPrefix, context.http);
  if (/^file:\/\//i.test(url) || url.startsWith('/'))
    return new FileSource(url, fds, context.files, peerUid);
  throw new TrimsError(
    ErrorCode.BAD_REQUEST,
    'unsupported URL: use file://, an absolute path, http:// or https://',
    { model: redactUrl(url), tier: 'remote' },
  );
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
    // JSON.parse's message quotes the text: never echo what the source holds
    throw new TrimsError(ErrorCode.CORRUPT_MODEL, 'model.json is not valid JSON', {
      model: url,
      tier: 'remote',
    });
  }
  const model = json as { modelTopology?: unknown; weightsManifest?: unknown; format?: unknown };
  if (
    typeof json !== 'object' ||
    json === null ||
    typeof model.modelTopology !== 'object' ||
    !Array.isArray(model.weightsManifest)
  ) {
    throw new TrimsError(
      ErrorCode.CORRUPT_MODEL,
      'model.json has no modelTopology or weightsManifest',
      { model: url, tier: 'remote' },
    );
  }
  if (model.format !== undefined && model.format !== 'graph-model') {
    throw new TrimsError(
      ErrorCode.CORRUPT_MODEL,
      `format ${JSON.stringify(model.format)} is not a graph model`,
      { model: url, tier: 'remote' },
    );
  }
  const groups = model.weightsManifest as Array<{ paths?: unknown; weights?: unknown }>;
  for (const group of groups) {
    if (
      !Array.isArray(group.paths) ||
      !Array.isArray(group.weights) ||
      group.paths.some((p) => typeof p !== 'string')
    ) {
      throw new TrimsError(
        ErrorCode.CORRUPT_MODEL,
        'weightsManifest has a group without paths or weights',
        { model: url, tier: 'remote' },
      );
    }
  }
  return {
    json: json as Record<string, unknown>,
    groups: groups as Array<{ paths: string[]; weights: ManifestWeight[] }>,
  };
}

/** model.json and every shard, by tfjs's conventions: groups in order, shards in order, concatenated. */
export async function fetchModel(source: Source, request: SourceRequest): Promise<FetchedModel> {
  const url = source.canonicalUrl;
  const { json, groups } = parseModelJson(await source.readModel(request), redactUrl(url));
  const shards = await source.readShards(
    groups.flatMap((group) => group.paths),
    request,
  );
  source.remember();
  return {
    url,
    modelJson: json,
    weightSpecs: groups.flatMap((group) => group.weights),
    weightData: Buffer.concat(shards),
  };
}
