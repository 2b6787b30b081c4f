import type { TierName } from '@trims/protocol';

import type { DeviceCopy } from '../tiers/gpu-tier';

export type StoreTier = Exclude<TierName, 'remote'>;

let useClock = 0;

/** One model (one digest), wherever it is held. */
export class ModelEntry {
  readonly urls = new Set<string>();
  /** The sealed memfd of the host tier. */
  hostFd: number | undefined;
  /** The file of the disk tier, and whether its checksum was checked in this daemon's life. */
  diskFile: string | undefined;
  diskVerified = false;
  /** The device copy (gpu tier). */
  gpu: DeviceCopy | undefined;
  /** Where the tensor data starts in the segment. */
  dataOffset = 0;
  refs = 0;
  hits = 0;
  opens = 0;
  pinnedBy: number | undefined;
  /** Wall-clock time of the last open, for people. */
  lastUsed = Date.now();
  /** Order of the last open, for policies (two opens in one millisecond still differ). */
  useOrder = 0;

  constructor(
    readonly digest: string,
    readonly bytes: number,
  ) {}

  get pinned(): boolean {
    return this.pinnedBy !== undefined;
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
