/** Monotonic milliseconds (a fresh process's first `performance` costs ~0.7 ms; this, microseconds). */
export const now = (): number => process.uptime() * 1000;

/** A request in flight, as far as its deadline goes. */
export interface Expiring {
  /** When it gives up, on the clock of now(). */
  deadline: number;
  expire(): void;
}

/**
 * One connection's request deadlines on one native wake-up of its channel,
 * set to the earliest: no JS timer (a fresh process's first setTimeout
 * costs ~0.3 ms, as much as the rest of a request).
 */
export class Deadlines {
  /** The deadline the channel is set to wake at (Infinity: none). */
  private wakeAt = Infinity;

  constructor(private readonly wakeIn: (ms: number) => void) {}

  /** A request in flight gives up at `deadline`: the wake-up moves earlier when it must. */
  add(deadline: number): void {
    if (deadline >= this.wakeAt) return;
    this.wakeAt = deadline;
    this.wakeIn(Math.max(1, deadline - now()));
  }

  /** The channel woke: every request past its deadline expires; the wake-up moves to the next. */
  woke(inFlight: Iterable<Expiring>): void {
    this.wakeAt = Infinity;
    const at = now();
    let next = Infinity;
    for (const waiting of inFlight) {
      if (waiting.deadline <= at) waiting.expire();
      else next = Math.min(next, waiting.deadline);
    }
    if (next !== Infinity) this.add(next);
  }
}
