import { Candidate, EvictionPolicy, PolicyName } from './policy';

/** Least recently used. */
export class Lru implements EvictionPolicy {
  readonly name = 'lru';
  key(c: Candidate): number[] {
    return [c.lastUsed, c.admitted];
  }
  admitted(): void {}
  evicted(): void {}
}

/** Least frequently used; ties go to the least recently used. */
export class Lfu implements EvictionPolicy {
  readonly name = 'lfu';
  key(c: Candidate): number[] {
    return [c.opens, c.lastUsed, c.admitted];
  }
  admitted(): void {}
  evicted(): void {}
}

/** First in, first out: the earliest admitted into the tier. */
export class Fifo implements EvictionPolicy {
  readonly name = 'fifo';
  key(c: Candidate): number[] {
    return [c.admitted];
  }
  admitted(): void {}
  evicted(): void {}
}

/**
 * Greedy-Dual-Size-Frequency: priority = clock + opens x cost / size, with a
 * miss costing the same for every model; the clock rises to each victim's
 * priority, so models unused for long age out. Small, popular models stay;
 * one big model does not push out many small ones that are used as often.
 */
export class Gdsf implements EvictionPolicy {
  readonly name = 'gdsf';
  private clock = 0;
  private readonly base = new Map<string, number>();

  priority(c: Candidate): number {
    const base = this.base.get(c.digest) ?? this.clock;
    return base + (c.opens * 2 ** 20) / Math.max(1, c.bytes);
  }

  key(c: Candidate): number[] {
    return [this.priority(c), c.lastUsed];
  }

  evicted(victim: Candidate): void {
    this.clock = this.priority(victim);
    this.base.delete(victim.digest);
  }

  /** A model (re)entering the tier starts from the current clock. */
  admitted(c: Candidate): void {
    this.base.set(c.digest, this.clock);
  }
}

export function createPolicy(name: PolicyName): EvictionPolicy {
  switch (name) {
    case 'lru':
      return new Lru();
    case 'lfu':
      return new Lfu();
    case 'fifo':
      return new Fifo();
    case 'gdsf':
      return new Gdsf();
  }
}
