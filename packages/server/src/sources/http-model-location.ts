import { ErrorCode, TrimsError } from '@trims/protocol';

import { redactUrl } from '../redact';

/**
 * Where an HTTP model's files are, by tfjs's own rules (its http loader):
 * a shard is fetched at prefix + path + suffix, as strings, where the
 * prefix is weightPathPrefix as given, else model.json's URL up to its last
 * slash, and the suffix is the model URL's query (a token, say). Both ways:
 * a file's URL, and what the disk keeps of it instead (null for
 * model.json, else the shard's path: never the query).
 */
export class HttpModelLocation {
  /** model.json's URL, without the fragment (never sent: model.json#a and #b are one resource). */
  readonly modelUrl: string;
  /** What the catalog keys by: another weightPathPrefix is another model. */
  readonly cacheKey: string;
  private readonly prefix: string;
  private readonly suffix: string;

  constructor(url: string, weightPathPrefix: string | undefined) {
    const model = new URL(url);
    model.hash = '';
    this.modelUrl = model.href;
    const lastSlash = url.lastIndexOf('/');
    const lastQuery = url.lastIndexOf('?');
    this.prefix = weightPathPrefix || `${url.substring(0, lastSlash)}/`;
    this.suffix = lastQuery > lastSlash ? url.substring(lastQuery) : '';
    const first = URL.canParse(`${this.prefix}x`) ? new URL(`${this.prefix}x`) : undefined;
    if (first?.protocol !== 'http:' && first?.protocol !== 'https:')
      // not fetched by tfjs as a URL either (a relative prefix), or not over http(s) (data:):
      // the framework's own loader decides what that means
      throw new TrimsError(
        ErrorCode.LOAD_PRIVATELY,
        'weightPathPrefix is not an absolute http(s) URL: load it privately',
        { model: redactUrl(this.modelUrl), tier: 'remote' },
      );
    this.cacheKey = `${this.modelUrl} ${this.prefix}`;
  }

  /**
   * prefix + path + suffix, as tfjs fetches it, never URL resolution: a
   * path model.json names cannot move a shard to another origin unless the
   * prefix says so.
   */
  shardUrl(relative: string): string {
    return new URL(this.prefix + relative + this.suffix).href;
  }

  /** A file's URL from what the disk keeps of it. */
  urlOf(path: string | null): string {
    return path === null ? this.modelUrl : this.shardUrl(path);
  }

  /**
   * What the disk keeps of a file's URL; undefined when urlOf could not give
   * it back (a redirect elsewhere; or a prefix without a final slash, whose
   * shards are then kept in memory only).
   */
  pathOf(url: string): string | null | undefined {
    if (url === this.modelUrl) return null;
    if (!this.prefix.endsWith('/')) return undefined;
    const shard = new URL(url);
    shard.search = '';
    const base = new URL(this.prefix).href;
    if (!shard.href.startsWith(base)) return undefined;
    try {
      const relative = decodeURIComponent(shard.href.slice(base.length));
      return this.shardUrl(relative) === url ? relative : undefined;
    } catch {
      return undefined; // a malformed escape: not worth keeping
    }
  }
}
