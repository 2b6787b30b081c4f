import { ErrorCode, TrimsError } from '@trims/protocol';
import { fetch, Response } from 'undici';

import { redactUrl } from '../redact';
import { bodyCoding, CODINGS_DECODED } from './content-coding';
import { HttpCache } from './http-cache';
import {
  FetchedResponse,
  persistable,
  ResponseHead,
  storeResponse,
  usableWithoutOrigin,
} from './stored-response';
import { askIfUnchanged, headersOf } from './conditional-request';
import type { PerUidSlots } from './per-uid-slots';
import { withoutCredentials } from './request-headers';
import { HttpModelLocation } from './http-model-location';
import { OutboundPolicy } from './outbound-policy';
import { BoundedBody } from './bounded-body';
import { FetchDeadline, nextPiece } from './fetch-deadline';
import { fetchFailure } from './fetch-failure';
import { Fetched, OriginTimeouts, ReadLimits, Source, SourceRequest } from './source';

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
export const MAX_REDIRECTS = 5;
/** Conditional requests of one revalidation in flight at once. */
const REVALIDATIONS_AT_ONCE = 8;

export interface HttpSettings {
  timeouts: OriginTimeouts;
  outbound: OutboundPolicy;
  /** The daemon's record of stored responses (the main thread's; a worker that only fetches has its own, unused). */
  cache: HttpCache;
  /** How long a response without Cache-Control lifetime or Expires is served before it is revalidated. */
  defaultFreshnessMs: number;
  /** Revalidations one uid may have asking origins at once (the main thread's; a worker's has none). */
  revalidations?: PerUidSlots;
  /** Aborted when the daemon stops asking origins (a drain out of time; the main thread's only). */
  stopped?: AbortSignal;
}

/**
 * http(s):// models as a shared HTTP cache (RFC 9111) serves them: each Open
 * either reuses responses the origin allowed to share while fresh, or asks
 * the origin with that Open's own headers (a conditional request: 304 is
 * proof of access, 401/403 is ACCESS_DENIED). A model is its model.json URL
 * and the base its shards resolve against: another weightPathPrefix is
 * another model.
 */
export class HttpSource implements Source {
  readonly canonicalUrl: string;
  readonly cacheKey: string;
  private readonly location: HttpModelLocation;
  /** The time limits of what this source is doing now: its fetch, or one revalidation. */
  private clock: FetchDeadline;

  constructor(
    url: string,
    weightPathPrefix: string | undefined,
    private readonly settings: HttpSettings,
  ) {
    this.location = new HttpModelLocation(url, weightPathPrefix);
    this.clock = new FetchDeadline(settings.timeouts);
    this.canonicalUrl = this.location.modelUrl;
    this.cacheKey = this.location.cacheKey;
  }

  private fail(code: ErrorCode, url: string, why: string, cause?: unknown): TrimsError {
    return new TrimsError(
      code,
      `${redactUrl(url)}: ${why}`,
      { model: redactUrl(this.canonicalUrl), tier: 'remote' },
      { cause },
    );
  }

  private notFoundOrRefused(url: string, cause?: unknown): TrimsError {
    return this.fail(
      ErrorCode.NOT_FOUND,
      url,
      // The same words either way (no oracle), with what an operator can change.
      'not found, or not an origin this daemon may fetch from (loopback, private, link-local, metadata and its own addresses are refused unless its --allow-fetch-from allows them)',
      cause,
    );
  }

