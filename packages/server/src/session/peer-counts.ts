/** One uid's draw on a PeerCounts (every connection of that uid draws on it). */
export interface Allowance {
  take(count: number): boolean;
  give(count: number): void;
  /** take(), or, when there is no room, whose limit leaves none: this uid's or all uids'. */
  claim(count: number): 'uid' | 'daemon' | undefined;
}

/**
 * Counts per uid (connections, held files, handles) within a limit per uid
 * and, where given, one for the whole daemon: per-uid limits add up over
 * uids, and a few tenants together must not take all of a resource (the
 * daemon's fds) that every other peer needs.
 */
export class PeerCounts {
  private readonly counts = new Map<number, number>();
  private total = 0;

  constructor(
    readonly limit: number,
    readonly daemonLimit = Infinity,
  ) {}

  /** Whether the daemon-wide limit leaves no room for `amount` more. */
  daemonFull(amount = 1): boolean {
    return this.total + amount > this.daemonLimit;
  }

  add(uid: number, amount = 1): boolean {
    const count = this.counts.get(uid) ?? 0;
    if (count + amount > this.limit || this.daemonFull(amount)) return false;
    this.counts.set(uid, count + amount);
    this.total += amount;
    return true;
  }

  /** add(), or, when there is no room, whose limit leaves none: `uid`'s or the daemon's. */
  claim(uid: number, amount: number): 'uid' | 'daemon' | undefined {
    if (this.add(uid, amount)) return undefined;
    return this.daemonFull(amount) ? 'daemon' : 'uid';
  }

  /** `uid`'s allowance of this count. */
  of(uid: number): Allowance {
    return {
      take: (count) => this.add(uid, count),
      give: (count) => this.remove(uid, count),
      claim: (count) => this.claim(uid, count),
    };
  }

  remove(uid: number, amount = 1): void {
    const held = this.counts.get(uid) ?? 0;
    const taken = Math.min(held, amount);
    if (held - taken > 0) this.counts.set(uid, held - taken);
    else this.counts.delete(uid);
    this.total -= taken;
  }
}
