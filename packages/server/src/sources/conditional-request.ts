import type { Response } from 'undici';

import { credentialsOf, lowerCaseHeaders, withoutCredentials } from './request-headers';
import type { SourceRequest } from './source';
import { StoredResponse, unchangedBy304 } from './stored-response';

export function headersOf(response: Response): Record<string, string> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, key) => (headers[key] = value));
  return headers;
}

/**
 * Asks the origin whether a stored response still holds for this Open: a
 * conditional request with the Open's own headers, credentials too. The
 * stored response renewed when the origin proves it (304), else undefined.
 */
export async function askIfUnchanged(
  get: (url: string, headers: Record<string, string>) => Promise<{ response: Response }>,
  response: StoredResponse,
  request: SourceRequest,
): Promise<StoredResponse | undefined> {
  // Validators are chosen as the stored policy was built, without credentials (so a Vary on
  // one does not hide them); the origin then judges this Open's own headers, credentials too.
  const anonymous = {
    url: response.url,
    method: 'GET',
    headers: lowerCaseHeaders(withoutCredentials(request.headers)),
  };
  const conditional = credentialsOf(request.headers);
  for (const [key, value] of Object.entries(response.policy.revalidationHeaders(anonymous)))
    if (typeof value === 'string') conditional[key] = value;
  const { response: answer } = await get(response.url, conditional);
  await answer.body?.cancel();
  if (answer.status !== 304) return undefined;
  // kept anonymous, like the stored one: it must yield validators for the next Open too
  const head = { status: 304, headers: headersOf(answer) };
  const { policy, modified, matches } = response.policy.revalidatedPolicy(anonymous, head);
  if (modified || !unchangedBy304(response, head, matches)) return undefined;
  // In memory only: a write per Open would cost the event loop, and after a restart a
  // response past its freshness costs one more conditional request, no more.
  return { ...response, policy, storedAt: Date.now() };
}
