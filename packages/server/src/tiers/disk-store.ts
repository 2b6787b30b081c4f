import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';

import { mapReadOnly, unmap } from '@trims/native-cuda';
import { readContents, SegmentContents } from '@trims/protocol';

import type { SegmentSource } from './tier';

const openFd = promisify(fs.open);
const CHUNK = 8 << 20;

/**
 * The disk tier's files: <dir>/<digest>.seg in the segment layout. A file
 * is written under a temporary name in chunks (the event loop stays free),
 * fsynced and renamed into place; a failed write removes its temporary
 * file at once. Files are never truncated or rewritten in place: a client
 * may have one mapped.
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

  /** Writes the segment of `digest` from a memfd or another file; resolves with the file and its stat. */
  async write(digest: string, from: SegmentSource): Promise<{ file: string; stat: fs.Stats }> {
    const file = this.fileOf(digest);
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    const sourceFd = 'memfd' in from ? from.memfd : fs.openSync(from.file, 'r');
    const map = mapReadOnly(sourceFd); // taken before the first await: the caller may close its fd
    if (!('memfd' in from)) fs.closeSync(sourceFd);
    const bytes = new Uint8Array(map);
    let handle: fs.promises.FileHandle | undefined;
    try {
      handle = await fs.promises.open(tmp, 'wx', 0o600);
      for (let offset = 0; offset < bytes.length;) {
        const { bytesWritten } = await handle.write(
          bytes,
          offset,
          Math.min(bytes.length - offset, CHUNK),
        );
        offset += bytesWritten;
      }
      await handle.sync();
      const stat = await handle.stat();
      await handle.close();
      handle = undefined;
      await fs.promises.rename(tmp, file);
      return { file, stat };
    } catch (error) {
      await handle?.close().catch(() => undefined);
      await fs.promises.rm(tmp, { force: true });
      throw error;
    } finally {
      unmap(map);
    }
  }

  /** The segments present, with their headers read (cheap: no checksum). Unreadable files are removed. */
  scan(
    onInvalid: (file: string, why: string) => void,
  ): Array<{ file: string; stat: fs.Stats; contents: SegmentContents }> {
    const found: Array<{ file: string; stat: fs.Stats; contents: SegmentContents }> = [];
    for (const name of fs.readdirSync(this.dir).filter((n) => n.endsWith('.seg'))) {
      const file = path.join(this.dir, name);
      const fd = fs.openSync(file, 'r');
      let map: ArrayBuffer | undefined;
      try {
        const stat = fs.fstatSync(fd);
        map = mapReadOnly(fd);
        const contents = readContents(new Uint8Array(map));
        if (`${contents.header.digest}.seg` !== name)
          throw new Error(`holds digest ${contents.header.digest}`);
        found.push({ file, stat, contents });
      } catch (error) {
        onInvalid(file, (error as Error).message);
        fs.rmSync(file, { force: true });
      } finally {
        if (map !== undefined) unmap(map);
        fs.closeSync(fd);
      }
    }
    return found;
  }

  remove(file: string): void {
    fs.rmSync(file, { force: true }); // unlink: a client's map of it stays valid
  }

  /** A read-only descriptor (for a client, or to check before handing out). */
  openForClient(file: string): Promise<number> {
    return openFd(file, fs.constants.O_RDONLY);
  }
}
