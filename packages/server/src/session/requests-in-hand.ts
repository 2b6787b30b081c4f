/**
 * The requests being answered on every connection, and whether the daemon
 * drains. A drain closes the connections only once each request it read
 * has its answer queued: an Open waiting on a fetch the drain stopped is
 * told SHUTTING_DOWN, not left to find its connection closed. Counted from
 * the request's read to its answer's queueing, not its sending: a peer
 * that does not read cannot hold the drain.
 */
export class RequestsInHand {
  draining = false;
  private count = 0;
  private readonly waiting: Array<() => void> = [];

  begin(): void {
    this.count++;
  }

  end(): void {
    if (--this.count === 0) this.waiting.splice(0).forEach((resolve) => resolve());
  }

  /** Resolves once no request is being answered. */
  answered(): Promise<void> {
    return this.count === 0
      ? Promise.resolve()
      : new Promise((resolve) => this.waiting.push(resolve));
  }
}
