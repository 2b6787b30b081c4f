import { expect } from 'chai';

import { ModelEntry } from '../src/catalog/entry';
import { createPolicy } from '../src/policies/policies';
import { Tenancy } from '../src/tenancy';
import { TierBudget } from '../src/tiers/budget';

const TENANT = 1000;

function entry(name: string, bytes: number): ModelEntry {
  const model = new ModelEntry(name.padEnd(64, '0'), bytes);
  model.admittedBy = TENANT;
  model.touch();
  return model;
}

describe("tenancy: a uid's share of the host tier", () => {
  // The host budget as the daemon has it; `filling` is a member whose copy is
  // still being read back from the device (its fd not there yet).
  function hostWith(filling: ModelEntry, held: ModelEntry): TierBudget {
    const host = new TierBudget(
      'host',
      1000,
      createPolicy('lru'),
      () => undefined,
      (e) => e !== filling,
    );
    host.admit(filling);
    host.admit(held);
    return host;
  }

  it('counts a model still being read back, but drops only models whose copy is in place', () => {
    const filling = entry('a', 60); // used longest ago: the first victim, were it one
    const held = entry('b', 30);
    const dropped: string[] = [];
    new Tenancy(4242, 100).makeShare(
      entry('c', 30),
      TENANT,
      hostWith(filling, held),
      (victim) => dropped.push(victim.digest),
      'm',
    );
    expect(dropped).to.deep.equal([held.digest]); // 60 + 30 fits the 100-byte share
  });

  it('refuses, naming the share, when only a model being read back could make room', () => {
    const filling = entry('a', 90);
    const held = entry('b', 5);
    const dropped: string[] = [];
    expect(() =>
      new Tenancy(4242, 100).makeShare(
        entry('c', 30),
        TENANT,
        hostWith(filling, held),
        (victim) => dropped.push(victim.digest),
        'm',
      ),
    ).to.throw(
      /uid 1000's models take 90 bytes of its 100-byte share of the host tier, held, pinned or still being filled; 30 more do not fit/,
    );
    expect(dropped).to.deep.equal([held.digest]);
  });
});
