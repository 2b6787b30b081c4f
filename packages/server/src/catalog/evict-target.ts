import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

import { ErrorCode, TrimsError } from '@trims/protocol';

import { redactUrl } from '../redact';
import type { ModelEntry, StoreTier } from './entry';

export interface EvictTarget {
  url?: string;
  digest?: string;
  all?: boolean;
}

/** A URL as the catalog shows it (redacted), for evict by URL: compared as text, no file is looked up. */
function comparableUrl(url: string): string {
  try {
    return redactUrl(
      url.startsWith('/') ? pathToFileURL(path.resolve(url)).href : new URL(url).href,
    );
  } catch {
    return url;
  }
}

/** The models an Evict names, among those the peer may see; NOT_FOUND for a URL none of them has. */
export function modelsNamed(
  target: EvictTarget,
  visible: ModelEntry[],
  tier: StoreTier | undefined,
  /** The URLs the asker may name a model by. */
  urlsOf: (entry: ModelEntry) => string[],
): ModelEntry[] {
  if (target.all) return visible;
  if (target.digest) return visible.filter((e) => e.digest === target.digest);
  if (target.url) {
    const wanted = comparableUrl(target.url);
    const entries = visible.filter((e) => urlsOf(e).some((u) => comparableUrl(u) === wanted));
    if (entries.length === 0)
      throw new TrimsError(ErrorCode.NOT_FOUND, 'no tier holds this model', {
        model: target.url,
        tier: tier ?? 'any',
      });
    return entries;
  }
  throw new TrimsError(ErrorCode.BAD_REQUEST, 'evict needs a url, a digest or all', {
    tier: 'protocol',
  });
}
