import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { closeFd, closeFiles, inspectFiles, isNativeError, openFiles } from '../src';
import { tempDir } from './helpers';

const openFds = (): number => fs.readdirSync('/proc/self/fd').length;

describe('native-cuda: openFiles', () => {
  it('opens every path in order, read-only and close-on-exec, a FIFO without blocking', () => {
    const dir = tempDir();
    const names = ['a.bin', 'b.bin', 'c.bin'].map((name, i) => {
      fs.writeFileSync(path.join(dir, name), Buffer.alloc(i + 1, i));
      return path.join(dir, name);
    });
    execFileSync('mkfifo', [path.join(dir, 'fifo')]);
    const fds = openFiles([...names, path.join(dir, 'fifo')]);
    try {
      expect(fds.slice(0, 3).map((fd) => fs.fstatSync(fd).size)).to.deep.equal([1, 2, 3]);
      expect(fs.fstatSync(fds[3]!).isFIFO()).to.equal(true);
      const flags = fs.readFileSync(`/proc/self/fdinfo/${fds[0]}`, 'utf8');
      const mode = parseInt(/flags:\s+(\d+)/.exec(flags)![1]!, 8);
      expect(mode & 0o3, 'O_RDONLY').to.equal(0);
      expect(mode & 0o2000000, 'O_CLOEXEC').to.not.equal(0);
      expect(() => fs.writeSync(fds[0]!, 'x')).to.throw(/EBADF/);
    } finally {
      fds.forEach(closeFd);
    }
  });

  it('a failure names the path and its index, and leaves no fd open', () => {
    const dir = tempDir();
    const present = path.join(dir, 'present');
    fs.writeFileSync(present, 'x');
    const before = openFds();
    const missing = path.join(dir, 'missing');
    let error: unknown;
    try {
      openFiles([present, present, missing, present]);
    } catch (caught) {
      error = caught;
    }
    expect(isNativeError(error, 'ENOENT')).to.equal(true);
    expect(error).to.include({ path: missing, index: 2, syscall: 'open' });
    expect(openFds()).to.equal(before);
    expect(() => openFiles([present, `${present}\0/etc/shadow`])).to.throw(/holds a NUL/);
    expect(() => openFiles([present, 7 as unknown as string])).to.throw(/not a string/);
    const hostile = [present, present, present];
    Object.defineProperty(hostile, 2, {
      get: () => {
        throw new Error('a getter that throws');
      },
    });
    expect(() => openFiles(hostile)).to.throw(/a getter that throws/);
    expect(openFds(), 'what was opened before the throw is closed').to.equal(before);
  });
});

describe('native-cuda: closeFiles', () => {
  it('closes every fd in one call; a bad one is named after the others are closed', () => {
    const dir = tempDir();
    const file = path.join(dir, 'f');
    fs.writeFileSync(file, 'x');
    const before = openFds();
    closeFiles(openFiles([file, file, file]));
    expect(openFds()).to.equal(before);
    const fds = openFiles([file, file]);
    let error: unknown;
    try {
      closeFiles([fds[0]!, 1_000_000, fds[1]!]);
    } catch (caught) {
      error = caught;
    }
    expect(isNativeError(error, 'EBADF')).to.equal(true);
    expect((error as Error).message).to.contain('fd 1000000');
    expect(openFds(), 'the fds after the bad one are closed too').to.equal(before);
    expect(() => closeFiles(7 as unknown as number[])).to.throw(/array of fds/);
  });
});

describe('native-cuda: inspectFiles', () => {
  it("tells each fd's identity, kind, read access and whether its name leads to it, in order", async () => {
    const dir = tempDir();
    const file = path.join(dir, 'weights.bin');
    fs.writeFileSync(file, Buffer.alloc(5));
    const moved = path.join(dir, 'moved.bin');
    fs.writeFileSync(moved, Buffer.alloc(3));
    const O_PATH = 0o10000000; // Linux; node:fs does not export it
    const fds = [
      fs.openSync(file, 'r'),
      fs.openSync(file, O_PATH),
      fs.openSync(file, 'a'),
      fs.openSync(dir, 'r'),
      fs.openSync(moved, 'r'),
    ];
    fs.renameSync(moved, path.join(dir, 'elsewhere.bin'));
    fs.writeFileSync(moved, Buffer.alloc(3)); // another file at the old name
    try {
      const seen = await inspectFiles(fds);
      const stat = fs.statSync(file, { bigint: true });
      expect(seen[0]).to.deep.equal({
        dev: stat.dev,
        ino: stat.ino,
        size: 5n,
        mtimeNs: stat.mtimeNs,
        ctimeNs: stat.ctimeNs,
        name: file,
        isFile: true,
        readable: true,
        atItsName: true,
      });
      expect(seen.map((f) => [f.isFile, f.readable, f.atItsName])).to.deep.equal([
        [true, true, true],
        [true, false, true], // O_PATH: no proof of reading
        [true, false, true], // write-only
        [false, true, true],
        [true, true, true], // the kernel's name follows the rename
      ]);
      expect(seen[4]!.name).to.equal(path.join(dir, 'elsewhere.bin'));
      fs.rmSync(path.join(dir, 'elsewhere.bin'));
      const gone = await inspectFiles([fds[4]!]);
      expect(gone[0]!.atItsName, 'unlinked: no name leads to it').to.equal(false);
      expect(gone[0]!.name).to.match(/ \(deleted\)$/);
    } finally {
      fds.forEach(closeFd);
    }
  });

  it('a closed fd rejects, named; arguments are checked', async () => {
    let error: unknown;
    try {
      await inspectFiles([0, 1_000_000]);
    } catch (caught) {
      error = caught;
    }
    expect(isNativeError(error, 'EBADF')).to.equal(true);
    expect((error as Error).message).to.contain('fd 1000000');
    expect(await inspectFiles([])).to.deep.equal([]);
    expect(() => inspectFiles(7 as unknown as number[])).to.throw(/array of fds/);
    expect(() => inspectFiles(['3'] as unknown as number[])).to.throw(/fd 0 is not a number/);
  });
});
