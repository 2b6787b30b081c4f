/** Which request headers may carry a tenant's credentials, and what is left without them. */

/**
 * The request headers known to carry no credential: content negotiation,
 * caching directives, the agent. Any other header a client sends may carry
 * one (X-Api-Key, a session or signed-token header of any name), so it is
 * treated as Authorization is: the response is lent to another request only
 * after the origin answered that request's own headers.
 */
export const CREDENTIAL_FREE_HEADERS = [
  'accept',
  'accept-encoding',
  'accept-language',
  'cache-control',
  'pragma',
  'user-agent',
];

export function isCredentialFree(name: string): boolean {
  return CREDENTIAL_FREE_HEADERS.includes(name.toLowerCase());
}

export function lowerCaseHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

/** Only the headers known to carry no credential (all that is dropped across origins, and all a stored policy keeps). */
export function withoutCredentials(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([k]) => isCredentialFree(k)));
}

/** The headers that may carry a credential (every one off the allowlist), lower-cased. */
export function credentialsOf(headers: Record<string, string>): Record<string, string> {
  return lowerCaseHeaders(
    Object.fromEntries(Object.entries(headers).filter(([k]) => !isCredentialFree(k))),
  );
}

/** The header names a response's Vary lists, lower-cased ('*' included). */
export function varyNames(vary: string | undefined): string[] {
  return (vary ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '');
}
