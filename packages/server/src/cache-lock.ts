import * as fs from 'node:fs';
import * as path from 'node:path';

import { lockExclusive } from '@trims/native-cuda';

import { claimOwnedDirectory } from './owned-directory';

/** The cache directory, held by this daemon: closing it lets another daemon have it. */
export interface CacheLock {
  release(): void;
}

/**
 * Makes or checks the cache directory (see claimOwnedDirectory) and takes
 * it for this daemon alone: two daemons on one
 * directory (one started from a login shell, one from cron, whose sockets
 * differ with XDG_RUNTIME_DIR) would evict and rewrite each other's files
 * under each other's catalog. An flock, not a pid file: the kernel drops it
 * however the daemon ends. Throws naming the daemon that holds it.
 */
export function claimCacheDirectory(dir: string, warn: (message: string) => void): CacheLock {
  claimOwnedDirectory(dir, 0o700, {
    name: 'cache directory',
    option: '--cache-dir or TRIMS_CACHE_DIR',
  });
  const file = path.join(dir, 'daemon.lock');
  const { O_RDWR, O_CREAT, O_NOFOLLOW } = fs.constants;
  const fd = fs.openSync(file, O_RDWR | O_CREAT | O_NOFOLLOW, 0o600);
  try {
    if (!fs.fstatSync(fd).isFile())
      throw new Error(`${file} is not a regular file: remove it (the daemon makes it anew)`);
    let locked: boolean;
    try {
      locked = lockExclusive(fd);
    } catch (error) {
      // A file system without locks (NFS without lockd: ENOLCK): served all the same, unguarded.
      warn(
        `cannot lock ${file} (${(error as Error).message}): nothing stops a second daemon on this cache directory`,
      );
      locked = true;
    }
    if (!locked) {
      const holder = fs.readFileSync(fd, 'utf8').trim();
      throw new Error(
        `the cache directory ${dir} is in use by another TrIMS daemon${/^\d+$/.test(holder) ? ` (pid ${holder})` : ''}: a cache directory serves one daemon; give this one its own --cache-dir (or stop the other)`,
      );
    }
    fs.ftruncateSync(fd);
    fs.writeSync(fd, `${process.pid}\n`, 0);
  } catch (error) {
    fs.closeSync(fd);
    throw error;
  }
  let held = true;
  return {
    release: () => {
      if (held) fs.closeSync(fd);
      held = false;
    },
  };
}
