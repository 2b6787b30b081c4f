import { ErrorCode, TrimsError } from '@trims/protocol';

/**
 * The bytes of the segments being converted, one counter shared by the
 * worker threads: together within the host budget (conversions land there),
 * except that one conversion may always run alone (a model bigger than the
 * host tier goes to disk, through memory). Reserved in the worker once a
 * model's decoded size is known, before its segment is allocated; given
 * back by whoever ends the conversion (the worker on failure, else the
 * daemon once the model is placed).
 */
export interface ConversionMemory {
  counter: SharedArrayBuffer;
  limit: number;
}

export function conversionMemory(limit: number): ConversionMemory {
  return { counter: new SharedArrayBuffer(8), limit };
}

/** `mine`: what this conversion has reserved already (it runs alone when the rest is its own). */
export function reserveConversion(
  memory: ConversionMemory,
  bytes: number,
  model: string,
  mine = 0,
): void {
  const used = new BigInt64Array(memory.counter);
  for (;;) {
    const now = Atomics.load(used, 0);
    if (Number(now) > mine && Number(now) + bytes > memory.limit)
      throw new TrimsError(
        ErrorCode.UNAVAILABLE,
        `the daemon is converting ${now} bytes of models already; ${bytes} more would pass ${memory.limit} (the host budget): retry later`,
        { model, tier: 'host' },
      );
    if (Atomics.compareExchange(used, 0, now, now + BigInt(bytes)) === now) return;
  }
}

/**
 * Nothing converts now (the daemon knows every conversion it started): the
 * count is 0, whatever a worker thread that died mid-conversion (out of
 * memory, say) could not give back.
 */
export function noConversionsLeft(memory: ConversionMemory): void {
  Atomics.store(new BigInt64Array(memory.counter), 0, 0n);
}

export function releaseConversion(memory: ConversionMemory, bytes: number): void {
  Atomics.sub(new BigInt64Array(memory.counter), 0, BigInt(bytes));
}
