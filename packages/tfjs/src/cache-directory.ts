/**
 * This user's directory of the bundle's code caches, held open while it is
 * in use: every access after the check goes through /proc/self/fd/N, so a
 * directory swapped for a link meanwhile (by another user who can write an
 * ancestor of $XDG_CACHE_HOME) is never read from, written into or pruned.
 */
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  rmSync,
  Stats,
  statSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

/** Caches not rewritten (nor read, see readCache) for this long are deleted. */
const STALE_MS = 30 * 24 * 3600 * 1000;
/** What a crashed write leaves: gone after an hour. */
const LEFTOVER_MS = 3600 * 1000;
/** The names this module writes (see requireWithCompileCache), and nothing else. */
const CACHE_NAME = /^tfjs-[0-9a-f]{32}-v[\d.]+-\w+(-f[0-9a-f]{8})?(\.warm)?\.v8cache(\.\d+\.tmp)?$/;

/** This uid's, and nobody else can write it (so nobody else can have put anything in it). */
export function ownedAndPrivate(stat: Stats): boolean {
  return stat.uid === process.getuid?.() && (stat.mode & 0o022) === 0;
}

export interface CacheDirectory {
  /** Names the directory checked, whatever becomes of its path. */
  readonly path: string;
  close(): void;
}

/** The cache directory, made if missing, or undefined when it is not safely this user's. */
export function openCacheDirectory(): CacheDirectory | undefined {
  const xdg = process.env.XDG_CACHE_HOME;
  // The XDG spec: a relative value is ignored (it would follow the working directory).
  const base = xdg !== undefined && isAbsolute(xdg) ? xdg : join(homedir(), '.cache');
  const dir = join(base, 'trims');
  let fd: number;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    // a link is not the directory checked
    fd = openSync(dir, constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW);
  } catch {
    return undefined; // a read-only home, no home: compiled as without a cache
  }
  const path = `/proc/self/fd/${fd}`;
  const close = (): void => {
    try {
      closeSync(fd);
    } catch {
      // closed by someone else already (an application closing every fd)
    }
  };
  try {
    const stat = fstatSync(fd);
    const through = statSync(path); // no /proc: no cache
    if (ownedAndPrivate(stat) && through.ino === stat.ino && through.dev === stat.dev)
      return { path, close };
  } catch {
    // below
  }
  close();
  return undefined;
}

/** Deletes caches nobody has written or read for 30 days (other builds, Node versions, flags) and leftovers of crashed writes. */
export function pruneStale(dir: CacheDirectory, keep: string): void {
  try {
    const now = Date.now();
    for (const name of readdirSync(dir.path)) {
      if (name === keep || !CACHE_NAME.test(name)) continue;
      const file = join(dir.path, name);
      const stat = lstatSync(file);
      const age = now - stat.mtimeMs;
      if (
        stat.isFile() &&
        stat.uid === process.getuid?.() &&
        (age > STALE_MS || (name.endsWith('.tmp') && age > LEFTOVER_MS))
      )
        rmSync(file, { force: true });
    }
  } catch {
    // another process pruning at the same time, a read-only directory: the next write tries again
  }
}
