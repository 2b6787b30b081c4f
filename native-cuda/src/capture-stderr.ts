import { fstatSync, readSync, writeSync } from 'node:fs';

import { binding } from './binding';

/**
 * Runs `work` with this process's stderr (fd 2) going into a memfd, then
 * writes back every captured line that `keep` accepts: for a library that
 * prints while it loads, before any setting of its own can quiet it.
 * Nothing else is lost, and an error thrown by `work` is thrown on.
 */
export function filterStderr<T>(work: () => T, keep: (line: string) => boolean): T {
  const capture = binding.memfdCreate('trims-stderr', 0);
  let saved: number;
  try {
    saved = binding.redirectFd(2, capture);
  } catch (error) {
    binding.closeFd(capture);
    throw error;
  }
  try {
    return work();
  } finally {
    binding.restoreFd(2, saved);
    const text = Buffer.alloc(fstatSync(capture).size);
    readSync(capture, text, 0, text.length, 0);
    binding.closeFd(capture);
    const kept = text
      .toString('utf8')
      .split(/(?<=\n)/)
      .filter(keep)
      .join('');
    if (kept !== '') writeSync(2, kept);
  }
}
