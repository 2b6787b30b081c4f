import * as fs from 'node:fs';
import * as path from 'node:path';

import { mapReadOnly, unmap } from '@trims/native-cuda';

import { readContents, readHeader, SegmentContents, verifySegment } from '@trims/protocol';

/**
 * The disk tier's files: <dir>/<digest>.seg in the segment layout, written
 * atomically (temporary file, fsync, rename), checked against their
 * checksum before first use in a daemon's life, found again after a restart.
 */
export class DiskStore {
  constructor(readonly dir: string) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    for (const name of fs.readdirSync(dir)) {
      if (name.endsWith('.tmp')) fs.rmSync(path.join(dir, name), { force: true }); // a crash mid-write
    }
  }

  fileOf(digest: string): string {
    return path.join(this.dir, `${digest}.seg`);
  }

  /** Writes `bytes` as the segment of `digest`. */
  write(digest: string, bytes: Uint8Array): string {
    const file = this.fileOf(digest);
    const tmp = `${file}.${process.pid}.tmp`;
    const fd = fs.openSync(tmp, 'w', 0o600);
    try {
      let offset = 0;
      while (offset < bytes.length)
        offset += fs.writeSync(fd, bytes, offset, Math.min(bytes.length - offset, 64 << 20));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
    return file;
  }

  /** The segments present, with their headers read (cheap: no checksum). Unreadable files are removed. */
  scan(
    onInvalid: (file: string, why: string) => void,
  ): Array<{ file: string; contents: SegmentContents }> {
    const found: Array<{ file: string; contents: SegmentContents }> = [];
    for (const name of fs.readdirSync(this.dir).filter((n) => n.endsWith('.seg'))) {
      const file = path.join(this.dir, name);
      try {
        const contents = this.withMap(file, (bytes) => readContents(bytes));
        if (`${contents.header.digest}.seg` !== name)
          throw new Error(`holds digest ${contents.header.digest}`);
        found.push({ file, contents });
      } catch (error) {
        onInvalid(file, (error as Error).message);
        fs.rmSync(file, { force: true });
      }
    }
    return found;
  }

  /** Checks the whole file against its checksum; throws CORRUPT_MODEL when a byte changed. */
  verify(file: string): void {
    this.withMap(file, (bytes) => verifySegment(bytes, readHeader(bytes)));
  }

  /** Runs `use` over a read-only map of the file; the map is gone when it returns. */
  withMap<T>(file: string, use: (bytes: Uint8Array) => T): T {
    const fd = fs.openSync(file, 'r');
    let buffer: ArrayBuffer | undefined;
    try {
      buffer = mapReadOnly(fd);
      return use(new Uint8Array(buffer));
    } finally {
      if (buffer !== undefined) unmap(buffer);
      fs.closeSync(fd);
    }
  }

  remove(file: string): void {
    fs.rmSync(file, { force: true });
  }

  /** A read-only descriptor for a client (the daemon closes its copy once sent). */
  openForClient(file: string): number {
    return fs.openSync(file, fs.constants.O_RDONLY); // libuv adds O_CLOEXEC
  }
}

/** Writes without blocking the event loop (write-behind of a model already served from memory). */
export async function writeFileAtomically(file: string, bytes: Uint8Array): Promise<void> {
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  const handle = await fs.promises.open(tmp, 'w', 0o600);
  try {
    let offset = 0;
    while (offset < bytes.length) {
      const { bytesWritten } = await handle.write(
        bytes,
        offset,
        Math.min(bytes.length - offset, 64 << 20),
      );
      offset += bytesWritten;
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.promises.rename(tmp, file);
}
