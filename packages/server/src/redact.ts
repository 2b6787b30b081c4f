/**
 * A URL fit for status, logs, metrics and the catalog on disk: userinfo and
 * query values (tokens, signatures) replaced, everything else kept.
 */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  if (parsed.protocol === 'file:') return parsed.href;
  if (parsed.username || parsed.password) {
    parsed.username = 'redacted';
    parsed.password = '';
  }
  const keys = [...parsed.searchParams.keys()];
  if (keys.length > 0)
    parsed.search = keys.map((k) => `${encodeURIComponent(k)}=redacted`).join('&');
  return parsed.href;
}
