import CachePolicy from 'http-cache-semantics';

/** Request headers that carry a tenant's credentials (RFC 9111 §3.5; fetch drops them across origins). */
export const CREDENTIAL_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];

export function lowerCaseHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

export function withoutCredentials(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).filter(([k]) => !CREDENTIAL_HEADERS.includes(k.toLowerCase())),
  );
}

export function hasCredentials(headers: Record<string, string>): boolean {
  return Object.keys(headers).some((k) => CREDENTIAL_HEADERS.includes(k.toLowerCase()));
}

/** One stored response (model.json or a shard) and what RFC 9111 lets a shared cache do with it. */
export interface StoredResponse {
  url: string;
  /** Built from the request without credentials, so that it yields validators for any later request. */
  policy: CachePolicy;
  /** May serve other requests while fresh: fetched without credentials, or marked public / s-maxage / must-revalidate. */
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
  const policy = new CachePolicy(anonymous, response, { shared: true });
  if (!policy.storable()) return undefined;
  const credentialed = hasCredentials(requestHeaders);
  const asAuthenticated = { ...anonymous, headers: { ...anonymous.headers, authorization: '-' } };
  const cc = response.headers['cache-control'] ?? '';
  return {
    url,
    policy,
    shareable:
      !credentialed || new CachePolicy(asAuthenticated, response, { shared: true }).storable(),
    explicitLifetime: /max-age|s-maxage/i.test(cc) || response.headers.expires !== undefined,
    storedAt: Date.now(),
  };
}

/** Whether a stored response may answer this request without asking the origin. */
export function usableWithoutOrigin(
  stored: StoredResponse,
  requestHeaders: Record<string, string>,
  defaultFreshnessMs: number,
): boolean {
  if (!stored.shareable) return false; // credentialed: the origin decides, for every Open
  const request = { url: stored.url, method: 'GET', headers: lowerCaseHeaders(requestHeaders) };
  if (stored.policy.satisfiesWithoutRevalidation(request)) return true;
  const noCache = /no-cache|must-revalidate/i.test(
    stored.policy.responseHeaders()['cache-control']?.toString() ?? '',
  );
  return !stored.explicitLifetime && !noCache && Date.now() - stored.storedAt < defaultFreshnessMs;
}

/** The responses behind each cached HTTP model (in memory: after a restart an HTTP model is fetched again). */
export class HttpCache {
  private readonly byKey = new Map<string, StoredResponse[]>();

  get(key: string): StoredResponse[] | undefined {
    return this.byKey.get(key);
  }

  set(key: string, responses: StoredResponse[]): void {
    this.byKey.set(key, responses);
  }

  delete(key: string): void {
    this.byKey.delete(key);
  }
}
