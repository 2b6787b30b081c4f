/**
 * What RFC 9111 lets a shared cache do with each response behind a cached
 * HTTP model: store it, reuse it unasked, take a 304 as proof, and keep it
 * on disk (bounded, without secrets).
 */
import CachePolicy from 'http-cache-semantics';

import {
  credentialsOf,
  isCredentialFree,
  lowerCaseHeaders,
  varyNames,
  withoutCredentials,
} from './request-headers';

/**
 * Whether a response fetched with these request headers may serve another
 * request unasked. Not when the request carried a header that may be a
 * credential, except Authorization alone under a response that allows a
 * shared cache to reuse it (public, s-maxage, must-revalidate: RFC 9111
 * §3.5 gives them that meaning for Authorization only, no other header).
 * Never when the response varies on such a header, or on everything
 * (Vary: *): the stored policy keeps no credential to match against.
 */
function shareableFor(
  url: string,
  requestHeaders: Record<string, string>,
  response: ResponseHead,
): boolean {
  if (varyNames(response.headers.vary).some((name) => name === '*' || !isCredentialFree(name)))
    return false;
  const credentials = Object.keys(credentialsOf(requestHeaders));
  if (credentials.length === 0) return true;
  if (credentials.some((name) => name !== 'authorization')) return false;
  const authenticated = { url, method: 'GET', headers: { authorization: '-' } };
  return new CachePolicy(authenticated, response, { shared: true }).storable();
}

/** One stored response (model.json or a shard) and what RFC 9111 lets a shared cache do with it. */
export interface StoredResponse {
  url: string;
  /** Built from the request's credential-free headers alone (no secret kept), so that it yields validators for any later request. */
  policy: CachePolicy;
  /** May serve other requests while fresh, unasked (see shareableFor). */
  shareable: boolean;
  /** No max-age, s-maxage or Expires: fresh for the daemon's default lifetime. */
  explicitLifetime: boolean;
  storedAt: number;
}

export interface ResponseHead {
  status: number;
  headers: Record<string, string>;
}

/** What a fetch brings back for the cache rules (plain data: it crosses from the ingest worker). */
export interface FetchedResponse {
  url: string;
  head: ResponseHead;
}

/** A kept header's longest value: an origin's padding is not kept per URL. */
const MAX_KEPT_CHARS = 1024;
/** What an overlong value of these is kept as: the strictest reading, never a looser one. */
const OVERLONG: Record<string, string> = {
  vary: '*',
  'cache-control': 'no-store',
  pragma: 'no-cache',
};

/** The response headers a stored policy reads, each bounded; the rest are not kept. */
function keptHeaders(headers: Record<string, string>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (PRESENCE_ONLY_HEADERS.includes(name)) kept[name] = '-';
    else if (name !== 'vary' && !KEPT_RESPONSE_HEADERS.includes(name)) continue;
    else if (value.length <= MAX_KEPT_CHARS) kept[name] = value;
    else if (OVERLONG[name] !== undefined) kept[name] = OVERLONG[name];
  }
  return kept;
}

/** What the response allows, or undefined when a shared cache must not store it at all (private, no-store). */
export function storeResponse(
  url: string,
  requestHeaders: Record<string, string>,
  response: ResponseHead,
): StoredResponse | undefined {
  const anonymous = {
    url,
    method: 'GET',
    headers: lowerCaseHeaders(withoutCredentials(requestHeaders)),
  };
  const policy = new CachePolicy(
    anonymous,
    { ...response, headers: keptHeaders(response.headers) },
    { shared: true },
  );
  if (!policy.storable()) return undefined;
  const cc = response.headers['cache-control'] ?? '';
  return {
    url,
    policy,
    shareable: shareableFor(url, requestHeaders, response),
    explicitLifetime: /max-age|s-maxage/i.test(cc) || response.headers.expires !== undefined,
    storedAt: Date.now(),
  };
}

/** Whether the request has the values of the (credential-free) headers the stored response varies on. */
function varyMatches(stored: StoredResponse, request: Record<string, string>): boolean {
  const names = varyNames(stored.policy.responseHeaders().vary?.toString());
  if (names.length === 0) return true;
  const kept = stored.policy.toObject().reqh ?? {};
  return names.every((name) => kept[name] === request[name]);
}

