import { closeFd } from '@trims/native-cuda';
import { ErrorCode, TrimsError } from '@trims/protocol';

import type { HeapShare } from './thread-heap';

/**
 * The bytes of the segments being converted (and of model.json's parse),
 * counters shared by the worker threads. All conversions together stay
 * within the host budget (they land there), except that one may always run
 * alone (a model bigger than the host tier goes to disk, through memory).
 * A uid's own (other than root's and the daemon's) stay within its share of
 * the host tier, with no such exception: the tier would not take more from
 * it, and one tenant's slow origin must not hold what every other's
 * conversions need. Reserved in the worker as a model's sizes become known,
 * before its segment is allocated.
 */
export interface ConversionMemory {
  counter: SharedArrayBuffer;
  limit: number;
  /** One uid's conversions (its share); undefined: everyone's. */
  uid?: number;
}

export function conversionMemory(limit: number, uid?: number): ConversionMemory {
  return { counter: new SharedArrayBuffer(8), limit, uid };
}

/** What one conversion reserves against: everyone's count, its uid's, and its own hold. */
export interface ConversionAccount {
  memory: ConversionMemory;
  /** Its uid's share; none for root and the daemon's uid. */
  share?: ConversionMemory;
  /** The same uid's share of a conversion thread's heap for model.json (see thread-heap.ts). */
  heapShare?: HeapShare;
  hold: ConversionHold;
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

function refusal(memory: ConversionMemory, now: number, mine: number, bytes: number): string {
  if (memory.uid === undefined)
    return `the daemon is converting ${now} bytes of models already; ${bytes} more would pass ${memory.limit} (the host budget): retry later`;
  const share = `uid ${memory.uid}'s share of the host tier (${memory.limit} bytes)`;
  return mine + bytes > memory.limit
    ? `converting the model takes over ${mine + bytes} bytes, more than ${share}: load it privately`
    : `uid ${memory.uid} is converting ${now - mine} bytes of other models already; ${bytes} more would pass ${share}: retry later`;
}

/** Adds `bytes` to one count, or refuses (everyone's: unless the rest of it is this conversion's). */
function take(memory: ConversionMemory, mine: number, bytes: number, model: string): void {
  const used = new BigInt64Array(memory.counter);
  for (;;) {
    const now = Atomics.load(used, 0);
    if (Number(now) + bytes > memory.limit && (memory.uid !== undefined || Number(now) > mine)) {
      const alone = memory.uid !== undefined && mine + bytes > memory.limit;
      throw new TrimsError(
        alone ? ErrorCode.LOAD_PRIVATELY : ErrorCode.UNAVAILABLE,
        refusal(memory, Number(now), mine, bytes),
        { model, tier: 'host' },
      );
    }
    if (Atomics.compareExchange(used, 0, now, now + BigInt(bytes)) === now) return;
  }
}

const give = (memory: ConversionMemory | undefined, bytes: bigint): void => {
  if (memory !== undefined) Atomics.sub(new BigInt64Array(memory.counter), 0, bytes);
};

/** Reserves `bytes` more for this conversion, against its uid's share and everyone's count. */
export function reserveConversion(account: ConversionAccount, bytes: number, model: string): void {
  const mine = Number(Atomics.load(cellsOf(account.hold), BYTES));
  if (account.share !== undefined) take(account.share, mine, bytes, model);
  try {
    take(account.memory, mine, bytes, model);
  } catch (error) {
    give(account.share, BigInt(bytes));
    throw error;
  }
  Atomics.add(cellsOf(account.hold), BYTES, BigInt(bytes));
}

/** Gives back part of this conversion's reservation (what it held only while converting). */
export function releaseConversion(account: ConversionAccount, bytes: number): void {
  Atomics.sub(cellsOf(account.hold), BYTES, BigInt(bytes));
  give(account.share, BigInt(bytes));
  give(account.memory, BigInt(bytes));
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
export function endConversion(account: ConversionAccount): void {
  const cells = cellsOf(account.hold);
  const bytes = Atomics.exchange(cells, BYTES, 0n);
  give(account.share, bytes);
  give(account.memory, bytes);
  const memfd = Number(Atomics.exchange(cells, MEMFD, 0n)) - 1;
  if (memfd >= 0) closeFd(memfd);
}
