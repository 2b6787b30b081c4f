import { ErrorCode, TrimsError } from '@trims/protocol';

import { ManifestWeight } from '../layout/decode-weights';
import { FileAccess, FileSource } from './file-source';
import { HttpSource } from './http-source';
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
  validator: string;
}

export function sourceFor(url: string, access: FileAccess, timeoutMs: number): Source {
  if (/^https?:\/\//i.test(url)) return new HttpSource(url, timeoutMs);
  if (/^file:\/\//i.test(url) || url.startsWith('/')) return new FileSource(url, access);
  throw new TrimsError(
    ErrorCode.BAD_REQUEST,
    `unsupported URL ${JSON.stringify(url)}: use file://, an absolute path, http:// or https://`,
    {
      model: url,
      tier: 'remote',
    },
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
  } catch (error) {
    throw new TrimsError(
      ErrorCode.CORRUPT_MODEL,
      `model.json is not JSON (${(error as Error).message})`,
      { model: url, tier: 'remote' },
    );
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
  // Both formats store weights the same way; only the client builds them differently.
  if (
    model.format !== undefined &&
    model.format !== 'graph-model' &&
    model.format !== 'layers-model'
  ) {
    throw new TrimsError(
      ErrorCode.CORRUPT_MODEL,
      `format ${JSON.stringify(model.format)} is neither a graph model nor a layers model`,
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
export async function fetchModel(
  source: Source,
  options: LoadOptions,
  request: SourceRequest,
): Promise<FetchedModel> {
  const url = source.canonicalUrl;
  const top = await source.read(url, request);
  const { json, groups } = parseModelJson(top.body, url);
  const shardUrls = groups.flatMap((group) =>
    group.paths.map((p) => source.resolve(p, options.weightPathPrefix)),
  );
  const shards = await Promise.all(
    shardUrls.map((shard) => source.read(shard, request).then((fetched) => fetched.body)),
  );
  return {
    url,
    modelJson: json,
    weightSpecs: groups.flatMap((group) => group.weights),
    weightData: Buffer.concat(shards),
    validator: top.validator,
  };
}
