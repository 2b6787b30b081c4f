import type { TierName } from '@trims/protocol';

import type { DeviceCopy } from '../tiers/gpu-tier';

export type StoreTier = Exclude<TierName, 'remote'>;

let useClock = 0;

/** What the disk tier recorded of its file, to notice a file replaced, truncated or removed under it. */
export interface DiskIdentity {
  dev: number;
  ino: number;
  size: number;
  /** A write in place (a flipped byte) changes it. */
  mtimeMs: number;
}

/**
 * One model (one digest), wherever it is held. Each tier writes only its
 * own field; the PinLedger writes `pins`; leases move `refs`.
 */
export class ModelEntry {
  readonly urls = new Set<string>();
  /** The host tier's sealed memfd. */
  hostFd: number | undefined;
  /** The disk tier's file, what it looked like when written, and whether its checksum held in this daemon's life. */
  diskFile: string | undefined;
  diskIdentity: DiskIdentity | undefined;
  diskVerified = false;
  /** Its copy to disk being written: counted in the disk tier, not yet served from it. */
  diskWrite: Promise<boolean> | undefined;
  /** The device copy (gpu tier). */
  gpu: DeviceCopy | undefined;
  /** Its device copy being read back into another tier (it is in none meanwhile). */
  demoting: Promise<void> | undefined;
  /** Where the tensor data starts in the segment. */
  dataOffset = 0;
  refs = 0;
  /** The references by uid (they sum to `refs`). */
  readonly holders = new Map<number, number>();
  hits = 0;
  opens = 0;
  /** uids that pinned this model (each counts it against its own quota). */
  readonly pins = new Set<number>();
  /**
   * Each uid that opened or preloaded it (they, and admins, see it): the
   * URLs it used (kept in the catalog across restarts), its hits and its
   * last use (wall clock; this daemon's life only), which are all that uid
   * is shown of its use (the same model may have reached others by their
   * own URLs).
   */
  readonly users = new Map<number, { urls: Set<string>; hits: number; lastUsed: number }>();
  /** The uid whose request brought it into the cache (counted in that uid's share). */
  admittedBy: number | undefined;
  /** Wall-clock time of the last open, for people. */
  lastUsed = Date.now();
  /** Order of the last open, for policies (two opens in one millisecond still differ). */
  useOrder = 0;

  constructor(
    readonly digest: string,
    readonly bytes: number,
  ) {}

  get pinned(): boolean {
    return this.pins.size > 0;
  }

  /** Held by a client or pinned: no tier may give it up. */
  get evictable(): boolean {
    return this.refs === 0 && !this.pinned;
  }

  tiers(): StoreTier[] {
    const held: StoreTier[] = [];
    if (this.gpu) held.push('gpu');
    if (this.hostFd !== undefined) held.push('host');
    if (this.diskFile !== undefined) held.push('disk');
    return held;
  }

  touch(): void {
    this.opens++;
    this.lastUsed = Date.now();
    this.useOrder = ++useClock;
  }
}
