import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';

import { mapReadOnly, unmap } from '@trims/native-cuda';
import { readContents, SegmentContents } from '@trims/protocol';

import type { DiskIdentity } from '../catalog/entry';
import { reopenReadOnly } from './host-tier';
import type { SegmentWorkers } from './segment-workers';
import type { SegmentSource } from './tier';

const openFd = promisify(fs.open);

/**
 * The disk tier's files: <dir>/<digest>.seg in the segment layout. A file
 * is written under a temporary name in chunks by a worker thread, fsynced
 * and renamed into place; a failed write removes its temporary
 * file at once. Files are never truncated or rewritten in place: a client
 * may have one mapped.
 */
export class DiskStore {
  constructor(
    readonly dir: string,
    private readonly workers: SegmentWorkers,
  ) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    for (const name of fs.readdirSync(dir)) {
      if (name.endsWith('.tmp')) fs.rmSync(path.join(dir, name), { force: true }); // a crash mid-write
    }
  }

  fileOf(digest: string): string {
    return path.join(this.dir, `${digest}.seg`);
  }

  /**
   * Writes the segment of `digest` from a memfd or another file, in a
   * worker thread (reading through its own fd: no map of the segment on
   * the event loop); resolves with the file and what it looks like.
   */
  async write(
    digest: string,
    from: SegmentSource,
  ): Promise<{ file: string; identity: DiskIdentity }> {
    const file = this.fileOf(digest);
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    const fd = 'memfd' in from ? reopenReadOnly(from.memfd) : fs.openSync(from.file, 'r'); // before any await
    const identity = await this.workers.writeSegmentFile(fd, tmp, file);
    return { file, identity };
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
