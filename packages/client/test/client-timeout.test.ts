import { expect } from 'chai';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { SeqPacketServer } from '@trims/native-cuda';

import {
  decodeFrame,
  encodeFrame,
  ErrorCode,
  PROTOCOL_VERSION,
  Reply,
  Request,
  TrimsError,
} from '@trims/protocol';

import { TrimsClient } from '../src';

/** A real socket whose peer answers Hello and then never answers again (a lost reply). */
function silentDaemon(socketPath: string): SeqPacketServer {
  const server = SeqPacketServer.listen(socketPath);
  server.on('connection', (channel) => {
    channel.on('message', ({ data }) => {
      const request = Request.decode(decodeFrame(data));
      if (request.body === 'hello')
        void channel.send(
          encodeFrame(
            Reply.encode({
              id: request.id,
              hello: { protocolVersion: PROTOCOL_VERSION, server: 'silent' },
            }).finish(),
          ),
        );
    });
  });
  return server;
}

/** A client connected to a silentDaemon, closed with it afterwards. */
async function withSilentDaemon(use: (client: TrimsClient) => Promise<void>): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trims-timeout-'));
  const server = silentDaemon(path.join(dir, 'trims.sock'));
  const client = await TrimsClient.connect({ socketPath: path.join(dir, 'trims.sock') });
  try {
    await use(client);
  } finally {
    client.close();
    server.close();
  }
}

describe('TrimsClient: requests time out', function () {
  it('a lost reply fails UNAVAILABLE after the timeout, and an aborted request at once', async () => {
    await withSilentDaemon(async (client) => {
      const started = Date.now();
      const error = await client.request('stats', {}, { timeoutMs: 300 }).catch((e: Error) => e);
      expect(error).to.be.instanceOf(TrimsError);
      expect((error as TrimsError).code).to.equal(ErrorCode.UNAVAILABLE);
      expect((error as TrimsError).message).to.match(/no reply .* within 300 ms/);
      expect(Date.now() - started).to.be.within(250, 5000);
      const abort = new AbortController();
      const pending = client.request('list', {}, { signal: abort.signal }).catch((e: Error) => e);
      abort.abort();
      expect(((await pending) as TrimsError).message).to.match(/aborted by the caller/);
    });
  });

  it('each request gives up at its own deadline, whatever order they were made in', async () => {
    await withSilentDaemon(async (client) => {
      const started = Date.now();
      const failedAt = (timeoutMs: number): Promise<number> =>
        client.request('stats', {}, { timeoutMs }).then(
          () => expect.fail('the silent daemon answered'),
          () => Date.now() - started,
        );
      // the long one first: the channel's one wake-up must move earlier for the short ones
      const [long, short, middle] = await Promise.all([
        failedAt(900),
        failedAt(150),
        failedAt(450),
      ]);
      expect(short).to.be.within(140, long);
      expect(middle).to.be.within(short, long);
      expect(long).to.be.within(880, 5000);
    });
  });

  it('a timeout that is not a number >= 0 is refused at once and stops no other request', async () => {
    await withSilentDaemon(async (client) => {
      const started = Date.now();
      const timed = client.request('stats', {}, { timeoutMs: 200 }).catch((e: Error) => e);
      for (const bad of [NaN, -1, '5000' as unknown as number]) {
        const refused = await client.request('list', {}, { timeoutMs: bad }).catch((e: Error) => e);
        expect(refused).to.be.instanceOf(TypeError);
        expect((refused as Error).message).to.match(/timeoutMs must be a number >= 0/);
      }
      expect(((await timed) as TrimsError).code).to.equal(ErrorCode.UNAVAILABLE);
      expect(Date.now() - started).to.be.within(190, 5000);
    });
  });

  it("an Open answered after its caller gave up gives the daemon's reference back at once", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trims-timeout-'));
    const closed: number[] = [];
    const server = SeqPacketServer.listen(path.join(dir, 'trims.sock'));
    server.on('connection', (channel) => {
      channel.on('message', ({ data }) => {
        const request = Request.decode(decodeFrame(data));
        const answer = (reply: object): void =>
          void channel.send(encodeFrame(Reply.encode({ id: request.id, ...reply }).finish()));
        if (request.body === 'hello')
          answer({ hello: { protocolVersion: PROTOCOL_VERSION, server: 'late' } });
        if (request.body === 'open') setTimeout(() => answer({ open: { handle: 7 } }), 300);
        if (request.body === 'close') {
          closed.push(Number(request.close!.handle));
          answer({ close: {} });
        }
      });
    });
    const client = await TrimsClient.connect({ socketPath: path.join(dir, 'trims.sock') });
    try {
      const gaveUp = await client
        .request('open', { url: 'file:///m/model.json' }, { timeoutMs: 100 })
        .catch((e: Error) => e);
      expect((gaveUp as TrimsError).code).to.equal(ErrorCode.UNAVAILABLE);
      expect(closed).to.deep.equal([]);
      for (let i = 0; i < 50 && closed.length === 0; i++)
        await new Promise((resolve) => setTimeout(resolve, 20));
      expect(closed).to.deep.equal([7]);
    } finally {
      client.close();
      server.close();
    }
  });
});
