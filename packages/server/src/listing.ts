import { v1 } from '@trims/protocol';

/**
 * Replies that fit one socket message (REPLY_FRAME_LIMIT, 64 KiB). A reply
 * too large for one used to travel in a sealed memfd, which a peer could
 * keep open after reading: memory in the daemon's name that only that
 * peer's fd limit bounded. So a listing comes in pages, and an evict's
 * lists are cut short, with the counts in full.
 */

/** A page's models, encoded: room left for the tiers and the frame. */
export const LIST_PAGE_BYTES = 48 * 1024;
/** A model's URLs shown in a listing (an admin sees every tenant's): the rest are counted. */
export const LIST_URL_CHARS = 16 * 1024;
/** Digests an evict's reply names in each of its lists (67 bytes each, encoded). */
export const EVICT_REPLY_DIGESTS = 256;

/** URLs up to LIST_URL_CHARS (at least the first), and how many more there are. */
export function shownUrls(urls: string[]): { urls: string[]; moreUrls: number } {
  let chars = 0;
  let shown = 0;
  while (shown < urls.length && (shown === 0 || chars + urls[shown]!.length <= LIST_URL_CHARS))
    chars += urls[shown++]!.length;
  return { urls: urls.slice(0, shown), moreUrls: urls.length - shown };
}

/**
 * The first page of `models` (in digest order, after the one asked for):
 * as many as fit LIST_PAGE_BYTES (one at least), and the digest to ask
 * after for the next page ("" when this is the last).
 */
export function listPage<T>(
  models: Iterable<T>,
  infoOf: (model: T) => v1.IModelInfo & { digest: string },
): { models: v1.IModelInfo[]; next: string } {
  const page: Array<v1.IModelInfo & { digest: string }> = [];
  let bytes = 0;
  for (const model of models) {
    const info = infoOf(model);
    const size = v1.ModelInfo.encode(info).len + 8; // its tag and length
    if (page.length > 0 && bytes + size > LIST_PAGE_BYTES)
      return { models: page, next: page[page.length - 1]!.digest };
    page.push(info);
    bytes += size;
  }
  return { models: page, next: '' };
}

/** An evict's reply: its lists cut at EVICT_REPLY_DIGESTS, counted in full. */
export function evictReply(outcome: { evicted: string[]; kept: string[] }): v1.IEvictReply {
  return {
    evicted: outcome.evicted.slice(0, EVICT_REPLY_DIGESTS),
    kept: outcome.kept.slice(0, EVICT_REPLY_DIGESTS),
    evictedCount: outcome.evicted.length,
    keptCount: outcome.kept.length,
  };
}