/** Whether a stored response may answer this request without asking the origin. */
export function usableWithoutOrigin(
  stored: StoredResponse,
  requestHeaders: Record<string, string>,
  defaultFreshnessMs: number,
): boolean {
  if (!stored.shareable) return false; // credentialed: the origin decides, for every Open
  const headers = lowerCaseHeaders(requestHeaders);
  const request = { url: stored.url, method: 'GET', headers };
  if (stored.policy.satisfiesWithoutRevalidation(request)) return true;
  const noCache = /no-cache|must-revalidate/i.test(
    stored.policy.responseHeaders()['cache-control']?.toString() ?? '',
  );
  return (
    !stored.explicitLifetime &&
    !noCache &&
    varyMatches(stored, headers) && // the daemon's own lifetime, but still this variant only
    Date.now() - stored.storedAt < defaultFreshnessMs
  );
}

/**
 * Whether the origin's 304 to a conditional request proves that this
 * Open's representation is the stored one. A shareable response is the
 * same for everyone: any 304 renews it, as in any shared cache (some
 * origins send one without validators). One that is not (fetched with a
 * credential, as shareableFor judges it, or varying on one) may differ per
 * tenant: the 304 must carry the stored validator (one sent for other
 * validators, as some servers do for a date no newer than the content,
 * proves nothing), and it must be a strong ETag: two tenants' models may
 * share a Last-Modified date or a weak ETag (size and time), never a
 * strong ETag. Without one, such a model is fetched again at every Open.
 */
export function unchangedBy304(
  stored: StoredResponse,
  answer: ResponseHead,
  validatorsMatch: boolean,
): boolean {
  if (stored.shareable) return true;
  if (!validatorsMatch) return false;
  const etag = stored.policy.responseHeaders().etag?.toString();
  return etag !== undefined && !/^\s*W\//.test(etag) && answer.headers.etag === etag;
}

/** The response headers a stored policy reads (freshness, validators): no other reaches the disk. */
const KEPT_RESPONSE_HEADERS = [
  'cache-control',
  'etag',
  'last-modified',
  'date',
  'expires',
  'age',
  'pragma',
];
/** Kept by presence only: a shared cache must not serve a Set-Cookie response unasked, and the cookie is a secret. */
const PRESENCE_ONLY_HEADERS = ['set-cookie'];

/**
 * 2: any header off CREDENTIAL_FREE_HEADERS is a credential, and a Vary on
 * one is never shared (1, unmarked, judged only Authorization and Cookie).
 */
const SHARING_RULES = 2;

/**
 * A stored response as the disk keeps it: no URL (its query may hold a
 * token; the next Open brings the URL again) and no request header.
 * `path`: null for model.json, else the shard's path from the weight base.
 */
export interface PersistedResponse {
  /** The sharing rules `shareable` was judged by: a record judged by older rules is not trusted. */
  rules: number;
  path: string | null;
  policy: CachePolicy.CachePolicyObject;
  shareable: boolean;
  explicitLifetime: boolean;
  storedAt: number;
}

/** What the disk may keep of a stored response; undefined when it varies on request headers (kept in memory only). */
export function persistable(
  stored: StoredResponse,
  path: string | null,
): PersistedResponse | undefined {
  const policy = stored.policy.toObject();
  if (policy.resh.vary !== undefined) return undefined; // matching it needs the request's headers
  const resh: CachePolicy.Headers = {};
  for (const [name, value] of Object.entries(policy.resh)) {
    if (KEPT_RESPONSE_HEADERS.includes(name)) resh[name] = value;
    else if (PRESENCE_ONLY_HEADERS.includes(name)) resh[name] = '-';
  }
  return {
    rules: SHARING_RULES,
    path,
    // no URL, no host, no request header nor request Cache-Control (reqh is kept only with Vary, which is not kept at all)
    policy: { ...policy, resh, u: undefined, h: undefined, reqh: null, reqcc: {} },
    shareable: stored.shareable,
    explicitLifetime: stored.explicitLifetime,
    storedAt: stored.storedAt,
  };
}

export function isPersistedResponse(value: unknown): value is PersistedResponse {
  const response = value as Partial<PersistedResponse> | null;
  return (
    typeof response === 'object' &&
    response !== null &&
    response.rules === SHARING_RULES &&
    (response.path === null || typeof response.path === 'string') &&
    typeof response.policy === 'object' &&
    response.policy !== null &&
    typeof response.shareable === 'boolean' &&
    typeof response.explicitLifetime === 'boolean' &&
    typeof response.storedAt === 'number'
  );
}

/** A persisted response for the URL this Open brings again. */
export function restore(persisted: PersistedResponse, url: string): StoredResponse {
  return {
    url,
    policy: CachePolicy.fromObject({ ...persisted.policy, u: url }),
    shareable: persisted.shareable,
    explicitLifetime: persisted.explicitLifetime,
    storedAt: persisted.storedAt,
  };
}
