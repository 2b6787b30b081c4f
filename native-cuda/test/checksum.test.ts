import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import * as zlib from 'node:zlib';

import { binding } from '../src/binding';

describe('native-cuda: crc32', () => {
  it("is zlib's CRC-32 (node:zlib's crc32), on views at any offset", () => {
    const bytes = randomBytes(1 << 20);
    for (const view of [bytes, bytes.subarray(1, 1000), new Uint8Array(0), Buffer.from('model')])
      expect(binding.crc32(view)).to.equal(zlib.crc32(view));
  });

  it('names what it takes when given anything else', () => {
    for (const wrong of ['text', 42, undefined, new Uint16Array(4), new ArrayBuffer(4)])
      expect(() => binding.crc32(wrong as unknown as Uint8Array)).to.throw(
        /crc32\(bytes\): bytes must be a Uint8Array/,
      );
  });
});
