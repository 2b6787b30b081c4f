import { expect } from 'chai';
import * as fs from 'node:fs';

import { channelPair, closeFd, SeqPacketChannel } from '@trims/native-cuda';

import { PeerCounts } from '../src/session/peer-counts';
import { UnreadFdsPool } from '../src/session/unread-fds';

const settle = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends one message carrying a fresh fd of /dev/null, as a reply carries a copy (closed once taken). */
async function sendWithFd(channel: SeqPacketChannel): Promise<void> {
  const fd = fs.openSync('/dev/null', 'r');
  try {
    await channel.send(Buffer.from('reply'), [fd]);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The kernel counts the fds queued at a peer against the sender's fd limit
 * until the peer reads them, whatever the sender closes: they count against
 * the uid's share until then.
 */
describe('fds lent in replies a peer has not read', () => {
  it('count from the lending until the peer has read them, not only until the kernel took them', async () => {
    const [daemonEnd, peerEnd] = channelPair();
    peerEnd.pauseReading(); // reads nothing yet
    const counts = new PeerCounts(2, 3);
    const pool = new UnreadFdsPool(counts);
    const unread = pool.of(7, daemonEnd);
    try {
      expect(unread.take(1)).to.equal(undefined);
      await sendWithFd(daemonEnd);
      expect(unread.take(1)).to.equal(undefined);
      await sendWithFd(daemonEnd);
      expect(daemonEnd.waitingToSend, 'the kernel took both').to.equal(0);
      await settle(50); // polled meanwhile: still unread
      expect(unread.take(1), "the uid's share is full").to.equal('uid');
      expect(counts.of(8).take(1)).to.equal(true); // another uid: within all uids' limit
      expect(pool.of(9, daemonEnd).take(1), "all uids' limit").to.equal('daemon');
      const received: number[] = [];
      peerEnd.on('message', ({ fds }) => received.push(...fds));
      peerEnd.resumeReading();
      await settle(50);
      expect(received).to.have.length(2);
      received.forEach(closeFd);
      // Looked at again before a refusal, on whichever connection of the uid asks.
      const [another, anotherPeer] = channelPair();
      expect(pool.of(7, another).take(2), 'read: given back').to.equal(undefined);
      another.close();
      anotherPeer.close();
    } finally {
      daemonEnd.close();
      peerEnd.close();
    }
  });

  it('are given back at once when the kernel refused their message (ETOOMANYREFS), though others wait unread', async () => {
    const [daemonEnd, peerEnd] = channelPair();
    peerEnd.pauseReading(); // reads nothing
    const counts = new PeerCounts(3);
    const unread = new UnreadFdsPool(counts).of(7, daemonEnd);
    try {
      expect(unread.take(1)).to.equal(undefined);
      await sendWithFd(daemonEnd); // unread at the peer
      expect(unread.take(2)).to.equal(undefined); // a reply the kernel then refuses
      unread.untake(2, unread.taken);
      expect(counts.of(7).take(2), 'two of three free again').to.equal(true);
      counts.remove(7, 2);
      // Refused after its count went back with everything (then read), another's counted since: that one stays.
      expect(unread.take(1)).to.equal(undefined);
      const taken = unread.taken;
      peerEnd.resumeReading();
      peerEnd.receiveNow();
      unread.check(); // all read: given back
      expect(unread.take(2)).to.equal(undefined); // another reply, unread
      unread.untake(1, taken);
      expect(counts.of(7).take(2), 'the other reply still counts').to.equal(false);
    } finally {
      daemonEnd.close();
      peerEnd.close();
    }
  });

  it('count nothing for a reply lent after the connection closed: nothing will be sent', async () => {
    const [daemonEnd, peerEnd] = channelPair();
    const counts = new PeerCounts(3);
    const unread = new UnreadFdsPool(counts).of(7, daemonEnd);
    peerEnd.close();
    daemonEnd.close(); // the peer hung up while its Open was being served
    await settle(50);
    expect(unread.take(3)).to.equal(undefined);
    expect(counts.of(7).take(3), 'nothing counted').to.equal(true);
  });

  it("count while their reply waits in the daemon's queue, though the socket holds nothing unread", async () => {
    const [daemonEnd, peerEnd] = channelPair();
    peerEnd.pauseReading();
    const counts = new PeerCounts(100_000);
    const unread = new UnreadFdsPool(counts).of(7, daemonEnd);
    const fd = fs.openSync('/dev/null', 'r');
    const received: number[] = [];
    peerEnd.on('message', ({ fds }) => received.push(...fds));
    const sending: Array<Promise<void>> = [];
    try {
      // Replies until one waits in our queue: the socket is full.
      for (let i = 0; daemonEnd.waitingToSend === 0 && i < 50_000; i++) {
        expect(unread.take(1)).to.equal(undefined);
        sending.push(daemonEnd.send(Buffer.from('reply'), [fd]));
      }
      expect(daemonEnd.waitingToSend).to.be.greaterThan(0);
      const lent = sending.length;
      peerEnd.resumeReading();
      peerEnd.receiveNow(); // the peer empties its socket before our queue is sent
      unread.check();
      expect(counts.of(7).take(100_000 - lent + 1), 'the queued still count').to.equal(false);
      await Promise.all(sending);
      await settle(50);
      unread.check();
      expect(counts.of(7).take(100_000), 'all read: given back').to.equal(true);
    } finally {
      received.forEach(closeFd);
      fs.closeSync(fd);
      daemonEnd.close();
      peerEnd.close();
    }
  });

  it('count after the connection closes, until the peer reads or hangs up: the channel keeps its socket till then', async () => {
    const [daemonEnd, peerEnd] = channelPair();
    peerEnd.pauseReading();
    const counts = new PeerCounts(1);
    const unread = new UnreadFdsPool(counts).of(7, daemonEnd);
    let released = false;
    daemonEnd.on('released', () => (released = true));
    expect(unread.take(1)).to.equal(undefined);
    await sendWithFd(daemonEnd);
    daemonEnd.close();
    await settle(100);
    expect(released, 'kept while the peer has not read').to.equal(false);
    expect(counts.of(7).take(1), 'still counted').to.equal(false);
    peerEnd.close(); // the peer hangs up: its queue, and the fd in it, are gone
    await settle(1_200); // the channel looks again within a second
    expect(released).to.equal(true);
    expect(counts.of(7).take(1), 'given back').to.equal(true);
  });
});
