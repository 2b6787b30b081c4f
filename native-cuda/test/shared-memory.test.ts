import { expect } from 'chai';
import * as fs from 'node:fs';

import {
  binding,
  closeFd,
  createSealedSegment,
  isNativeError,
  mapReadOnly,
  seals,
  unmap,
} from '../src';
import { fixture, runNode } from './helpers';

describe('native-cuda: sealed shared memory', () => {
  it('seals a filled segment against writes, resizing and seal changes', () => {
    const fd = createSealedSegment('trims-test-seal', 8192, (bytes) => bytes.fill(9));
    try {
      expect(seals(fd)).to.deep.equal({ write: true, shrink: true, grow: true, seal: true });
      expect(() => fs.ftruncateSync(fd, 100))
        .to.throw()
        .with.property('code', 'EPERM');
      expect(() => fs.ftruncateSync(fd, 1 << 20))
        .to.throw()
        .with.property('code', 'EPERM');
      expect(() => fs.writeSync(fd, Buffer.from('x'), 0, 1, 0))
        .to.throw()
        .with.property('code', 'EPERM');
      const view = new Uint8Array(mapReadOnly(fd));
      expect(view.length).to.equal(8192);
      expect(view.every((byte) => byte === 9)).to.equal(true);
    } finally {
      closeFd(fd);
    }
  });

  it('refuses to seal while a writable map exists, and says why', () => {
    const fd = binding.memfdCreate('trims-test-busy', 4096);
    const writable = binding.map(fd, 0, 4096, true, false, false);
    try {
      let caught: unknown;
      try {
        binding.seal(fd);
      } catch (error) {
        caught = error;
      }
      expect(isNativeError(caught, 'EBUSY')).to.equal(true);
      expect((caught as Error).message).to.contain('writable mapping');
      unmap(writable);
      expect(writable.byteLength).to.equal(0); // detached, not dangling
      binding.seal(fd);
    } finally {
      closeFd(fd);
    }
  });

  it('maps regular files read-only too (the disk tier hands out O_RDONLY fds)', () => {
    const file = `/tmp/trims-test-file-${process.pid}`;
    fs.writeFileSync(file, Buffer.from('weights on disk'));
    const fd = fs.openSync(file, 'r');
    try {
      expect(Buffer.from(mapReadOnly(fd)).toString()).to.equal('weights on disk');
    } finally {
      fs.closeSync(fd);
      fs.rmSync(file);
    }
  });

  it('rejects bad map arguments with errors that name them', () => {
    const fd = createSealedSegment('trims-test-args', 4096, () => undefined);
    try {
      expect(() => binding.map(fd, 0, 0, false, false, false)).to.throw(/0 bytes/);
      expect(() => binding.map(fd, 100, 10, false, false, false)).to.throw(/page size/);
      expect(() => binding.map(fd, 0, 4096, true, false, false))
        .to.throw()
        .with.property('code', 'EPERM');
      expect(() => unmap(new ArrayBuffer(8))).to.throw(/not a buffer made by map/);
    } finally {
      closeFd(fd);
    }
  });

  it("returns a mapping's pages when its ArrayBuffer is collected", async () => {
    const result = await runNode(['--expose-gc', fixture('gc-unmap')]);
    expect(result.code, result.stderr).to.equal(0);
    const { baseline, mapped, collected, sum } = JSON.parse(result.stdout) as Record<
      string,
      number
    >;
    expect(sum).to.equal(16384); // every page was read
    expect(baseline).to.equal(0);
    expect(mapped).to.be.at.least(60 * 1024); // ~64 MiB resident while mapped
    expect(collected).to.equal(0);
  });
});
