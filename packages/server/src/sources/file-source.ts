import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { ErrorCode, TrimsError } from '@trims/protocol';

import { BoundedBody } from './bounded-body';
import { Fetched, ReadLimits, Source, SourceRequest } from './source';

export interface FileAccess {
  /** Directories clients may load from; empty: any path, for peers of the daemon's own uid only. */
  allowedRoots: string[];
  daemonUid: number;
}

function toPath(url: string): string {
  return url.startsWith('file:') ? fileURLToPath(url) : path.resolve(url);
}

/** file:// URLs and plain paths, confined to the allowed roots. */
export class FileSource implements Source {
  readonly canonicalUrl: string;
  private readonly modelPath: string;

  constructor(
    url: string,
    private readonly access: FileAccess,
  ) {
    this.modelPath = toPath(url);
    this.canonicalUrl = pathToFileURL(this.realpath(this.modelPath, url)).href;
  }

  private realpath(file: string, shownAs: string): string {
    try {
      return fs.realpathSync(file);
    } catch (error) {
      throw this.readError(error, shownAs);
    }
  }

  private readError(error: unknown, shownAs: string): TrimsError {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR')
      return new TrimsError(ErrorCode.NOT_FOUND, `${shownAs} does not exist`, {
        model: shownAs,
        tier: 'remote',
      });
    if (code === 'EACCES')
      return new TrimsError(ErrorCode.ACCESS_DENIED, `${shownAs} is not readable by the daemon`, {
        model: shownAs,
        tier: 'remote',
      });
    return new TrimsError(ErrorCode.FETCH_FAILED, `${shownAs}: ${(error as Error).message}`, {
      model: shownAs,
      tier: 'remote',
    });
  }

  private checkAccess(real: string, shownAs: string, peerUid: number): void {
    const roots = this.access.allowedRoots;
    if (roots.length === 0) {
      if (peerUid === this.access.daemonUid) return;
      throw new TrimsError(
        ErrorCode.ACCESS_DENIED,
        `uid ${peerUid} may not load local files: the daemon has no --allow-root`,
        { model: shownAs, tier: 'remote' },
      );
    }
    const inside = roots.some((root) => {
      const resolved = fs.existsSync(root) ? fs.realpathSync(root) : path.resolve(root);
      return real === resolved || real.startsWith(resolved + path.sep);
    });
    if (!inside) {
      throw new TrimsError(
        ErrorCode.ACCESS_DENIED,
        `${real} is outside the allowed roots (${roots.join(', ')})`,
        { model: shownAs, tier: 'remote' },
      );
    }
  }

  async read(url: string, request: SourceRequest, limits: ReadLimits): Promise<Fetched> {
    const file = toPath(url);
    const real = this.realpath(file, url);
    this.checkAccess(real, url, request.peerUid);
    const body = new BoundedBody(limits, url, this.canonicalUrl);
    let handle: fs.promises.FileHandle | undefined;
    try {
      handle = await fs.promises.open(real, 'r');
      const stat = await handle.stat();
      if (!stat.isFile()) throw new Error('not a regular file');
      const chunk = Buffer.allocUnsafe(Math.min(1 << 20, Math.max(1, stat.size)));
      for (;;) {
        const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
        if (bytesRead === 0) break;
        body.add(Buffer.from(chunk.subarray(0, bytesRead)));
      }
      return { body: body.body(), validator: `${stat.mtimeMs}:${stat.size}` };
    } catch (error) {
      if (error instanceof TrimsError) throw error;
      throw this.readError(error, url);
    } finally {
      await handle?.close();
    }
  }

  async unchanged(validator: string, request: SourceRequest): Promise<boolean> {
    try {
      const real = this.realpath(this.modelPath, this.canonicalUrl);
      this.checkAccess(real, this.canonicalUrl, request.peerUid);
      const stat = await fs.promises.stat(real);
      return validator === `${stat.mtimeMs}:${stat.size}`;
    } catch {
      return false;
    }
  }

  resolve(relative: string, weightPathPrefix: string | undefined): string {
    if (weightPathPrefix)
      return weightPathPrefix.startsWith('file:') || path.isAbsolute(weightPathPrefix)
        ? toPath(weightPathPrefix + relative)
        : path.resolve(path.dirname(this.modelPath), weightPathPrefix, relative);
    return path.join(path.dirname(this.modelPath), relative);
  }
}
