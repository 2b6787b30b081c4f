import { ErrorCode, TrimsError } from '@trims/protocol';

import type { ModelEntry } from './catalog/entry';
import type { Tenancy } from './tenancy';

/** Where pins outlive a restart (the catalog). */
export interface PinStore {
  add(entry: ModelEntry, uid: number): void;
  remove(entry: ModelEntry, uid: number): void;
  of(entry: ModelEntry): number[];
}

/**
 * Who pinned what. Several uids may pin one model; each pays for it
 * against its own quota, and each unpins only its own pin (an admin, root
 * or the daemon's uid, may remove every pin).
 */
export class PinLedger {
  private readonly bytesByUid = new Map<number, number>();

  constructor(
    private readonly quota: number,
    private readonly admins: Pick<Tenancy, 'isAdmin'>,
    private readonly store?: PinStore,
  ) {}

  pinnedBytes(uid: number): number {
    return this.bytesByUid.get(uid) ?? 0;
  }

  pin(entry: ModelEntry, uid: number, model: string): void {
    if (entry.pins.has(uid)) return;
    this.take(entry, uid, model);
    this.store?.add(entry, uid);
  }

  /** The pins kept from before a restart, on the models found again; one now over its uid's quota goes. */
  restore(entries: readonly ModelEntry[]): void {
    if (this.store === undefined) return;
    for (const entry of entries)
      for (const uid of this.store.of(entry))
        try {
          this.take(entry, uid, entry.digest); // its row is there already
        } catch {
          this.store.remove(entry, uid);
        }
  }

  /** Throws QUOTA_EXCEEDED when `uid` could not pin `entry` now (asked before the work a pin follows). */
  check(entry: ModelEntry, uid: number, model: string): void {
    const pinned = this.pinnedBytes(uid);
    if (!entry.pins.has(uid) && pinned + entry.bytes > this.quota)
      throw new TrimsError(
        ErrorCode.QUOTA_EXCEEDED,
        `uid ${uid} has ${pinned} bytes pinned; ${entry.bytes} more exceeds the quota of ${this.quota}`,
        { model },
      );
  }

  /** Counts a pin against its uid's quota, or throws QUOTA_EXCEEDED. */
  private take(entry: ModelEntry, uid: number, model: string): void {
    this.check(entry, uid, model);
    entry.pins.add(uid);
    this.bytesByUid.set(uid, this.pinnedBytes(uid) + entry.bytes);
  }

  /** The model left every tier (evicted, or a bad copy dropped): its pins go, and their bytes back to their uids. */
  forgotten(entry: ModelEntry): void {
    for (const owner of entry.pins)
      this.bytesByUid.set(owner, this.pinnedBytes(owner) - entry.bytes);
    entry.pins.clear();
  }

  /** Takes `uid`'s own pin off a model that stays (others use or pinned it); its bytes go back. */
  unpin(entry: ModelEntry, uid: number): void {
    if (!entry.pins.delete(uid)) return;
    this.bytesByUid.set(uid, this.pinnedBytes(uid) - entry.bytes);
    this.store?.remove(entry, uid);
  }

  /**
   * Whether `uid` may evict a model with these pins: its own, or any for
   * an admin. The pins go with the model when it leaves every tier
   * (forgotten), not when it leaves one: still cached, it is still pinned.
   */
  mayRemove(entry: ModelEntry, uid: number): boolean {
    return this.admins.isAdmin(uid) || [...entry.pins].every((owner) => owner === uid);
  }
}
