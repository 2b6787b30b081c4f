import { expect } from 'chai';

import { PeerCounts } from '../src/session/peer-counts';

describe('PeerCounts: per uid, and for the whole daemon', () => {
  it('refuses past a uid’s limit and past the daemon-wide one, whichever comes first, and gives back what was taken', () => {
    const counts = new PeerCounts(5, 12); // as the daemon's held fds: a quarter and a half of its limit
    for (const uid of [1, 2]) expect(counts.add(uid, 5), `uid ${uid}`).to.equal(true);
    expect(counts.add(1)).to.equal(false); // uid 1 at its own limit
    expect(counts.add(3, 3)).to.equal(false); // 10 + 3 > 12: four tenants cannot take it all
    expect(counts.daemonFull(3)).to.equal(true);
    expect(counts.add(3, 2)).to.equal(true);
    counts.remove(2, 5);
    counts.remove(2, 5); // more than it holds: nothing more is given back
    expect(counts.add(3, 3)).to.equal(true); // uid 2 gave its 5 back: 7 + 3 = 10
    expect(counts.add(4, 3)).to.equal(false);
  });
});
