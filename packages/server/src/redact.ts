/**
 * A URL fit for status, logs, metrics and the catalog on disk: userinfo and
 * query values (tokens, signatures) replaced, a query item with no value
 * (`?TOKEN`) replaced whole, the fragment dropped; everything else kept. What is not a URL
 * is kept only as a path (a model named by its absolute path).
 */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // an absolute path (a model named by its file), up to any query; anything else is not shown
    return /^\/(?!\/)/.test(url) ? url.split(/[?#]/)[0]! : 'a URL that does not parse (not shown)';
  }
  if (parsed.protocol === 'file:') return parsed.href;
  if (parsed.username || parsed.password) {
    parsed.username = 'redacted';
    parsed.password = '';
  }
  parsed.hash = ''; // never sent to an origin: nothing to show
  if (parsed.search !== '')
    parsed.search = parsed.search
      .slice(1)
      .split('&')
      // `key=value` keeps its key; an item with no value (`TOKEN`, `T0KEN==`, base64's padding) is the secret
      .map((item) => {
        const at = item.indexOf('=');
        return at > 0 && /[^=]/.test(item.slice(at + 1))
          ? `${item.slice(0, at)}=redacted`
          : 'redacted';
      })
      .join('&');
  return parsed.href;
}
