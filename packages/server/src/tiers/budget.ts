import type { ModelEntry, StoreTier } from '../catalog/entry';
import { Candidate, EvictionPolicy, victimOrder } from '../policies/policy';

/**
 * A tier's byte budget and its members, at most `maxMembers` of them (a
 * member may hold an fd: tiny models must not use up the daemon's fds
 * within the bytes). A member costs what its copy takes: its bytes rounded
 * up to the tier's allocation unit (a device allocates whole granules of
 * 2 MiB: a model of a few bytes takes one). Room is made by evicting, as
 * the policy chooses, models that no client holds and nobody pinned; the
 * victim leaves the budget whatever the tier's drop did, so making room
 * always ends.
 */
export class TierBudget {
  private readonly members = new Map<string, ModelEntry>();
  private readonly admittedAt = new Map<string, number>();
  private sequence = 0;
  used = 0;
  /** Told of every victim (counters, logs). */
  onEvicted: (victim: ModelEntry, tier: StoreTier) => void = () => undefined;

  constructor(
    readonly name: StoreTier,
    readonly budget: number,
    readonly policy: EvictionPolicy,
    private readonly dropVictim: (victim: ModelEntry) => void,
    /** Whether the tier's copy is in place (a member still being filled is not a victim). */
    readonly holds: (entry: ModelEntry) => boolean,
    readonly maxMembers = Infinity,
    /** What the tier allocates in: a copy takes whole units. */
    private readonly unit = 1,
  ) {}

  /** The bytes `entry`'s copy takes in this tier. */
  charge(entry: ModelEntry): number {
    return Math.ceil(entry.bytes / this.unit) * this.unit;
  }

  /** The budget of a tier that drops its own victims, after `beforeEvict` (a demotion) when given. */
  static of(
    tier: { has(entry: ModelEntry): boolean; drop(entry: ModelEntry): void },
    name: StoreTier,
    bytes: number,
    policy: EvictionPolicy,
    beforeEvict?: (victim: ModelEntry) => void,
    maxMembers?: number,
    unit?: number,
  ): TierBudget {
    const evict = (victim: ModelEntry): void => {
      beforeEvict?.(victim);
      tier.drop(victim);
    };
    const holds = (entry: ModelEntry): boolean => tier.has(entry);
    return new TierBudget(name, bytes, policy, evict, holds, maxMembers, unit);
  }

  get size(): number {
    return this.members.size;
  }

  /**
   * Evicts until `keep` fits (its charge more, and its place when it is not
   * a member yet), never `keep` itself; with none, until the tier is within
   * its budget. False, evicting nothing, when that cannot be done (what is
   * not held or pinned would not make room, or the model is bigger than the
   * budget).
   */
  makeRoom(keep?: ModelEntry): boolean {
    const bytes = keep === undefined ? 0 : this.charge(keep);
    if (bytes > this.budget) return false;
    const newcomers = keep === undefined || this.members.has(keep.digest) ? 0 : 1;
    const full = (): boolean =>
      this.used + bytes > this.budget || this.members.size + newcomers > this.maxMembers;
    if (!full()) return true;
    const candidates = [...this.members.values()]
      .filter((m) => m.evictable && m !== keep && this.holds(m))
      .map((m) => this.candidate(m));
    // None goes for a model that would not fit anyway.
    const freeable = candidates.reduce((sum, c) => sum + c.bytes, 0);
    if (
      this.used - freeable + bytes > this.budget ||
      this.members.size - candidates.length + newcomers > this.maxMembers
    )
      return false;
    // Sorted once: a tier full of tiny models gives up thousands for one big one.
    for (const choice of victimOrder(this.policy, candidates)) {
      const victim = this.members.get(choice.digest);
      // one evicted before it may have taken this one along (or let a client hold it)
      if (victim === undefined || !victim.evictable) continue;
      this.policy.evicted(choice);
      this.evict(victim);
      if (!full()) return true;
    }
    return false;
  }

  /** Evicts `victim` as the policy's victims are (a demotion first, where the tier has one), whoever chose it. */
  evict(victim: ModelEntry): void {
    this.dropVictim(victim);
    this.remove(victim);
    this.onEvicted(victim, this.name);
  }

  /** Counts the entry's bytes from now on (before its copy is filled, so concurrent fills cannot overcommit). */
  admit(entry: ModelEntry): void {
    if (this.members.has(entry.digest)) return;
    this.members.set(entry.digest, entry);
    this.admittedAt.set(entry.digest, ++this.sequence);
    this.used += this.charge(entry);
    this.policy.admitted(this.candidate(entry));
  }

  private candidate(m: ModelEntry): Candidate {
    return {
      digest: m.digest,
      bytes: this.charge(m),
      opens: m.opens,
      lastUsed: m.useOrder,
      admitted: this.admittedAt.get(m.digest) ?? 0,
    };
  }

  remove(entry: ModelEntry): void {
    if (!this.members.delete(entry.digest)) return;
    this.admittedAt.delete(entry.digest);
    this.used -= this.charge(entry);
  }

  entries(): ModelEntry[] {
    return [...this.members.values()];
  }
}
