import { binding } from './binding';

/**
 * Opens every path read-only (non-blocking, close-on-exec), in order, in
 * one native call, with this process's rights. On a failure none stays
 * open and the NativeError names the path (`path`, `index`, errno `code`).
 */
export function openFiles(paths: readonly string[]): number[] {
  return binding.openFiles(paths);
}
