import * as fs from 'node:fs';
import * as path from 'node:path';

/** Which directory, for messages, and the option that moves it. */
export interface DirectoryPurpose {
  name: string;
  option: string;
}

/** Makes `dir` and its missing parents; a failure names the real cause (a recursive mkdir says ENOENT for EROFS or EACCES). */
function makeDirectory(dir: string, mode: number, purpose: DirectoryPurpose): void {
  try {
    // Parents it makes are owner-only: the group mode is for this one directory, not the
    // cache directory above it, say (its names would show)
    fs.mkdirSync(path.dirname(dir), { recursive: true, mode: 0o700 });
    fs.mkdirSync(dir, { recursive: true, mode });
  } catch (error) {
    let missing = dir;
    while (!fs.existsSync(path.dirname(missing))) missing = path.dirname(missing);
    let cause = error as Error;
    try {
      fs.mkdirSync(missing, { mode }); // the first directory that could not be made: its own error
    } catch (first) {
      cause = first as Error;
    }
    throw new Error(
      `cannot create the ${purpose.name} ${dir}: ${cause.message}; give it a place this user may write (${purpose.option})`,
      { cause },
    );
  }
  fs.chmodSync(dir, mode);
}

/**
 * Makes `dir` (with `mode`, whatever the umask) or checks the one there: a
 * real directory (not a link), the daemon's uid's or root's, writable by
 * nobody else, and by the daemon. Another user who could write in it could
 * put a socket, a link or a file there in place of the daemon's, and the
 * daemon (root, perhaps) would follow it. Throws naming what is wrong.
 */
export function claimOwnedDirectory(dir: string, mode: number, purpose: DirectoryPurpose): void {
  if (!fs.existsSync(dir)) makeDirectory(dir, mode, purpose);
  const stat = fs.lstatSync(dir);
  const uid = process.getuid?.() ?? 0;
  if (!stat.isDirectory() || (stat.uid !== uid && stat.uid !== 0) || (stat.mode & 0o022) !== 0)
    throw new Error(
      `the ${purpose.name} ${dir} must be a directory (not a link) of uid ${uid} (or root) that nobody else may write (it is ${stat.isSymbolicLink() ? 'a link' : stat.isDirectory() ? 'a directory' : 'not a directory'}, uid ${stat.uid}, mode ${(stat.mode & 0o7777).toString(8)}): another user could put files there that the daemon would use`,
    );
  try {
    fs.accessSync(dir, fs.constants.W_OK | fs.constants.X_OK);
  } catch (error) {
    // A read-only file system, say: found now, not as a failed write later.
    throw new Error(
      `the ${purpose.name} ${dir} is not writable: ${(error as Error).message}; give it a place this user may write (${purpose.option})`,
      { cause: error },
    );
  }
}
