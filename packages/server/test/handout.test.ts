import { expect } from 'chai';
import * as fs from 'node:fs';

import { channelPair, createSealedSegment } from '@trims/native-cuda';
import { ErrorCode, TrimsError } from '@trims/protocol';

import { ModelEntry } from '../src/catalog/entry';
import { createPolicy } from '../src/policies/policies';
import { PeerCounts } from '../src/session/peer-counts';
import { ReplyFiles } from '../src/session/reply-files';
import { UnreadFdsPool } from '../src/session/unread-fds';
import { HostTier } from '../src/tiers/host-tier';
import { SegmentWorkers } from '../src/tiers/segment-workers';

/**
 * A reply can wait in a connection's queue until its peer reads, and the
 * fd it carries is sent only then. So a reply never carries a tier's own
 * fd: an eviction meanwhile would close it and another file (another
 * tenant's model, a cache file) could take its number before the send. It
 * carries a read-only copy, counted against its uid's reply fds first.
 */
describe('what a reply hands a client', () => {
  it("is a read-only copy of the tier's fd, still the same file after the tier dropped its own; past the uid's reply fds, none", async () => {
    const workers = new SegmentWorkers({ threads: 1, queue: 4 }, () => undefined);
    const host = new HostTier(1 << 20, createPolicy('lru'), workers, () => undefined, 8);
    const memfd = createSealedSegment('trims-test:handout', 4096, (bytes) => bytes.fill(9));
    const entry = new ModelEntry('a'.repeat(64), 4096);
    const replies = new PeerCounts(1);
    const [daemonEnd, peerEnd] = channelPair();
    const unread = new UnreadFdsPool(new PeerCounts(8)).of(0, daemonEnd);
    try {
      expect(await host.admit(entry, { memfd })).to.equal(true);
      const handout = (await host.fdFor(entry))!;
      expect(handout).to.deep.equal({ fd: entry.hostFd, kept: true });
      const reply = { reply: {}, fds: [handout.fd], kept: [handout.fd] };
      const files = new ReplyFiles(replies.of(0), unread, 0);
      const [sent] = files.lend(reply);
      expect(sent).to.not.equal(handout.fd);
      expect(fs.fstatSync(sent!).ino).to.equal(fs.fstatSync(memfd).ino);
      const flags = /flags:\s+(\d+)/.exec(fs.readFileSync(`/proc/self/fdinfo/${sent}`, 'utf8'));
      expect(parseInt(flags![1]!, 8) & 3, 'O_RDONLY').to.equal(0);
      // its uid's one reply fd is taken: another reply is refused, and gives back what it would give
      let undone = 0;
      let refused: unknown;
      try {
        new ReplyFiles(replies.of(0), unread, 0).lend({ ...reply, undo: () => undone++ });
      } catch (error) {
        refused = error;
      }
      expect((refused as TrimsError).code).to.equal(ErrorCode.UNAVAILABLE);
      expect(undone).to.equal(1);
      host.drop(entry);
      await new Promise((resolve) => setTimeout(resolve, 50)); // the tier's close is done
      const reused = fs.openSync(__filename, 'r'); // may take the tier's old number: not the reply's
      expect(reused).to.not.equal(sent);
      expect(fs.fstatSync(sent!).ino).to.equal(fs.fstatSync(memfd).ino);
      fs.closeSync(reused);
      files.done(); // sent: closed, and given back
      expect(() => fs.fstatSync(sent!)).to.throw(/EBADF/);
      expect(replies.of(0).take(1)).to.equal(true);
    } finally {
      daemonEnd.close();
      peerEnd.close();
      fs.closeSync(memfd);
      host.close();
      await workers.close();
    }
  });
});
