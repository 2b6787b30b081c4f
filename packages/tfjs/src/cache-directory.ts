/**
 * This user's directory of the bundle's code caches. It is checked when
 * opened and reached through /proc/self/fd/N while open, so a directory
 * swapped for a link meanwhile (by another user who can write an ancestor
 * of $XDG_CACHE_HOME) is never read from, written into or pruned. It is
 * not held between the reads at import and the write at exit: it is opened
 * again then, and used only if it is still the directory checked.
 */
import {
  BigIntStats,
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  rmSync,
  statSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

/** Caches not rewritten (nor read, see readCache) for this long are deleted. */
const STALE_MS = 30 * 24 * 3600 * 1000;
/** What a killed write leaves: deleted by the first write an hour or more later. */
const LEFTOVER_MS = 3600 * 1000;
/** The names requireWithCompileCache writes (any Node version, pre-releases too), and nothing else. */
const CACHE_NAME = /^tfjs-[0-9a-f]{32}-v\d[\w.+-]*\.v8cache(\.[\w-]+\.tmp)?$/;

/** This uid's, and nobody else can write it (so nobody else can have put anything in it). */
export function ownedAndPrivate(stat: { uid: number | bigint; mode: number | bigint }): boolean {
  return Number(stat.uid) === process.getuid?.() && (Number(stat.mode) & 0o022) === 0;
}

export interface CacheDirectory {
  /** Names the directory checked, while it is open, whatever becomes of its path. */
  readonly path: string;
  close(): void;
  /** The same directory, opened again after close; undefined when its name now leads elsewhere. */
  reopen(): CacheDirectory | undefined;
}

function openChecked(dir: string, same?: BigIntStats): CacheDirectory | undefined {
  let fd: number;
  try {
    // a link is not the directory checked
    fd = openSync(dir, constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW);
  } catch {
    return undefined;
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
    const stat = fstatSync(fd, { bigint: true });
    const through = statSync(path, { bigint: true }); // no /proc: no cache
    const sameFile = (a: BigIntStats, b: BigIntStats): boolean =>
      a.dev === b.dev && a.ino === b.ino;
    if (
      ownedAndPrivate(stat) &&
      sameFile(through, stat) &&
      (same === undefined || sameFile(same, stat))
    )
      return { path, close, reopen: () => openChecked(dir, stat) };
  } catch {
    // below
  }
  close();
  return undefined;
}

/** The cache directory, made if missing, or undefined when it is not safely this user's. */
export function openCacheDirectory(): CacheDirectory | undefined {
  try {
    const xdg = process.env.XDG_CACHE_HOME;
    // The XDG spec: a relative value is ignored (it would follow the working directory).
    const base = xdg !== undefined && isAbsolute(xdg) ? xdg : join(homedir(), '.cache');
    const dir = join(base, 'trims');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    return openChecked(dir);
  } catch {
    return undefined; // no home (a uid without a passwd entry), a read-only one: no cache
  }
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
