/** Records kept for a database that cannot take them now, at most this many. */
export const MAX_UNWRITTEN = 10_000;

/**
 * Who used and pinned which model: what a restart reads back, and who may
 * then see and evict what. A record the database cannot take now (a full
 * disk) is kept here and written again, in order, after the next record
 * that goes in. A later record of the same key (a pin, then its removal)
 * replaces the earlier. Past MAX_UNWRITTEN the oldest goes (`dropped`).
 */
export class UnwrittenRecords {
  private readonly records = new Map<string, () => boolean>();

  constructor(private readonly dropped: () => void) {}

  get size(): number {
    return this.records.size;
  }

  /** A model forgotten: its records waiting go too (a refunded pin must not come back). */
  forget(digest: string): void {
    if (this.records.size === 0) return;
    for (const key of this.records.keys())
      if (key.split(' ')[1] === digest) this.records.delete(key);
  }

  /** `key`: "<kind> <digest> ..."; `attempt` writes the record, false when the database did not take it. */
  write(key: string, attempt: () => boolean): void {
    this.records.delete(key);
    if (!attempt()) {
      this.records.set(key, attempt);
      for (const oldest of this.records.keys()) {
        if (this.records.size <= MAX_UNWRITTEN) break;
        this.records.delete(oldest);
        this.dropped();
      }
      return;
    }
    for (const [waiting, again] of this.records) {
      if (!again()) return; // still full: the rest wait too
      this.records.delete(waiting);
    }
  }
}
