import type { ModelEntry, StoreTier } from '../catalog/entry';
import type { TierBudget } from './budget';

/**
 * Where a tier takes a segment from. The caller keeps (and may close) what
 * it passed as soon as `admit` returns its promise: a tier takes its own
 * reference (a map, a reopened fd) before its first await.
 */
export type SegmentSource = { memfd: number } | { file: string };

/**
 * What a client is handed. A reply may wait in the socket's queue until the
 * peer reads, and a tier's own fd may meanwhile be closed (an eviction) and
 * its number taken by another tenant's file: so a reply never carries a
 * tier's fd (`kept`), but a read-only copy of it made just before it is
 * queued (the connection's, once the reply's fds are within their bound);
 * other fds are the handout's own. All are closed once sent.
 */
export interface Handout {
  fd: number;
  /** `fd` is the tier's own, kept by it (the lease keeps it open until the reply is queued). */
  kept?: boolean;
  /** gpu tier: the device allocation exported as an fd; `fd` is then the segment's metadata. */
  device?: { allocationFd: number; allocationBytes: number; device: number };
}

/**
 * One storage tier. It owns its budget and drops its own victims when it
 * makes room; `admit` is false when no room can be made or the copy failed.
 */
export interface Tier {
  readonly name: StoreTier;
  readonly budget: TierBudget;
  has(entry: ModelEntry): boolean;
  admit(entry: ModelEntry, from: SegmentSource): Promise<boolean>;
  drop(entry: ModelEntry): void;
  /** The fd to hand a client; undefined when the tier's copy proved bad (and is now dropped). */
  fdFor(entry: ModelEntry): Promise<Handout | undefined>;
}
