import { closeFd } from '@trims/native-cuda';
import { ErrorCode, TrimsError } from '@trims/protocol';

/**
 * The bytes of the segments being converted, one counter shared by the
 * worker threads: together within the host budget (conversions land there),
 * except that one conversion may always run alone (a model bigger than the
 * host tier goes to disk, through memory). Reserved in the worker once a
 * model's decoded size is known, before its segment is allocated.
 */
export interface ConversionMemory {
  counter: SharedArrayBuffer;
  limit: number;
}

export function conversionMemory(limit: number): ConversionMemory {
  return { counter: new SharedArrayBuffer(8), limit };
}

/** The bytes reserved now by conversions in flight. */
export function convertingBytes(memory: ConversionMemory): number {
  return Number(Atomics.load(new BigInt64Array(memory.counter), 0));
}

/**
 * One conversion's part of the count, and the memfd it fills, written by
 * its worker and read by the daemon once the task has settled: a worker
 * thread that dies mid-conversion (out of memory, taking every conversion
 * it runs with it) gives nothing back itself, so the daemon does, from
 * here. The worker gives back what it no longer needs as it goes, and
 * clears the memfd before it closes it or hands it over.
 */
export interface ConversionHold {
  /** BigInt64 [bytes reserved, memfd + 1 (0: none)] */
  cells: SharedArrayBuffer;
}

export function conversionHold(): ConversionHold {
  return { cells: new SharedArrayBuffer(16) };
}

const BYTES = 0;
const MEMFD = 1;

const cellsOf = (hold: ConversionHold): BigInt64Array => new BigInt64Array(hold.cells);

/** Reserves `bytes` more for this conversion; it runs alone when the rest of the count is its own. */
export function reserveConversion(
  memory: ConversionMemory,
  hold: ConversionHold,
  bytes: number,
  model: string,
): void {
  const used = new BigInt64Array(memory.counter);
  const mine = Number(Atomics.load(cellsOf(hold), BYTES));
  for (;;) {
    const now = Atomics.load(used, 0);
    if (Number(now) > mine && Number(now) + bytes > memory.limit)
      throw new TrimsError(
        ErrorCode.UNAVAILABLE,
        `the daemon is converting ${now} bytes of models already; ${bytes} more would pass ${memory.limit} (the host budget): retry later`,
        { model, tier: 'host' },
      );
    if (Atomics.compareExchange(used, 0, now, now + BigInt(bytes)) === now) break;
  }
  Atomics.add(cellsOf(hold), BYTES, BigInt(bytes));
}

/** Gives back part of this conversion's reservation (what it held only while converting). */
export function releaseConversion(
  memory: ConversionMemory,
  hold: ConversionHold,
  bytes: number,
): void {
  Atomics.sub(cellsOf(hold), BYTES, BigInt(bytes));
  Atomics.sub(new BigInt64Array(memory.counter), 0, BigInt(bytes));
}

/** The memfd this conversion fills now (undefined: none, or no longer its to close). */
export function holdMemfd(hold: ConversionHold, memfd: number | undefined): void {
  Atomics.store(cellsOf(hold), MEMFD, BigInt((memfd ?? -1) + 1));
}

/**
 * The daemon, once the conversion's task has settled (its segment placed,
 * failed, or its thread gone): gives back what the conversion still holds
 * and closes a memfd that no one took.
 */
export function endConversion(memory: ConversionMemory, hold: ConversionHold): void {
  const cells = cellsOf(hold);
  const bytes = Atomics.exchange(cells, BYTES, 0n);
  Atomics.sub(new BigInt64Array(memory.counter), 0, bytes);
  const memfd = Number(Atomics.exchange(cells, MEMFD, 0n)) - 1;
  if (memfd >= 0) closeFd(memfd);
}
