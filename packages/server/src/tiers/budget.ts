import type { ModelEntry, StoreTier } from '../catalog/entry';
import type { Candidate, EvictionPolicy } from '../policies/policy';

/**
 * A tier's byte budget and its members. Room is made by evicting, as the
 * policy chooses, models that no client holds and nobody pinned.
 */
export class TierBudget {
  private readonly members = new Map<string, ModelEntry>();
  private readonly admittedAt = new Map<string, number>();
  private sequence = 0;
  used = 0;

  constructor(
    readonly name: StoreTier,
    readonly budget: number,
    readonly policy: EvictionPolicy,
  ) {}

  get size(): number {
    return this.members.size;
  }

  has(entry: ModelEntry): boolean {
    return this.members.has(entry.digest);
  }

  /**
   * Evicts until `bytes` more fit, never `keep`; false when that cannot be
   * done (everything left is held or pinned, or the model is bigger than the budget).
   */
  makeRoom(bytes: number, evict: (victim: ModelEntry) => void, keep?: ModelEntry): boolean {
    if (bytes > this.budget) return false;
    while (this.used + bytes > this.budget) {
      const candidates = [...this.members.values()]
        .filter((m) => m.evictable && m !== keep)
        .map((m) => this.candidate(m));
      const choice = this.policy.victim(candidates);
      if (choice === undefined) return false;
      const victim = this.members.get(choice.digest)!;
      this.policy.evicted(choice);
      evict(victim);
    }
    return true;
  }

  admit(entry: ModelEntry): void {
    if (this.members.has(entry.digest)) return;
    this.members.set(entry.digest, entry);
    this.admittedAt.set(entry.digest, ++this.sequence);
    this.used += entry.bytes;
    this.policy.admitted(this.candidate(entry));
  }

  private candidate(m: ModelEntry): Candidate {
    return {
      digest: m.digest,
      bytes: m.bytes,
      opens: m.opens,
      lastUsed: m.useOrder,
      admitted: this.admittedAt.get(m.digest) ?? 0,
    };
  }

  remove(entry: ModelEntry): void {
    if (!this.members.delete(entry.digest)) return;
    this.admittedAt.delete(entry.digest);
    this.used -= entry.bytes;
  }

  entries(): ModelEntry[] {
    return [...this.members.values()];
  }
}
