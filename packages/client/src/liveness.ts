import { Expiring, now } from './deadlines';

/** How long a daemon may be silent before it is asked for its health (and how long it has to answer). */
export const LIVENESS_MS = 5_000;

/** What a connection's liveness check needs of it. */
export interface Watched {
  /** Requests waiting for a reply (a health check among them). */
  waiting(): number;
  isClosed: boolean;
  /** Wake the connection at this time (see Deadlines). */
  wakeAt(deadline: number): void;
  /** Ask the daemon for its health, within `timeoutMs`. */
  probe(timeoutMs: number): Promise<unknown>;
  /** The daemon did not answer: close the connection, failing every request with `why`. */
  gone(why: string): void;
}

/**
 * While requests wait (an Open that converts a large model may take
 * minutes), a daemon silent for `ms` is asked for its health, which it must
 * answer within `ms`: its event loop never does work that grows with a
 * model, so one that cannot is stopped or hung, and the caller can fall
 * back instead of waiting out a request's whole time limit.
 */
export class Liveness {
  private lastHeard = now();
  /** The health check due, while requests wait. */
  private due: Expiring | undefined;

  constructor(
    readonly ms: number,
    private readonly connection: Watched,
  ) {}

  /** The daemon sent something. */
  heard(): void {
    this.lastHeard = now();
  }

  /** A request is waiting: a health check is due once the daemon has been silent for `ms`. */
  watch(): void {
    if (this.due !== undefined) return;
    this.due = { deadline: this.lastHeard + this.ms, expire: () => this.check() };
    this.connection.wakeAt(this.due.deadline);
  }

  /** The health check due, for the connection's wake-up to expire with its requests. */
  pending(): Expiring[] {
    return this.due === undefined ? [] : [this.due];
  }

  private check(): void {
    this.due = undefined;
    const { connection } = this;
    if (connection.waiting() === 0 || connection.isClosed) return;
    if (now() - this.lastHeard < this.ms) {
      this.watch(); // heard from since: due later
      return;
    }
    connection.probe(this.ms).then(
      () => {
        if (connection.waiting() > 0) this.watch();
      },
      () => {
        if (connection.isClosed) return; // gone already, for its own reason
        connection.gone(
          `stopped answering (silent for ${2 * this.ms} ms, a health check included): stopped or hung`,
        );
      },
    );
  }
}
