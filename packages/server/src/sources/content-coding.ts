/**
 * The content codings undici's fetch decodes (lib/web/fetch, onHeaders):
 * a Content-Encoding listing only these is decoded, one listing any other
 * is passed on as it came, still encoded.
 */
export const CODINGS_DECODED = ['gzip', 'x-gzip', 'deflate', 'br'];

/**
 * What a body read through fetch is, by its response's Content-Encoding:
 * 'identity', the bytes as sent (Content-Length counts them); 'decoded',
 * fetch decoded it (Content-Length counts the encoded bytes, not these);
 * 'unsupported', fetch hands it on encoded, which is not the model's bytes.
 */
export function bodyCoding(contentEncoding: string | null): 'identity' | 'decoded' | 'unsupported' {
  const codings = contentEncoding
    ? contentEncoding
        .toLowerCase()
        .split(',')
        .map((coding) => coding.trim())
    : [];
  if (codings.every((coding) => coding === 'identity')) return 'identity';
  if (codings.every((coding) => CODINGS_DECODED.includes(coding))) return 'decoded';
  return 'unsupported';
}
