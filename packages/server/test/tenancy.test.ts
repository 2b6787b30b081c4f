import { expect } from 'chai';

import { ModelEntry } from '../src/catalog/entry';
import { createPolicy } from '../src/policies/policies';
import { Lease } from '../src/session/lease';
import { URL_CHARS } from '../src/catalog/aliases';
import { Tenancy, URLS_PER_USER } from '../src/tenancy';
import { TierBudget } from '../src/tiers/budget';

const TENANT = 1000;

function entry(name: string, bytes: number): ModelEntry {
  const model = new ModelEntry(name.padEnd(64, '0'), bytes);
  model.admittedBy = TENANT;
  model.touch();
  return model;
}

/**
 * The tenant's models in a host budget as the daemon has it (`inPlace`:
 * whether a member's copy is there, false while it is still being filled);
 * makes room in a 100-byte share for `incoming` bytes and returns the names
 * of the models it dropped. A refusal must have dropped none.
 */
function shareDrops(
  models: ModelEntry[],
  incoming: number,
  inPlace: (e: ModelEntry) => boolean = () => true,
  maxModels = Infinity,
): string[] {
  const host = new TierBudget(
    'host',
    1000,
    createPolicy('lru'),
    () => undefined,
    inPlace,
    maxModels,
  );
  for (const model of models) host.admit(model);
  const dropped: string[] = [];
  try {
    new Tenancy(4242, 0.1).makeShare(
      entry('c', incoming),
      TENANT,
      { budget: host, ownerOf: (e) => e.admittedBy },
      (victim) => dropped.push(victim.digest[0]!),
      'm',
    );
  } catch (error) {
    expect(dropped, 'dropped although refused').to.deep.equal([]);
    throw error;
  }
  return dropped;
}

describe("tenancy: a uid's share of the host tier", () => {
  /**
   * Two models: one still being read back from the device, used longest ago
   * (the first victim, were it one), and one in place.
   */
  function withFilling(fillingBytes: number, heldBytes: number, incoming: number): string[] {
    const filling = entry('a', fillingBytes);
    return shareDrops([filling, entry('b', heldBytes)], incoming, (e) => e !== filling);
  }

  it('counts a model still being read back, but drops only models whose copy is in place', () => {
    expect(withFilling(60, 30, 30)).to.deep.equal(['b']); // 60 + 30 fits the 100-byte share
  });

  it('refuses, naming the share and dropping nothing, when only a model being read back could make room', () => {
    expect(() => withFilling(90, 5, 30)).to.throw(
      /uid 1000's models take 90 bytes of its 100-byte share of the host tier, held, pinned or still being filled; 30 more do not fit/,
    );
  });

  it('a model another uid holds or pinned still counts against the uid that brought it: charges never move, so colluders get a share each', () => {
    for (const keep of ['holds', 'pins'] as const) {
      const theirs = entry('a', 90); // the tenant brought it in; another uid keeps it
      if (keep === 'holds') new Lease(theirs, TENANT + 1);
      else theirs.pins.add(TENANT + 1);
      expect(() => shareDrops([theirs], 30), keep).to.throw(
        /uid 1000's models take 90 bytes of its 100-byte share of the host tier, held, pinned or still being filled; 30 more do not fit/,
      );
    }
    // an accomplice holding what the tenant brought frees nothing of the tenant's share,
    // of bytes or of models
    const brought = [entry('a', 40), entry('b', 40)];
    brought.forEach((model) => new Lease(model, TENANT + 1));
    expect(() => shareDrops(brought, 30)).to.throw(/take 80 bytes/);
    expect(() => shareDrops(brought, 5, undefined, 20)).to.throw(/has 2 models in the host tier/);
  });

  it('what another uid brought counts against that uid, not against one holding it', () => {
    const theirs = entry('x', 90);
    theirs.admittedBy = TENANT + 1;
    new Lease(theirs, TENANT);
    expect(shareDrops([theirs], 90)).to.deep.equal([]);
  });

  it("a uid's models take at most its share of the tier's models too (each holds an fd): its oldest unheld ones go first", () => {
    // 20 models in the tier, a tenth each: 2; a few bytes each, far within the byte share
    expect(shareDrops([entry('a', 5), entry('b', 5)], 5, undefined, 20)).to.deep.equal(['a']);
  });

  it('refuses, naming the share of models and dropping nothing, when its models there are all held', () => {
    const held = [entry('a', 5), entry('b', 5)];
    held.forEach((model) => new Lease(model, TENANT));
    expect(() => shareDrops(held, 5, undefined, 20)).to.throw(
      /uid 1000 has 2 models in the host tier, held, pinned or still being filled: its share of the tier's 20 models is 2/,
    );
  });

  it('a model another uid opened once and let go counts against the share of the uid that brought it in', () => {
    // `users` says who may see a model, not who keeps it: a share must not ignore it
    const before = entry('a', 90);
    before.users.set(TENANT + 1, { urls: new Set(), hits: 1, lastUsed: 0 }); // opened long ago, neither held nor pinned now
    expect(shareDrops([before], 30)).to.deep.equal(['a']); // 90 + 30 > 100: it is the tenant's, and goes
  });
});

describe('tenancy: who used a model', () => {
  it('records at most URLS_PER_USER URLs per uid and model (each a catalog row), none over URL_CHARS; the uid stays a user past that', () => {
    const tenancy = new Tenancy(4242, 0.1);
    const model = entry('a', 10);
    const added: string[] = [];
    for (let i = 0; i < URLS_PER_USER + 50; i++) {
      const url = `file:///models/./${'./'.repeat(i)}model.json`; // one path, spelled anew
      if (tenancy.note(model, TENANT, url)) added.push(url);
    }
    expect(added).to.have.length(URLS_PER_USER);
    expect(tenancy.note(model, TENANT, added[0]!), 'a URL already recorded').to.equal(false);
    expect(tenancy.urlsFor(model, TENANT)).to.deep.equal(added);
    expect(tenancy.visible(model, TENANT)).to.equal(true);
    expect(tenancy.mayEvict(model, TENANT)).to.equal(true);
    const long = `http://origin/${'x'.repeat(URL_CHARS)}`;
    expect(tenancy.note(model, TENANT + 2, long), 'a URL over the length bound').to.equal(false);
    expect(tenancy.visible(model, TENANT + 2), 'its uid is a user all the same').to.equal(true);
    expect(tenancy.note(model, TENANT + 1, added[0]!), "another uid's first URL").to.equal(true);
    expect(tenancy.mayEvict(model, TENANT)).to.equal(false);
  });
});
