import { ErrorCode, TrimsError } from '@trims/protocol';

import { redactUrl } from '../redact';

/**
 * Where an HTTP model's files are: model.json's URL and the base its shards
 * resolve against (tfjs's rules), and, both ways, a file's URL and what the
 * disk keeps of it instead (null for model.json, else the shard's path:
 * never the query, which may hold a token).
 */
export class HttpModelLocation {
  /** model.json's URL, without the fragment (never sent: model.json#a and #b are one resource). */
  readonly modelUrl: string;
  readonly weightBase: URL;
  /** What the catalog keys by: another weightPathPrefix is another model. */
  readonly cacheKey: string;

  constructor(url: string, weightPathPrefix: string | undefined) {
    const model = new URL(url);
    model.hash = '';
    this.modelUrl = model.href;
    const base = weightPathPrefix ? new URL(weightPathPrefix, model) : new URL('.', model);
    if (base.protocol !== 'http:' && base.protocol !== 'https:')
      // the daemon fetches http(s) only (a data: or file: prefix would be read by fetch)
      throw new TrimsError(
        ErrorCode.BAD_REQUEST,
        `weightPathPrefix is a ${base.protocol} URL: an http(s) model's weights are fetched over http(s) only`,
        { model: redactUrl(this.modelUrl), tier: 'remote' },
      );
    this.weightBase = base.href.endsWith('/') ? base : new URL(base.href + '/');
    this.cacheKey = `${this.modelUrl} ${this.weightBase.href}`;
  }

  /**
   * As tfjs does (prefix + path, as strings), never URL resolution: a path
   * model.json names cannot move a shard to another origin (an absolute
   * or `//host/` one would take the tenant's credentials there).
   */
  shardUrl(relative: string): string {
    const shard = new URL(this.weightBase.href + relative);
    shard.search = new URL(this.modelUrl).search; // tfjs keeps the model URL's query (e.g. a token) on its shards
    return shard.href;
  }

  /** A file's URL from what the disk keeps of it. */
  urlOf(path: string | null): string {
    return path === null ? this.modelUrl : this.shardUrl(path);
  }

  /** What the disk keeps of a file's URL; undefined when urlOf could not give it back (a redirect elsewhere). */
  pathOf(url: string): string | null | undefined {
    if (url === this.modelUrl) return null;
    const shard = new URL(url);
    shard.search = '';
    const base = this.weightBase.href;
    if (!shard.href.startsWith(base)) return undefined;
    try {
      const relative = decodeURIComponent(shard.href.slice(base.length));
      return this.shardUrl(relative) === url ? relative : undefined;
    } catch {
      return undefined; // a malformed escape: not worth keeping
    }
  }
}
