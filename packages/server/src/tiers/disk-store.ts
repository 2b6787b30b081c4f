import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';

import { mapReadOnly, unmap } from '@trims/native-cuda';
import { readContents, SegmentContents } from '@trims/protocol';

import type { DiskIdentity } from '../catalog/entry';
import { claimOwnedDirectory } from '../owned-directory';
import { reopenReadOnly } from './host-tier';
import type { SegmentWorkers } from './segment-workers';
import type { SegmentSource } from './tier';

const openFd = promisify(fs.open);

/** A segment file is opened so that a FIFO put in its place cannot block, nor a link lead elsewhere. */
export const SEGMENT_OPEN_FLAGS =
  fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | fs.constants.O_NOFOLLOW;

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
    // Its files are lent as they are: nobody else may put one here.
    claimOwnedDirectory(dir, 0o700, { name: 'disk tier directory', option: '--cache-dir' });
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

  /**
   * At start, before any write: the segments present, with their headers
   * read (cheap: no checksum). Unreadable files are removed; what is not a
   * regular file is left alone; so is what a past write left that the
   * daemon may not remove (another uid's: a daemon once run as root), said.
   */
  scan(
    onInvalid: (file: string, why: string) => void,
  ): Array<{ file: string; stat: fs.Stats; contents: SegmentContents }> {
    const names = fs.readdirSync(this.dir);
    for (const name of names.filter((n) => n.endsWith('.tmp') || n.endsWith('.trash')))
      try {
        // A crash mid-write, or before a removed file's blocks were freed (whatever is at the name).
        fs.rmSync(path.join(this.dir, name), { force: true, recursive: true });
      } catch (error) {
        onInvalid(path.join(this.dir, name), `left alone: ${(error as Error).message}`);
      }
    const found: Array<{ file: string; stat: fs.Stats; contents: SegmentContents }> = [];
    for (const name of names.filter((n) => n.endsWith('.seg'))) {
      const file = path.join(this.dir, name);
      let fd: number;
      try {
        fd = fs.openSync(file, SEGMENT_OPEN_FLAGS);
      } catch (error) {
        onInvalid(file, `cannot open it, left alone: ${(error as Error).message}`); // a link
        continue;
      }
      let map: ArrayBuffer | undefined;
      try {
        const stat = fs.fstatSync(fd);
        if (!stat.isFile()) {
          onInvalid(file, 'not a regular file, left alone');
          continue;
        }
        if (stat.uid !== process.getuid!() || (stat.mode & 0o022) !== 0)
          throw new Error(
            `not the daemon's own (uid ${stat.uid}, mode ${(stat.mode & 0o777).toString(8)}): written by someone else`,
          );
        map = mapReadOnly(fd);
        const contents = readContents(new Uint8Array(map));
        if (`${contents.header.digest}.seg` !== name)
          throw new Error(`holds digest ${contents.header.digest}`);
        found.push({ file, stat, contents });
      } catch (error) {
        onInvalid(file, `removed: ${(error as Error).message}`);
        fs.rmSync(file, { force: true });
      } finally {
        if (map !== undefined) unmap(map);
        fs.closeSync(fd);
      }
    }
    return found;
  }

  /**
   * Takes the file out of its name at once (a rename), and frees its blocks
   * off the event loop (unlinking gigabytes takes a while); a client's map
   * of it stays valid.
   */
  remove(file: string): void {
    const trash = `${file}.${Math.random().toString(36).slice(2)}.trash`;
    try {
      fs.renameSync(file, trash);
    } catch {
      return; // already gone
    }
    fs.promises.rm(trash, { force: true, recursive: true }).catch(() => undefined); // a directory put there too
  }

  /** A read-only descriptor (for a client, or to check before handing out). */
  openForClient(file: string): Promise<number> {
    return openFd(file, SEGMENT_OPEN_FLAGS);
  }
}
