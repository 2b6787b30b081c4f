import { createHash } from 'node:crypto';

/** Node's hash.update() refuses inputs over 2 GiB; big models are hashed in slices. */
const SLICE = 1 << 30;

/** SHA-256 over a sequence of byte arrays and strings, each of any size. */
export function sha256(...parts: Array<Uint8Array | string>): Buffer {
  const hash = createHash('sha256');
  for (const part of parts) {
    if (typeof part === 'string') {
      hash.update(part);
      continue;
    }
    for (let at = 0; at < part.length; at += SLICE)
      hash.update(part.subarray(at, Math.min(part.length, at + SLICE)));
  }
  return hash.digest();
}
