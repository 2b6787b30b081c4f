import { binding } from './binding';

/**
 * Opens every path read-only (non-blocking, close-on-exec), in order, in
 * one native call, with this process's rights. On a failure none stays
 * open and the NativeError names the path (`path`, `index`, errno `code`).
 */
export function openFiles(paths: readonly string[]): number[] {
  return binding.openFiles(paths);
}

/** Closes every fd in one native call; then throws the first failure (its NativeError names the fd). */
export function closeFiles(fds: readonly number[]): void {
  binding.closeFiles(fds);
}

/**
 * Whether reads through `fd` are allowed: false for one opened O_PATH (which
 * needs no read permission on the file) or write-only. Throws (EBADF) for a
 * closed fd.
 */
export function openedForReading(fd: number): boolean {
  return binding.openedForReading(fd);
}

/**
 * Takes an exclusive flock on the file, without waiting: false when another
 * open file holds it. It lasts while `fd` (or a dup of it) is open, and
 * goes with the process however it ends.
 */
export function lockExclusive(fd: number): boolean {
  return binding.lockExclusive(fd);
}
