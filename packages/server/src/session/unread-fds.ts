import type { SeqPacketChannel } from '@trims/native-cuda';

import type { PeerCounts } from './peer-counts';

/** The longest wait between two looks at what a peer has read. */
const MAX_POLL_MS = 1_000;
/** The shortest time between two looks at every connection holding a count (one ioctl each). */
const FULL_LOOK_MS = 100;

/**
 * The fds lent in replies that their peers have not read, per uid and in
 * all. Once the kernel takes a reply the daemon closes its own copies, but
 * the kernel counts every fd queued at a peer against the daemon's
 * RLIMIT_NOFILE until the peer reads it or hangs up (past the limit, every
 * reply with fds to every tenant fails, ETOOMANYREFS); closing the
 * connection frees none of them (the channel keeps its socket until then).
 * So they count against the uid's share from the reply's lending until
 * the connection's socket holds nothing unread (SIOCOUTQ 0).
 */
export class UnreadFdsPool {
  /** The connections holding a count, by uid: looked at again before a refusal. */
  private readonly holding = new Map<number, Set<UnreadFds>>();
  /** When every uid's were last looked at: at most every FULL_LOOK_MS, however many refusals. */
  private lookedAtAll = 0;

  constructor(readonly counts: PeerCounts) {}

  of(uid: number, channel: SeqPacketChannel): UnreadFds {
    return new UnreadFds(this, uid, channel);
  }

  /** Counts `fds` more for `uid`, or says which share leaves no room. */
  take(uid: number, fds: number): 'uid' | 'daemon' | undefined {
    const full = this.counts.claim(uid, fds);
    if (full === undefined) return undefined;
    // Read by now, maybe, on a connection not looked at since: looked at, then asked again.
    let looking = [this.holding.get(uid)];
    if (full === 'daemon' && Date.now() - this.lookedAtAll >= FULL_LOOK_MS) {
      this.lookedAtAll = Date.now();
      looking = [...this.holding.values()];
    }
    for (const held of looking) held?.forEach((connection) => connection.check());
    return this.counts.claim(uid, fds);
  }

  holds(connection: UnreadFds, uid: number, holding: boolean): void {
    const set = this.holding.get(uid) ?? new Set<UnreadFds>();
    if (holding) set.add(connection);
    else set.delete(connection);
    if (set.size > 0) this.holding.set(uid, set);
    else this.holding.delete(uid);
  }
}

/**
 * One connection's unread fds: looked at before each reply, when the peer
 * sends, and on a timer that backs off to once a second; given back once
 * its socket holds nothing unread, or is released.
 */
export class UnreadFds {
  private count = 0;
  /** Bumped at each give-back: a count taken before it is no longer in `count`. */
  private generation = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly pool: UnreadFdsPool,
    private readonly uid: number,
    private readonly channel: SeqPacketChannel,
  ) {
    channel.on('message', () => this.check());
    channel.on('released', () => this.giveBack());
  }

  /**
   * Counts `fds` more, or says which share leaves no room: undefined when
   * counted (or when the connection closed meanwhile: nothing will be sent).
   */
  take(fds: number): 'uid' | 'daemon' | undefined {
    if (this.channel.isClosed) return undefined; // else counted for good: nothing looks again
    this.check();
    const full = this.pool.take(this.uid, fds);
    if (full !== undefined) return full;
    if (this.count === 0) this.holds(true);
    this.count += fds;
    this.poll(1);
    return undefined;
  }

  /** The count's generation now: what `untake` needs, taken right after `take`. */
  get taken(): number {
    return this.generation;
  }

  /** `fds` counted (in generation `taken`) that never reached the socket (the kernel refused their message): given back. */
  untake(fds: number, taken: number): void {
    if (taken !== this.generation) return; // given back already, with everything then counted
    if (fds >= this.count) return this.giveBack();
    this.count -= fds;
    this.pool.counts.remove(this.uid, fds);
  }

  /** Given back once nothing is unread: none waits in our queue (its fds are counted too) and the socket is empty. */
  check(): void {
    if (
      this.count > 0 &&
      !this.channel.isClosed &&
      this.channel.waitingToSend === 0 &&
      this.channel.unreadBytes() === 0
    )
      this.giveBack();
  }

  private poll(ms: number): void {
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.check();
      if (this.count > 0 && !this.channel.isClosed) this.poll(Math.min(ms * 2, MAX_POLL_MS));
    }, ms).unref();
  }

  /** A connection holding unread fds keeps its socket when closed, until they are read. */
  private holds(holding: boolean): void {
    this.pool.holds(this, this.uid, holding);
    this.channel.keepUntilRead = holding;
  }

  private giveBack(): void {
    if (this.count === 0) return;
    this.generation++;
    this.pool.counts.remove(this.uid, this.count);
    this.holds(false);
    this.count = 0;
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
