import type { Logger } from 'pino';

/**
 * A problem that can repeat thousands of times a second (accept failing
 * with EMFILE, a peer over its limit) is logged at most once per interval,
 * with how many times it happened since the last line.
 */
export class ThrottledLog {
  private last = 0;
  private suppressed = 0;

  constructor(
    private readonly log: Logger,
    private readonly message: string,
    private readonly intervalMs = 5_000,
  ) {}

  report(fields: object): void {
    const now = Date.now();
    if (now - this.last < this.intervalMs) {
      this.suppressed++;
      return;
    }
    this.log.warn({ ...fields, repeated: this.suppressed }, this.message);
    this.last = now;
    this.suppressed = 0;
  }
}
