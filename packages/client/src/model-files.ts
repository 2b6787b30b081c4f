import { type BigIntStats, fstatSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

import {
  closeFiles,
  isNativeError,
  NativeError,
  openFiles,
  raiseFdLimit,
} from '@trims/native-cuda';

import { ErrorCode, TrimsError } from '@trims/protocol';

/**
 * This process could not open or read the model's own files (model.json
 * missing, unreadable, not JSON, a shard that cannot be opened): what the
 * framework's own loader, reading the same files, would meet too.
 */
export class ModelFileError extends TrimsError {}

/** model.json and its shards, opened with the caller's own rights, in the order the daemon reads them. */
export interface ModelFiles {
  fds: number[];
  /** file://: model.json as this process parsed it (see unchangedSinceRead). */
  modelJson?: Record<string, unknown>;
  /**
   * Whether model.json is still the file that was parsed (device, inode,
   * size, mtime, ctime: a write changes ctime). Asked after the daemon
   * answered, it proves that the daemon, which checked the same fd in
   * between, served a model made from exactly that text: the client need
   * not parse the daemon's copy of the topology. Call before close().
   */
  unchangedSinceRead(): boolean;
  close(): void;
}

/** What a write, a rename-over or a utimes changes, in nanoseconds as the daemon keys its cache. */
function identityOf(stat: BigIntStats): string {
  return `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`;
}

/**
 * The path tfjs-node reads for a file:// URL: the rest of the URL as it
 * is, relative to the working directory (nothing decoded, no host), so
 * that the daemon serves exactly the files the framework would read.
 */
export function pathOfFileUrl(url: string): string {
  return resolve(url.slice('file://'.length));
}

/** What tfjs-node reads for each shard path: joined to model.json's directory. */
function shardPath(modelPath: string, relative: string): string {
  const dir = dirname(modelPath);
  // The usual shard name (no separator, not . or ..): the same file as join names,
  // without its normalisation, which costs ~10 us a call in a fresh process (700 shards: 7 ms).
  if (/^[\w][\w.-]*$/.test(relative)) return `${dir === '/' ? '' : dir}/${relative}`;
  return join(dir, relative);
}

function parseModelJson(text: string, model: string): Record<string, unknown> {
  const corrupt = (why: string): TrimsError =>
    new ModelFileError(ErrorCode.CORRUPT_MODEL, `model.json ${why}`, { model, tier: 'remote' });
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw corrupt('is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw corrupt('is not a JSON object');
  return parsed as Record<string, unknown>;
}

function shardPathsOf(modelJson: Record<string, unknown>, model: string): string[] {
  const manifest = modelJson.weightsManifest;
  if (!Array.isArray(manifest))
    throw new ModelFileError(ErrorCode.CORRUPT_MODEL, 'model.json has no weightsManifest', {
      model,
      tier: 'remote',
    });
  // Malformed groups are the daemon's to name (CORRUPT_MODEL): only well-formed paths are opened here.
  return manifest.flatMap((group: unknown) => {
    const paths = (group as { paths?: unknown } | null)?.paths;
    return Array.isArray(paths) ? paths.filter((p): p is string => typeof p === 'string') : [];
  });
}

/**
 * Opens a file:// model the way tfjs would read it, as this process: the
 * daemon then reads only these descriptors, so it can never lend a file
 * this process could not read itself, and no path is resolved twice.
 */
export function openModelFiles(url: string): ModelFiles {
  const modelPath = url.startsWith('/') ? resolve(url) : pathOfFileUrl(url);
  const fds: number[] = [];
  const close = (): void => {
    try {
      closeFiles(fds.splice(0));
    } catch {
      // one already closed elsewhere (EBADF): the rest are closed, and the reply this follows matters more
    }
  };
  const refused = (file: string, error: NativeError): TrimsError => {
    const code = error.code ?? 'EIO';
    return new ModelFileError(
      code === 'ENOENT' ? ErrorCode.NOT_FOUND : ErrorCode.ACCESS_DENIED,
      `cannot open ${file} (${code})`,
      { model: url, tier: 'remote' },
      { cause: error },
    );
  };
  /** In one native call (a path that is not a regular file: the daemon refuses it, naming it). */
  const open = (paths: string[]): number[] => {
    try {
      const opened = openFiles(paths);
      fds.push(...opened);
      return opened;
    } catch (error) {
      if (!isNativeError(error)) throw error;
      throw refused(error.path ?? 'a shard path from model.json', error);
    }
  };
  try {
    const modelFd = open([modelPath])[0]!;
    const stat = fstatSync(modelFd, { bigint: true });
    if (!stat.isFile())
      // read below: a FIFO or a device could block or never end
      throw new ModelFileError(ErrorCode.BAD_REQUEST, `${modelPath} is not a regular file`, {
        model: url,
        tier: 'remote',
      });
    const read = identityOf(stat);
    const modelJson = parseModelJson(readFileSync(modelFd, 'utf8'), url);
    const shards = shardPathsOf(modelJson, url);
    // a large model's shards at once (a 4 GB model has ~1,000) would pass the usual soft limit of 1,024
    if (shards.length > 256) raiseFdLimit();
    open(shards.map((shard) => shardPath(modelPath, shard)));
    return {
      fds: [...fds],
      modelJson,
      unchangedSinceRead: () => {
        try {
          return fds.length > 0 && identityOf(fstatSync(modelFd, { bigint: true })) === read;
        } catch {
          return false; // never in the way of the reply it follows: the daemon's copy is parsed
        }
      },
      close,
    };
  } catch (error) {
    close();
    throw error;
  }
}

/** file:// URLs, and absolute paths (which the CLI and the daemon take as file URLs). */
/** A URL tfjs-node reads itself (its router takes file:// as spelled), or a plain path. */
export function isFileUrl(url: string): boolean {
  return url.startsWith('file://') || url.startsWith('/');
}

/** The files to attach to an Open or Preload of this URL (none unless it is file://). */
export function filesFor(url: string): ModelFiles {
  return isFileUrl(url)
    ? openModelFiles(url)
    : { fds: [], unchangedSinceRead: () => false, close: () => undefined };
}
