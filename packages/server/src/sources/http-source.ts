import { ErrorCode, TrimsError } from '@trims/protocol';

import { BoundedBody } from './bounded-body';
import { Fetched, OriginTimeouts, ReadLimits, Source, SourceRequest } from './source';

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
export const MAX_REDIRECTS = 5;

/**
 * http(s):// models: request headers from the load options, bounded
 * redirects, checked lengths, bodies streamed within their limit, and a
 * timeout per phase (until headers; between body pieces) that names it.
 */
export class HttpSource implements Source {
  readonly canonicalUrl: string;

  constructor(
    url: string,
    private readonly timeouts: OriginTimeouts,
  ) {
    this.canonicalUrl = new URL(url).href;
  }

  private fail(code: ErrorCode, url: string, why: string, cause?: unknown): TrimsError {
    return new TrimsError(
      code,
      `${url}: ${why}`,
      { model: this.canonicalUrl, tier: 'remote' },
      { cause },
    );
  }

  private async get(
    url: string,
    request: SourceRequest,
    method: 'GET' | 'HEAD',
  ): Promise<{ response: Response; url: string }> {
    const seen: string[] = [];
    let current = url;
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      if (seen.includes(current))
        throw this.fail(
          ErrorCode.FETCH_FAILED,
          url,
          `redirect loop: ${[...seen, current].join(' -> ')}`,
        );
      seen.push(current);
      let response: Response;
      const abort = new AbortController();
      const timer = setTimeout(() => abort.abort(), this.timeouts.headersMs);
      try {
        response = await fetch(current, {
          method,
          headers: request.headers,
          redirect: 'manual',
          signal: abort.signal,
        });
      } catch (error) {
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        const why = abort.signal.aborted
          ? `no response headers within ${this.timeouts.headersMs} ms (connect or headers phase)`
          : cause?.code === 'UND_ERR_SOCKET'
            ? 'the connection closed mid-response (truncated)'
            : cause?.code === 'UND_ERR_CONNECT_TIMEOUT' || cause?.code === 'ECONNREFUSED'
              ? 'connect failed'
              : 'request failed';
        throw this.fail(
          ErrorCode.FETCH_FAILED,
          current,
          `${why} (${cause?.code ?? cause?.message ?? (error as Error).message})`,
          error,
        );
      } finally {
        clearTimeout(timer);
      }
      if (REDIRECTS.has(response.status)) {
        const location = response.headers.get('location');
        await response.body?.cancel();
        if (!location)
          throw this.fail(
            ErrorCode.FETCH_FAILED,
            current,
            `HTTP ${response.status} without a Location`,
          );
        current = new URL(location, current).href;
        continue;
      }
      if (response.status === 404 || response.status === 410) {
        await response.body?.cancel();
        throw this.fail(ErrorCode.NOT_FOUND, current, `HTTP ${response.status}`);
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw this.fail(
          ErrorCode.FETCH_FAILED,
          current,
          `HTTP ${response.status} ${response.statusText}`,
        );
      }
      return { response, url: current };
    }
    throw this.fail(
      ErrorCode.FETCH_FAILED,
      url,
      `more than ${MAX_REDIRECTS} redirects: ${seen.join(' -> ')}`,
    );
  }

  async read(url: string, request: SourceRequest, limits: ReadLimits): Promise<Fetched> {
    const { response, url: final } = await this.get(url, request, 'GET');
    const declared = response.headers.get('content-length');
    if (declared !== null && Number(declared) > limits.maxBytes) {
      await response.body?.cancel();
      throw this.fail(
        ErrorCode.CORRUPT_MODEL,
        final,
        `declares ${declared} bytes, over its limit of ${limits.maxBytes}`,
      );
    }
    const body = new BoundedBody(limits, final, this.canonicalUrl);
    const reader = response.body?.getReader();
    try {
      for (;;) {
        let idle: NodeJS.Timeout | undefined;
        const next = await Promise.race([
          reader?.read() ?? Promise.resolve({ done: true as const, value: undefined }),
          new Promise<'idle'>(
            (resolve) => (idle = setTimeout(() => resolve('idle'), this.timeouts.idleMs)),
          ),
        ]).finally(() => clearTimeout(idle));
        if (next === 'idle')
          throw this.fail(
            ErrorCode.FETCH_FAILED,
            final,
            `no body bytes for ${this.timeouts.idleMs} ms after ${body.received} (idle phase)`,
          );
        if (next.done) break;
        body.add(next.value);
      }
    } catch (error) {
      await reader?.cancel().catch(() => undefined);
      if (error instanceof TrimsError) throw error;
      throw this.fail(
        ErrorCode.FETCH_FAILED,
        final,
        `truncated: the body broke off after ${body.received} bytes (declared ${declared ?? 'no'} content-length)`,
        error,
      );
    }
    if (declared !== null && Number(declared) !== body.received) {
      throw this.fail(
        ErrorCode.FETCH_FAILED,
        final,
        `wrong content length: declared ${declared}, received ${body.received}`,
      );
    }
    return {
      body: body.body(),
      validator: response.headers.get('etag') ?? response.headers.get('last-modified') ?? '',
    };
  }

  /** HTTP models are trusted for the cache's lifetime: no request per open (and none after a restart). */
  async unchanged(): Promise<boolean> {
    return true;
  }

  resolve(relative: string, weightPathPrefix: string | undefined): string {
    const model = new URL(this.canonicalUrl);
    const base = weightPathPrefix ? new URL(weightPathPrefix, model) : new URL('.', model);
    const shard = new URL(relative, base.href.endsWith('/') ? base : new URL(base.href + '/'));
    shard.search = model.search; // tfjs keeps the model URL's query (e.g. a token) on its shards
    return shard.href;
  }
}