  /** One GET, redirects followed by hand: each hop checked against the outbound policy, credentials dropped across origins. */
  private async get(
    url: string,
    headers: Record<string, string>,
  ): Promise<{ response: Response; url: string }> {
    const seen: string[] = [];
    let current = url;
    let sent = headers;
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      if (seen.includes(current))
        throw this.fail(ErrorCode.FETCH_FAILED, url, `redirect loop after ${seen.length} hops`);
      seen.push(current);
      if (!this.settings.outbound.permitsUrl(new URL(current)))
        throw this.notFoundOrRefused(current);
      let response: Response;
      const abort = new AbortController();
      const wait = this.clock.wait('headersMs');
      const timer = setTimeout(() => abort.abort(), wait.ms);
      const stop = (): void => abort.abort(); // not AbortSignal.any: a long-lived signal keeps every one made
      this.settings.stopped?.addEventListener('abort', stop);
      try {
        response = await fetch(current, {
          headers: sent,
          redirect: 'manual',
          signal: abort.signal,
          dispatcher: this.settings.outbound.dispatcher,
        });
      } catch (error) {
        if (this.settings.stopped?.aborted)
          throw this.fail(ErrorCode.SHUTTING_DOWN, current, 'the daemon is shutting down', error);
        const failure = fetchFailure(error, abort.signal.aborted ? wait : undefined, this.clock);
        if (failure === 'refused') throw this.notFoundOrRefused(current, error);
        throw this.fail(ErrorCode.FETCH_FAILED, current, failure, error);
      } finally {
        clearTimeout(timer);
        this.settings.stopped?.removeEventListener('abort', stop);
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
        const next = URL.canParse(location, current) ? new URL(location, current) : undefined;
        // Not echoed: what an origin puts in a header is not passed on to a tenant.
        if (next === undefined || (next.protocol !== 'http:' && next.protocol !== 'https:'))
          throw this.fail(
            ErrorCode.FETCH_FAILED,
            current,
            `HTTP ${response.status} to a Location that is not an http(s) URL`,
          );
        if (next.origin !== new URL(current).origin) sent = withoutCredentials(sent);
        current = next.href;
        continue;
      }
      if (response.status === 304 || response.ok) return { response, url: current };
      await response.body?.cancel(); // never read, never echoed
      if (response.status === 401 || response.status === 403)
        throw this.fail(
          ErrorCode.ACCESS_DENIED,
          current,
          `the origin refused this request (HTTP ${response.status})`,
        );
      if (response.status === 404 || response.status === 410) throw this.notFoundOrRefused(current);
      throw this.fail(ErrorCode.FETCH_FAILED, current, `HTTP ${response.status}`);
    }
    throw this.fail(ErrorCode.FETCH_FAILED, url, `more than ${MAX_REDIRECTS} redirects`);
  }

  /** One response body, streamed within its limit, with a timeout between pieces; its head is kept for the cache rules. */
  async read(url: string, request: SourceRequest, limits: ReadLimits): Promise<Fetched> {
    const { response, url: final } = await this.get(url, request.headers);
    if (response.status === 304) {
      await response.body?.cancel();
      throw this.fail(ErrorCode.FETCH_FAILED, final, 'HTTP 304 to an unconditional request');
    }
    const head: ResponseHead = { status: response.status, headers: headersOf(response) };
    if (storeResponse(url, request.headers, head) === undefined) {
      await response.body?.cancel();
      throw this.fail(
        ErrorCode.LOAD_PRIVATELY,
        final,
        'the origin forbids shared caches to keep it (Cache-Control private or no-store): load it privately',
      );
    }
    const coding = bodyCoding(response.headers.get('content-encoding'));
    if (coding === 'unsupported') {
      await response.body?.cancel();
      // the coding is not echoed: what an origin puts in a header is not passed on to a tenant
      throw this.fail(
        ErrorCode.FETCH_FAILED,
        final,
        `a Content-Encoding the daemon cannot decode (it decodes ${CODINGS_DECODED.join(', ')} and identity)`,
      );
    }
    // fetch decodes gzip, deflate and br: Content-Length then counts the encoded bytes, not the body
    // read here, and only the limit (on the decoded bytes, as they arrive) bounds what is read
    const length = response.headers.get('content-length');
    const declared = coding === 'identity' ? length : null;
    if (declared !== null && Number(declared) > limits.maxBytes) {
      await response.body?.cancel();
      throw this.fail(
        ErrorCode.CORRUPT_MODEL,
        final,
        `declares ${declared} bytes, over its limit of ${limits.maxBytes}`,
      );
    }
    const body = new BoundedBody(limits, redactUrl(final), redactUrl(this.canonicalUrl));
    const reader = response.body?.getReader();
    const idleMs = this.settings.timeouts.idleMs;
    try {
      for (;;) {
        const wait = this.clock.wait('idleMs');
        const next = await nextPiece(reader, wait.ms);
        if (next === 'timeout' && wait.total)
          throw this.fail(
            ErrorCode.FETCH_FAILED,
            final,
            this.clock.exceeded(`${body.received} bytes into this response`),
          );
        if (next === 'timeout')
          throw this.fail(
            ErrorCode.FETCH_FAILED,
            final,
            `no body bytes for ${idleMs} ms after ${body.received} (idle phase)`,
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
        `truncated: the body broke off after ${body.received} ${coding === 'decoded' ? 'decoded ' : ''}bytes (declared ${length ?? 'no'} content-length)`,
        error,
      );
    }
    if (declared !== null && Number(declared) !== body.received)
      throw this.fail(
        ErrorCode.FETCH_FAILED,
        final,
        `wrong content length: declared ${declared}, received ${body.received}`,
      );
    return { body: body.body(), head };
  }

  shardLocations(paths: string[]): string[] {
    return paths.map((p) => this.location.shardUrl(p));
  }

  /** After a whole fetch (main thread): keeps what later revalidation needs, on disk too when every response may be. */
  remember(responses: FetchedResponse[], request: SourceRequest, digest: string): void {
    const stored = responses.map(({ url, head }) => storeResponse(url, request.headers, head)!);
    const persisted = stored.map((response) => {
      const path = this.location.pathOf(response.url);
      return path === undefined ? undefined : persistable(response, path);
    });
    const all = persisted.every((response) => response !== undefined);
    this.settings.cache.set(this.cacheKey, digest, stored, all ? persisted : undefined);
  }

  /**
   * A cached model for this Open: true when every response may be reused,
   * as is or after the origin answered this Open's conditional request with
   * 304; false when the origin has something new (fetch again), or nothing
   * is known. Refusals by the origin are thrown.
   */
  async revalidate(request: SourceRequest, digest: string): Promise<boolean> {
    // Its own time: an Open may revalidate again after waiting for another's fetch of the model.
    this.clock = new FetchDeadline(this.settings.timeouts);
    const stored = this.settings.cache.responsesOf(this.cacheKey, digest, (path) =>
      this.location.urlOf(path),
    );
    if (stored === undefined) return false;
    const asking = stored.flatMap((response, index) =>
      usableWithoutOrigin(response, request.headers, this.settings.defaultFreshnessMs)
        ? []
        : [index],
    );
    if (asking.length === 0) return true;
    const release = this.settings.revalidations?.take(request.peerUid, this.canonicalUrl);
    try {
      // A few at once: a model of many shards must not open a socket per shard together.
      for (let at = 0; at < asking.length; at += REVALIDATIONS_AT_ONCE) {
        // Settled, all of them, before the next batch or the slot goes: a failure does not
        // leave its siblings' requests open uncounted.
        const settled = await Promise.allSettled(
          asking.slice(at, at + REVALIDATIONS_AT_ONCE).map(async (index) => {
            const renewed = await askIfUnchanged(
              (url, headers) => this.get(url, headers),
              stored[index]!,
              request,
            );
            if (renewed !== undefined) stored[index] = renewed;
            return renewed !== undefined;
          }),
        );
        const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
        if (failed !== undefined) throw failed.reason;
        if (settled.some((r) => r.status === 'fulfilled' && !r.value)) return false; // something new: fetched again
      }
      return true;
    } finally {
      release?.();
    }
  }
}
