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
      expect(budget.makeRoom(big.bytes, big)).to.equal(true);
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
    expect(budget.makeRoom(200, kept)).to.equal(false); // only `free` may go: 100 of the 200
    expect(budget.entries().map((m) => m.digest[0])).to.deep.equal(['a', 'b', 'c']);
    expect(budget.makeRoom(100, kept)).to.equal(true);
    expect(budget.entries().map((m) => m.digest[0])).to.deep.equal(['a', 'c']);
  });
});
