import { expect } from 'chai';

import { ModelEntry } from '../src/catalog/entry';
import { createPolicy } from '../src/policies/policies';
import type { Candidate, EvictionPolicy, PolicyName } from '../src/policies/policy';
import { TierBudget } from '../src/tiers/budget';

/** `policy` with a count of the keys it was asked for. */
function counted(name: PolicyName): { policy: EvictionPolicy; keys: () => number } {
  const inner = createPolicy(name);
  let keys = 0;
  const policy: EvictionPolicy = {
    name: inner.name,
    key: (c: Candidate) => (keys++, inner.key(c)),
    admitted: (c) => inner.admitted(c),
    evicted: (c) => inner.evicted(c),
  };
  return { policy, keys: () => keys };
}

describe('a tier budget making room', function () {
  for (const name of ['lru', 'lfu', 'fifo', 'gdsf'] as const)
    it(`${name}: one big model evicts thousands of tiny ones in the policy's order, each candidate's key taken once (not once per victim)`, () => {
      const { policy, keys } = counted(name);
      const dropped: string[] = [];
      const budget = new TierBudget(
        'disk',
        20_000 * 100,
        policy,
        (victim) => dropped.push(victim.digest),
        () => true,
      );
      const tiny = Array.from({ length: 20_000 }, (_, i) => {
        const model = new ModelEntry(String(i).padStart(64, '0'), 100);
        model.touch(); // used in order: the first is the least recent
        budget.admit(model);
        return model;
      });
      const big = new ModelEntry('b'.repeat(64), 1_000_000);
      expect(budget.makeRoom(big)).to.equal(true);
      expect(keys(), 'keys taken').to.be.at.most(tiny.length);
      expect(dropped).to.have.length(10_000);
      if (name !== 'gdsf')
        expect(dropped).to.deep.equal(tiny.slice(0, 10_000).map((m) => m.digest));
      expect(budget.used + big.bytes).to.equal(budget.budget);
    });

  it('never evicts a model a client holds, nor `keep`; false, evicting none, when what may go would not make room', () => {
    const budget = new TierBudget(
      'host',
      300,
      createPolicy('lru'),
      () => undefined,
      () => true,
    );
    const [held, free, kept] = ['a', 'b', 'c'].map((n) => new ModelEntry(n.repeat(64), 100));
    for (const model of [held!, free!, kept!]) budget.admit(model);
    held!.refs = 1;
    // `free` and `kept` may go, 200 of the 250 wanted
    expect(budget.makeRoom(new ModelEntry('d'.repeat(64), 250))).to.equal(false);
    expect(budget.entries().map((m) => m.digest[0])).to.deep.equal(['a', 'b', 'c']);
    expect(budget.makeRoom(kept)).to.equal(true); // `kept`'s 100 more: only `free` may go
    expect(budget.entries().map((m) => m.digest[0])).to.deep.equal(['a', 'c']);
  });

  it('charges each model whole allocation units: 2 MiB granules hold one tiny model each', () => {
    const MiB = 2 ** 20;
    const dropped: string[] = [];
    const budget = new TierBudget(
      'gpu',
      64 * MiB,
      createPolicy('lru'),
      (victim) => dropped.push(victim.digest),
      () => true,
      Infinity,
      2 * MiB,
    );
    const tiny = Array.from({ length: 40 }, (_, i) => {
      const model = new ModelEntry(String(i).padStart(64, '0'), 400);
      model.touch();
      return model;
    });
    for (const model of tiny) {
      expect(budget.makeRoom(model)).to.equal(true);
      budget.admit(model);
    }
    expect(budget.size).to.equal(32);
    expect(budget.used).to.equal(64 * MiB);
    expect(dropped).to.deep.equal(tiny.slice(0, 8).map((m) => m.digest));
    expect(budget.charge(new ModelEntry('e'.repeat(64), 2 * MiB + 1))).to.equal(4 * MiB);
  });
});
