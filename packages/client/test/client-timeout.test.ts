import { expect } from 'chai';
import { spawn } from 'node:child_process';
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

/**
 * A real socket whose peer answers only these kinds of request (by default
 * Hello: replies are lost); `later`: what it answers on connections after
 * the first (by default the same).
 */
function silentDaemon(
  socketPath: string,
  answers: string[] = ['hello'],
  later: string[] = answers,
): SeqPacketServer {
  const server = SeqPacketServer.listen(socketPath);
  let connections = 0;
  server.on('connection', (channel) => {
    const kinds = connections++ === 0 ? answers : later;
    channel.on('message', ({ data }) => {
      const request = Request.decode(decodeFrame(data));
      const reply =
        request.body === 'hello'
          ? { hello: { protocolVersion: PROTOCOL_VERSION, server: 'silent' } }
          : { health: { healthy: true } };
      if (kinds.includes(request.body!))
        void channel.send(encodeFrame(Reply.encode({ id: request.id, ...reply }).finish()));
    });
  });
  return server;
}

/** A socket path in a fresh directory. */
const socketIn = (): string =>
  path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'trims-timeout-')), 'trims.sock');

/** An Open the daemon does not answer in time: the error it fails with. */
async function openFailing(client: TrimsClient, timeoutMs?: number): Promise<TrimsError> {
  const failed = await client
    .request('open', { url: 'file:///m/model.json' }, timeoutMs === undefined ? {} : { timeoutMs })
    .then(
      () => undefined,
      (error: Error) => error,
    );
  expect(failed).to.be.instanceOf(TrimsError);
  return failed as TrimsError;
}

/** A client connected to a silentDaemon (answering these kinds; see silentDaemon), closed with it afterwards. */
async function withSilentDaemon(
  use: (client: TrimsClient) => Promise<void>,
  options: { answers?: string[]; later?: string[]; livenessMs?: number } = {},
): Promise<void> {
  const socketPath = socketIn();
  const server = silentDaemon(socketPath, options.answers, options.later);
  const client = await TrimsClient.connect({ socketPath, livenessMs: options.livenessMs });
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

  it('a daemon that does not answer Hello fails the requests made with it, saying so, within the liveness bound', async () => {
    const socketPath = socketIn();
    const server = silentDaemon(socketPath, []);
    try {
      const started = Date.now();
      const client = TrimsClient.start({ socketPath, livenessMs: 300 });
      const open = await openFailing(client);
      expect(open.code).to.equal(ErrorCode.UNAVAILABLE);
      expect(open.message).to.match(/hello: no reply from the daemon at .* within 300 ms/);
      expect(Date.now() - started).to.be.within(250, 5000);
    } finally {
      server.close();
    }
  });

  it('a daemon silent while a long request waits is asked for its health; one that does not answer is taken for gone', async () => {
    await withSilentDaemon(
      async (client) => {
        const started = Date.now();
        const open = await openFailing(client, 60_000);
        expect(open.code).to.equal(ErrorCode.UNAVAILABLE);
        expect(open.message).to.match(/stopped answering .*: stopped or hung/);
        expect(Date.now() - started).to.be.within(350, 5000);
        expect(client.isClosed).to.equal(true);
      },
      { answers: ['hello'], later: [], livenessMs: 200 },
    );
  });

  it('the check goes on a connection of its own: a daemon that stopped reading the busy one (back-pressure) is not taken for gone', async () => {
    // The first connection gets nothing past Hello, as one with 1,024 requests in hand; others are answered.
    await withSilentDaemon(
      async (client) => {
        const open = await openFailing(client, 1000);
        expect(open.message).to.match(/open: no reply .* within 1000 ms/);
        expect(client.isClosed, 'the connection stays').to.equal(false);
      },
      { answers: ['hello'], later: ['hello', 'health'], livenessMs: 100 },
    );
  });

  it("a client busy past the bound is not the daemon's fault: replies that came meanwhile are taken first", async () => {
    const socketPath = socketIn();
    const daemon = spawn(process.execPath, [
      path.join(__dirname, 'fixtures', 'answering-daemon.js'),
      socketPath,
    ]);
    await new Promise((resolve) => daemon.stdout.once('data', resolve));
    try {
      const client = TrimsClient.start({ socketPath, livenessMs: 200 });
      const health = client.request('health', {});
      const until = Date.now() + 600;
      while (Date.now() < until); // three times the bound, the Hello's reply waiting in the socket
      await health;
      expect(client.isClosed).to.equal(false);
      client.close();
    } finally {
      daemon.kill('SIGTERM');
    }
  });

  it('a daemon that answers its health checks keeps a long request waiting (a large conversion)', async () => {
    await withSilentDaemon(
      async (client) => {
        const started = Date.now();
        const open = await openFailing(client, 1500);
        expect(open.message).to.match(/open: no reply .* within 1500 ms/);
        expect(Date.now() - started).to.be.within(1450, 6000);
        expect(client.isClosed, 'the connection stays').to.equal(false);
      },
      { answers: ['hello', 'health'], livenessMs: 100 },
    );
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
      const gaveUp = await openFailing(client, 100);
      expect(gaveUp.code).to.equal(ErrorCode.UNAVAILABLE);
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
