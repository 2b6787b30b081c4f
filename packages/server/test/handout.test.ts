import { expect } from 'chai';
import * as fs from 'node:fs';

import { createSealedSegment } from '@trims/native-cuda';

import { ModelEntry } from '../src/catalog/entry';
import { createPolicy } from '../src/policies/policies';
import { HostTier } from '../src/tiers/host-tier';
import { SegmentWorkers } from '../src/tiers/segment-workers';

/**
 * A reply can wait in a connection's queue until its peer reads, and the
 * fd it carries is sent only then. So what a tier hands out must be the
 * reply's own: were it the tier's, an eviction meanwhile would close it and
 * another file (another tenant's model, a cache file) could take its number
 * before the send.
 */
describe('what a tier hands a client', () => {
  it("is an fd of the handout's own, read-only, still the same file after the tier dropped its copy", async () => {
    const workers = new SegmentWorkers({ threads: 1, queue: 4 }, () => undefined);
    const host = new HostTier(1 << 20, createPolicy('lru'), workers, () => undefined, 8);
    const memfd = createSealedSegment('trims-test:handout', 4096, (bytes) => bytes.fill(9));
    const entry = new ModelEntry('a'.repeat(64), 4096);
    try {
      expect(await host.admit(entry, { memfd })).to.equal(true);
      const tiers = entry.hostFd!;
      const handout = (await host.fdFor(entry))!;
      expect(handout.fd).to.not.equal(tiers);
      expect(fs.fstatSync(handout.fd).ino).to.equal(fs.fstatSync(tiers).ino);
      const flags = /flags:\s+(\d+)/.exec(
        fs.readFileSync(`/proc/self/fdinfo/${handout.fd}`, 'utf8'),
      );
      expect(parseInt(flags![1]!, 8) & 3, 'O_RDONLY').to.equal(0);
      host.drop(entry);
      await new Promise((resolve) => setTimeout(resolve, 50)); // the tier's close is done
      const reused = fs.openSync(__filename, 'r'); // may take the tier's old number: not the handout's
      expect(reused).to.not.equal(handout.fd);
      expect(fs.fstatSync(handout.fd).ino).to.equal(fs.fstatSync(memfd).ino);
      const bytes = Buffer.alloc(4);
      fs.readSync(handout.fd, bytes, 0, 4, 0);
      expect([...bytes]).to.deep.equal([9, 9, 9, 9]);
      fs.closeSync(reused);
      fs.closeSync(handout.fd);
    } finally {
      fs.closeSync(memfd);
      host.close();
      await workers.close();
    }
  });
});
