import type { ReadableStreamDefaultReader, ReadableStreamReadResult } from 'node:stream/web';

import type { OriginTimeouts } from './source';

/**
 * One model's fetch against its origin's time limits: each wait lasts the
 * phase's own timeout (headers, or between two body pieces), or less when
 * what is left of the whole fetch's time ends first. The clock starts at
 * the first wait, not when the fetch was queued.
 */
export class FetchDeadline {
  private deadline: number | undefined;

  constructor(readonly timeouts: OriginTimeouts) {}

  /** What a fetch stopped by its whole time limit says, `what` naming where it was. */
  exceeded(what: string): string {
    return `the model's fetch took over ${this.timeouts.totalMs} ms in all, ${what} (total)`;
  }

  /** How long the next wait may last; `total` when the whole fetch's time is what ends it. */
  wait(phase: 'headersMs' | 'idleMs'): { ms: number; total: boolean } {
    const phaseMs = this.timeouts[phase];
    this.deadline ??= Date.now() + this.timeouts.totalMs;
    const left = Math.max(0, this.deadline - Date.now());
    return left < phaseMs ? { ms: left, total: true } : { ms: phaseMs, total: false };
  }
}

/** The next piece of a body, or 'timeout' when none came within `ms`. */
export async function nextPiece<T>(
  reader: ReadableStreamDefaultReader<T> | undefined,
  ms: number,
): Promise<ReadableStreamReadResult<T> | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      reader?.read() ?? Promise.resolve({ done: true as const, value: undefined }),
      new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
