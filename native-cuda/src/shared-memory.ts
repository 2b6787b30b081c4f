import { binding } from './binding';

export interface MapOptions {
  /** First byte to map; a multiple of the page size. Default 0. */
  offset?: number;
  /** Bytes to map. Default: the rest of the file. */
  length?: number;
  /** Fault every page in now (MAP_POPULATE), so first use does not. */
  populate?: boolean;
  /** Pin the pages in RAM (mlock); needs RLIMIT_MEMLOCK room. */
  lock?: boolean;
}

export const pageSize: number = binding.pageSize;

/**
 * Maps a file descriptor read-only (PROT_READ, MAP_SHARED). The result is
 * one external ArrayBuffer; writing through it faults. The pages go when
 * the buffer is collected, or at once with unmap(). Hand out views of it,
 * never a second map of the same bytes per consumer.
 */
export function mapReadOnly(fd: number, options: MapOptions = {}): ArrayBuffer {
  const offset = options.offset ?? 0;
  const length = options.length ?? binding.fileSize(fd) - offset;
  return binding.map(fd, offset, length, false, options.populate ?? false, options.lock ?? false);
}

/**
 * A read-only map of a whole file with no ArrayBuffer over it, for memory
 * handed to APIs by address (tensors over host memory): V8 counts an
 * ArrayBuffer's bytes as external memory, and one over a large model starts
 * a full GC. `owner` keeps the map; it is unmapped when `owner` is collected.
 */
export class HostMapping {
  readonly address: bigint;
  readonly byteLength: number;
  readonly owner: object;

  private constructor(mapped: { address: bigint; byteLength: number; owner: object }) {
    this.address = mapped.address;
    this.byteLength = mapped.byteLength;
    this.owner = mapped.owner;
  }

  static map(fd: number): HostMapping {
    return new HostMapping(binding.mapHost(fd, binding.fileSize(fd)));
  }

  /** A copy of `length` bytes at `offset` (headers and tables; never the weights). */
  read(offset: number, length: number): Buffer {
    return binding.readHost(this.owner, offset, length);
  }
}

/** Gives a mapping's pages back now; the buffer is detached (length 0). */
export function unmap(buffer: ArrayBuffer): void {
  binding.unmap(buffer);
}

export function closeFd(fd: number): void {
  binding.closeFd(fd);
}

export function fileSize(fd: number): number {
  return binding.fileSize(fd);
}

export interface Seals {
  write: boolean;
  shrink: boolean;
  grow: boolean;
  seal: boolean;
}

export function seals(fd: number): Seals {
  return binding.getSeals(fd);
}

/** A new memfd and a temporary writable map of it, for one of the two below to fill. */
class UnsealedSegment {
  readonly fd: number;
  private readonly writable: ArrayBuffer | undefined;

  constructor(name: string, size: number, populate: boolean) {
    this.fd = binding.memfdCreate(name, size);
    try {
      this.writable = size > 0 ? binding.map(this.fd, 0, size, true, populate, false) : undefined;
    } catch (error) {
      binding.closeFd(this.fd);
      throw error;
    }
  }

  get bytes(): Uint8Array {
    return new Uint8Array(this.writable ?? new ArrayBuffer(0));
  }

  /** Removes the writable map and seals; or, when the fill failed (or sealing does), closes the memfd and throws. */
  finish(failed?: { error: unknown }): number {
    if (this.writable !== undefined) binding.unmap(this.writable);
    try {
      if (failed) throw failed.error;
      binding.seal(this.fd);
      return this.fd;
    } catch (error) {
      binding.closeFd(this.fd);
      throw error;
    }
  }
}

/**
 * Creates an anonymous shared segment, lets `fill` write it through a
 * temporary writable map, removes that map and seals the memfd against
 * writes, resizing and further seal changes. Returns the fd, which only
 * ever yields read-only maps from then on. No name outlives the process.
 * `fill` is told the fd too: a caller whose thread may die mid-fill (a
 * worker out of memory) records it, for its owner to close.
 */
export function createSealedSegment(
  name: string,
  size: number,
  fill: (bytes: Uint8Array, fd: number) => void,
  options: { populate?: boolean } = {},
): number {
  const segment = new UnsealedSegment(name, size, options.populate ?? false);
  try {
    fill(segment.bytes, segment.fd);
  } catch (error) {
    return segment.finish({ error });
  }
  return segment.finish();
}

/**
 * createSealedSegment with an asynchronous `fill` (e.g. a copy from the
 * device on a libuv thread): the event loop runs while the segment fills.
 */
export async function createSealedSegmentAsync(
  name: string,
  size: number,
  fill: (bytes: Uint8Array, fd: number) => Promise<void>,
): Promise<number> {
  const segment = new UnsealedSegment(name, size, false);
  try {
    await fill(segment.bytes, segment.fd);
  } catch (error) {
    return segment.finish({ error });
  }
  return segment.finish();
}
