import { Expiring, now } from './deadlines';

/** How long a daemon may be silent before it is asked for its health (and how long it has to answer). */
export const LIVENESS_MS = 5_000;

/** A connection of its own for a check. */
export interface CheckConnection {
  request(kind: 'health', body: object, options: { timeoutMs: number }): Promise<unknown>;
  /** Whether the daemon has sent anything on it. */
  readonly heardFrom: boolean;
  close(): void;
}

/**
 * Whether the daemon answers a connection of its own within `timeoutMs`
 * (Hello, then Health): one with many requests in hand stops reading the
 * busy connection (back-pressure), so a check sent there would wait behind
 * them. Any answer counts, a refusal at a connection limit too.
 */
export async function answers(connect: () => CheckConnection, timeoutMs: number): Promise<boolean> {
  let other: CheckConnection;
  try {
    other = connect();
  } catch {
    return false; // nobody listens there any more
  }
  try {
    await other.request('health', {}, { timeoutMs });
    return true;
  } catch {
    return other.heardFrom;
  } finally {
    other.close();
  }
}

/** What a connection's liveness check needs of it. */
export interface Watched {
  /** Requests waiting for a reply (a health check among them). */
  waiting(): number;
  /** Whether the daemon answered the Hello (before it, the Hello's own time limit is the check). */
  greeted(): boolean;
  isClosed: boolean;
  /** Wake the connection at this time (see Deadlines). */
  wakeAt(deadline: number): void;
  /** Whether the daemon answers, within `timeoutMs`, a check of its own (never throws). */
  probe(timeoutMs: number): Promise<boolean>;
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
    if (!connection.greeted()) {
      this.watch(); // a probe now would outlive a connection its Hello's time limit is about to close
      return;
    }
    if (now() - this.lastHeard < this.ms) {
      this.watch(); // heard from since: due later
      return;
    }
    void connection.probe(this.ms).then((alive) => {
      if (connection.isClosed) return; // gone already, for its own reason
      if (alive) {
        this.heard(); // busy, not hung: silent again for as long before the next check
        if (connection.waiting() > 0) this.watch();
      } else
        connection.gone(
          `stopped answering (silent for ${2 * this.ms} ms, a health check included): stopped or hung`,
        );
    });
  }
}
