import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { requestWithFiles, TrimsClient } from '@trims/client';
import { closeFd, connect } from '@trims/native-cuda';
import {
  decodeFrame,
  encodeFrame,
  ErrorCode,
  PROTOCOL_VERSION,
  Reply,
  Request,
  Tier,
} from '@trims/protocol';
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

  it('answers a client that shut down its sending side (shutdown(SHUT_WR)), then closes', () => {
    // A cold model: its Open is still in hand when the client's end of file comes.
    const modelJson = modelJsonPath(zooModel('squeezenet1_1', 77));
    const manifest = (
      JSON.parse(fs.readFileSync(modelJson, 'utf8')) as {
        weightsManifest: Array<{ paths: string[] }>;
      }
    ).weightsManifest;
    const files = [
      modelJson,
      ...manifest
        .flatMap((group) => group.paths)
        .map((shard) => path.join(path.dirname(modelJson), shard)),
    ];
    const frames = [
      Request.create({
        id: 1,
        hello: { protocolVersion: PROTOCOL_VERSION, client: 'half-closed' },
      }),
      Request.create({
        id: 2,
        open: { url: `file://${modelJson}`, device: 'cpu', attachedFiles: files.length },
      }),
    ].map((request) => Buffer.from(encodeFrame(Request.encode(request).finish())).toString('hex'));
    // Python's socket module: our own client never half-closes, a third party's may.
    const script = [
      'import os, socket, sys, json',
      'files = json.loads(sys.argv[2])',
      's = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)',
      's.connect(sys.argv[1])',
      's.send(bytes.fromhex(sys.argv[3]))',
      'socket.send_fds(s, [bytes.fromhex(sys.argv[4])], [os.open(f, os.O_RDONLY) for f in files])',
      's.shutdown(socket.SHUT_WR)',
      'while True:',
      '    message = s.recv(1 << 20)',
      '    if not message: break',
      '    print(message.hex())',
    ].join('\n');
    const result = spawnSync(
      'python3',
      ['-c', script, daemon.socketPath, JSON.stringify(files), ...frames],
      { encoding: 'utf8', timeout: 20_000 }, // a daemon that never closes fails here
    );
    expect(result.status, result.stderr).to.equal(0);
    const replies = result.stdout
      .trim()
      .split('\n')
      .filter((hex) => hex !== '')
      .map((hex) => Reply.decode(decodeFrame(Buffer.from(hex, 'hex'))));
    expect(replies.map((reply) => Number(reply.id)).sort()).to.deep.equal([1, 2]);
    expect(replies.find((reply) => Number(reply.id) === 2)!.open!.tier).to.equal(Tier.HOST);
  });
});
