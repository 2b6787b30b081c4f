/** What a policy may look at: the model's use, as the catalog keeps it. */
export interface Candidate {
  readonly digest: string;
  readonly bytes: number;
  /** Opens in the daemon's lifetime (or since found on disk). */
  readonly opens: number;
  /** Order of the last use (higher is more recent). */
  readonly lastUsed: number;
  /** Order of admission into the tier being evicted from. */
  readonly admitted: number;
}

/**
 * Chooses which unheld, unpinned model a full tier gives up. One instance
 * per tier: a policy may keep state (GDSF's clock).
 */
export interface EvictionPolicy {
  readonly name: PolicyName;
  victim(candidates: readonly Candidate[]): Candidate | undefined;
  /** Told when a model enters the tier. */
  admitted(entrant: Candidate): void;
  /** Told after each eviction. */
  evicted(victim: Candidate): void;
}

export type PolicyName = 'lru' | 'lfu' | 'fifo' | 'gdsf';
export const POLICY_NAMES: readonly PolicyName[] = ['lru', 'lfu', 'fifo', 'gdsf'];

function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/** The item with the smallest key, keys compared element by element (later elements break ties). */
export function lowest<T>(items: readonly T[], key: (item: T) => number[]): T | undefined {
  let best: T | undefined;
  let bestKey: number[] = [];
  for (const item of items) {
    const k = key(item);
    if (best === undefined || compareKeys(k, bestKey) < 0) {
      best = item;
      bestKey = k;
    }
  }
  return best;
}
