import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

import { InspectedFile, inspectFiles } from '@trims/native-cuda';
import { ErrorCode, TrimsError } from '@trims/protocol';

import { BoundedBody } from './bounded-body';
import { Fetched, ReadLimits, Source } from './source';

export interface FileAccess {
  /** Directories clients may load from; empty: admins only. An admin restriction on top of the peer's own rights. */
  allowedRoots: string[];
  /** Root and the daemon's uid (data: the context goes to worker threads). */
  adminUids: readonly number[];
}

/** A file as the cache knows it: a rewrite, a utimes or a rename-over changes one of these. */
function identityOf(
  stat: Pick<InspectedFile, 'dev' | 'ino' | 'size' | 'mtimeNs' | 'ctimeNs'>,
): string {
  return [stat.dev, stat.ino, stat.size, stat.mtimeNs, stat.ctimeNs].join(':');
}

interface Opened {
  fd: number;
  path: string;
  size: number;
  identity: string;
  /** Its path, looked up in the daemon's own mount namespace, leads to this very file. */
  atItsPath: boolean;
}

/**
 * file:// models as the client opened them: the daemon never opens a path
 * a client names. It reads only the descriptors the client attached
 * (model.json, then the shards), so it lends nothing the client could not
 * read itself, and no path is resolved twice (no TOCTOU). A model is the
 * identity of those files: device, inode, size, mtime and ctime (a
 * rewrite, a utimes or a rename-over changes one of them).
 */
export class FileSource implements Source {
  readonly canonicalUrl: string;
  readonly cacheKey: string;

  /** The model of the files a peer attached, checked (off the event loop: a model may have thousands). */
  static async open(
    url: string,
    fds: number[],
    access: FileAccess,
    peerUid: number,
  ): Promise<FileSource> {
    if (fds.length === 0)
      throw new TrimsError(
        ErrorCode.BAD_REQUEST,
        'a file:// model needs its files attached: the client opens model.json and its shards and passes the fds (an older client?)',
        { model: url, tier: 'remote' },
      );
    const inspected = await inspectFiles(fds);
    return new FileSource(
      url,
      inspected.map((file, at) => FileSource.checked(fds[at]!, file, url)),
      access,
      peerUid,
    );
  }

  private constructor(
    url: string,
    private readonly files: Opened[],
    access: FileAccess,
    peerUid: number,
  ) {
    this.canonicalUrl = pathToFileURL(this.files[0]!.path).href;
    this.checkRoots(access, peerUid, url);
    this.cacheKey = `file ${this.files.map((f) => f.identity).join(' ')}`;
  }

  private static checked(fd: number, file: InspectedFile, url: string): Opened {
    // The kernel's name for the open file (not a lookup): what --allow-root checks.
    const where = file.name;
    if (!file.isFile)
      // a FIFO or a device would block or never end
      throw new TrimsError(ErrorCode.BAD_REQUEST, `${where} is not a regular file`, {
        model: url,
        tier: 'remote',
      });
    // The fd is the peer's proof that it may read the file, but only if it
    // reads: an O_PATH one needs no read permission (a cache hit reads
    // nothing through it, so it would lend what the peer cannot read).
    if (!file.readable)
      throw new TrimsError(
        ErrorCode.ACCESS_DENIED,
        `${where} was attached on an fd not open for reading (O_PATH or write-only): the client must open it with read access`,
        { model: url, tier: 'remote' },
      );
    return {
      fd,
      path: where,
      size: Number(file.size),
      identity: identityOf(file),
      atItsPath: file.atItsName,
    };
  }

  private checkRoots(access: FileAccess, peerUid: number, url: string): void {
    const roots = access.allowedRoots;
    if (roots.length === 0) {
      if (access.adminUids.includes(peerUid)) return;
      throw new TrimsError(
        ErrorCode.ACCESS_DENIED,
        `uid ${peerUid} may not load local files: the daemon has no --allow-root (only root and its own uid may)`,
        { model: url, tier: 'remote' },
      );
    }
    for (const file of this.files) {
      const inside = roots.some(
        (root) =>
          file.path === root ||
          file.path.startsWith(root.endsWith(path.sep) ? root : root + path.sep), // `/` too
      );
      if (!inside)
        throw new TrimsError(
          ErrorCode.ACCESS_DENIED,
          `${file.path} is outside the allowed roots (${roots.join(', ')})`,
          { model: url, tier: 'remote' },
        );
      // The kernel names a file by its path in the mount namespace that opened it, and a
      // peer with a namespace of its own (unshare -Urm) can mount anything at an allowed
      // path: the path must lead, as the daemon sees it, to the very file attached.
      if (!file.atItsPath)
        throw new TrimsError(
          ErrorCode.ACCESS_DENIED,
          `${file.path} is not, at that path as the daemon sees it, the file attached: opened in another mount namespace, or replaced since (open it again)`,
          { model: url, tier: 'remote' },
        );
    }
  }

  /** In chunks at explicit offsets (the shared file position is the client's), up to the size fstat saw. */
  async read(location: string, _request: unknown, limits: ReadLimits): Promise<Fetched> {
    const file = this.files[location === this.canonicalUrl ? 0 : Number(location.slice(3))];
    if (file === undefined || (location !== this.canonicalUrl && !/^fd:\d+$/.test(location)))
      throw new TrimsError(ErrorCode.INTERNAL, `no attached file ${location}`, {
        model: this.canonicalUrl,
        tier: 'remote',
      });
    const body = new BoundedBody(limits, file.path, this.canonicalUrl);
    const chunk = Buffer.allocUnsafe(Math.min(1 << 20, Math.max(1, file.size)));
    let done = 0;
    while (done < file.size) {
      const bytesRead = await new Promise<number>((resolve, reject) =>
        fs.read(file.fd, chunk, 0, Math.min(chunk.length, file.size - done), done, (error, n) =>
          error ? reject(error) : resolve(n),
        ),
      );
      if (bytesRead === 0) break;
      body.add(Buffer.from(chunk.subarray(0, bytesRead)));
      done += bytesRead;
    }
    if (done !== file.size || identityOf(fs.fstatSync(file.fd, { bigint: true })) !== file.identity)
      throw new TrimsError(ErrorCode.FETCH_FAILED, `${file.path} changed while it was read`, {
        model: this.canonicalUrl,
        tier: 'remote',
      });
    return { body: body.body() };
  }

  /** The attached fds after model.json, one per shard path model.json names. */
  shardLocations(paths: string[]): string[] {
    if (paths.length !== this.files.length - 1)
      throw new TrimsError(
        ErrorCode.BAD_REQUEST,
        `model.json names ${paths.length} shards but ${this.files.length - 1} were attached`,
        { model: this.canonicalUrl, tier: 'remote' },
      );
    return paths.map((_, index) => `fd:${index + 1}`);
  }

  remember(): void {}

  /** The attached files are the proof: same identity, same bytes as cached. */
  async revalidate(): Promise<boolean> {
    return true;
  }
}
