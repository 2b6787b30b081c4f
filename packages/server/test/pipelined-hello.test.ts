import { expect } from 'chai';

import { requestWithFiles, TrimsClient } from '@trims/client';
import { closeFd, connect } from '@trims/native-cuda';
import { decodeFrame, encodeFrame, ErrorCode, Reply, Request, Tier } from '@trims/protocol';
import { Daemon, modelJsonPath, zooModel } from '@trims/testing';

/**
 * One frame each, sent back to back without waiting for an answer;
 * resolves with the replies by id once all came or the daemon closed (a
 * refused Hello closes the connection, perhaps before a later frame left).
 */
async function sendTogether(socketPath: string, requests: Request[]): Promise<Map<number, Reply>> {
  const channel = connect(socketPath);
  const replies = new Map<number, Reply>();
  const all = new Promise<void>((resolve) => {
    channel.on('close', resolve);
    channel.on('message', ({ data, fds }) => {
      fds.forEach(closeFd);
      const reply = Reply.decode(decodeFrame(data));
      replies.set(Number(reply.id), reply);
      if (replies.size === requests.length) resolve();
    });
  });
  await Promise.allSettled(
    requests.map((request) => channel.send(encodeFrame(Request.encode(request).finish()))),
  );
  await all;
  channel.close();
  return replies;
}

describe('trims serve: Hello and the first request in one round trip', function () {
  let daemon: Daemon;
  let url: string;

  before(async () => {
    daemon = await Daemon.start();
    url = `file://${modelJsonPath(zooModel('squeezenet1_1'))}`;
  });

  after(() => daemon.stop());

  it('answers an Open sent right behind its Hello, before the Hello was answered', async () => {
    const client = TrimsClient.start({ socketPath: daemon.socketPath, client: 'test' });
    try {
      const { reply, fds } = await requestWithFiles(client, 'open', { url, device: 'cpu' });
      fds.forEach(closeFd);
      expect(reply.tier).to.equal(Tier.HOST);
      expect(fds).to.have.length(1);
    } finally {
      client.close();
    }
  });

  it('refuses a Hello of another protocol version, and the Open sent with it', async () => {
    const replies = await sendTogether(daemon.socketPath, [
      Request.create({ id: 1, hello: { protocolVersion: 99, client: 'future' } }),
      Request.create({ id: 2, open: { url, device: 'cpu' } }),
    ]);
    expect(replies.get(1)!.error!.code).to.equal(ErrorCode.VERSION_MISMATCH);
    expect(replies.get(2)!.error!.code).to.equal(ErrorCode.BAD_REQUEST);
    expect(replies.get(2)!.open ?? null).to.equal(null);
  });
});
