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
 * Chooses which unheld, unpinned model a full tier gives up: the one with
 * the lowest key (keys compared element by element, later ones breaking
 * ties). A candidate's key does not change while others are evicted, so a
 * full tier sorts its candidates once however many must go. One instance
 * per tier: a policy may keep state (GDSF's clock).
 */
export interface EvictionPolicy {
  readonly name: PolicyName;
  key(candidate: Candidate): number[];
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

/** The candidates in the order the policy gives them up (each key computed once). */
export function victimOrder(policy: EvictionPolicy, candidates: readonly Candidate[]): Candidate[] {
  return candidates
    .map((candidate) => ({ candidate, key: policy.key(candidate) }))
    .sort((a, b) => compareKeys(a.key, b.key))
    .map(({ candidate }) => candidate);
}
