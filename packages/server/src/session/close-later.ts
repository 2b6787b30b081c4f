import * as fs from 'node:fs';

/**
 * Closes `fd` on a libuv thread. A peer's fd, or a reply's memfd, may be the
 * last reference to a large memfd, and the kernel frees every page of it
 * inside close: gigabytes take the event loop for a second.
 */
export function closeLater(fd: number): void {
  fs.close(fd, () => undefined);
}
