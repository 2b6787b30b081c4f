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

describe('TrimsClient: requests time out', function () {
  it('a lost reply fails UNAVAILABLE after the timeout, and an aborted request at once', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trims-timeout-'));
    const server = silentDaemon(path.join(dir, 'trims.sock'));
    const client = await TrimsClient.connect({ socketPath: path.join(dir, 'trims.sock') });
    try {
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
    } finally {
      client.close();
      server.close();
    }
  });

  it('each request gives up at its own deadline, whatever order they were made in', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trims-timeout-'));
    const server = silentDaemon(path.join(dir, 'trims.sock'));
    const client = await TrimsClient.connect({ socketPath: path.join(dir, 'trims.sock') });
    try {
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
    } finally {
      client.close();
      server.close();
    }
  });
});
