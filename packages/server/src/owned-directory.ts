import * as fs from 'node:fs';

/**
 * Makes `dir` (with `mode`, whatever the umask) or checks the one there: a
 * real directory (not a link), the daemon's uid's or root's, writable by
 * nobody else. Another user who could write in it could put a socket, a
 * link or a file there in place of the daemon's, and the daemon (root,
 * perhaps) would follow it. Throws naming what is wrong.
 */
export function claimOwnedDirectory(dir: string, mode: number, purpose: string): void {
  if (!fs.existsSync(dir)) {
    fs.mkdirSync(dir, { recursive: true, mode });
    fs.chmodSync(dir, mode);
  }
  const stat = fs.lstatSync(dir);
  const uid = process.getuid?.() ?? 0;
  if (!stat.isDirectory() || (stat.uid !== uid && stat.uid !== 0) || (stat.mode & 0o022) !== 0)
    throw new Error(
      `the ${purpose} ${dir} must be a directory (not a link) of uid ${uid} (or root) that nobody else may write (it is ${stat.isSymbolicLink() ? 'a link' : stat.isDirectory() ? 'a directory' : 'not a directory'}, uid ${stat.uid}, mode ${(stat.mode & 0o7777).toString(8)}): another user could put files there that the daemon would use`,
    );
}
