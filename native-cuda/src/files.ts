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

/** What the daemon checks of an fd a peer attached (see inspectFiles). */
export interface InspectedFile {
  dev: bigint;
  ino: bigint;
  size: bigint;
  mtimeNs: bigint;
  ctimeNs: bigint;
  /** The kernel's name for the open file (not a lookup), as /proc/self/fd shows it. */
  name: string;
  isFile: boolean;
  /** Open for reading: false for O_PATH (which needs no read permission) or write-only. */
  readable: boolean;
  /** `name`, looked up in this process's mount namespace now, leads to this very file; or, where this process may not look it up (EACCES), the file is on one of this process's own mounts. */
  atItsName: boolean;
}

const REGULAR = 1n;
const READABLE = 2n;
const AT_ITS_NAME = 4n;

/**
 * fstat, readlink of /proc/self/fd, F_GETFL and a stat of the name, for
 * every fd, on a libuv thread: a model's thousands of shards cost the
 * event loop one array, not four syscalls each. Rejects with a
 * NativeError naming the first fd fstat or readlink refused (EBADF);
 * throws at once for anything but an array of numbers.
 */
export function inspectFiles(fds: readonly number[]): Promise<InspectedFile[]> {
  const inspecting = binding.inspectFiles(fds); // arguments that are not fds throw here, not later
  return inspecting.then(({ fields, names }) => inflate(fds.length, fields, names));
}

function inflate(count: number, fields: BigUint64Array, names: string): InspectedFile[] {
  const stride = binding.inspectFields;
  const split = names.split('\0');
  return Array.from({ length: count }, (_, index) => {
    const at = index * stride;
    const flags = fields[at + 5]!;
    return {
      dev: fields[at]!,
      ino: fields[at + 1]!,
      size: fields[at + 2]!,
      mtimeNs: fields[at + 3]!,
      ctimeNs: fields[at + 4]!,
      name: split[index]!,
      isFile: (flags & REGULAR) !== 0n,
      readable: (flags & READABLE) !== 0n,
      atItsName: (flags & AT_ITS_NAME) !== 0n,
    };
  });
}

/**
 * Takes an exclusive flock on the file, without waiting: false when another
 * open file holds it. It lasts while `fd` (or a dup of it) is open, and
 * goes with the process however it ends.
 */
export function lockExclusive(fd: number): boolean {
  return binding.lockExclusive(fd);
}
