import { expect } from 'chai';
import { ChildProcess, spawn } from 'node:child_process';
import * as net from 'node:net';
import * as path from 'node:path';
import * as readline from 'node:readline';

import { expectError, ModelHttpServer, tempDir } from '@trims/testing';
import { ErrorCode } from '@trims/protocol';

import { HttpCache } from '../src/sources/http-cache';
import { HttpSettings, HttpSource } from '../src/sources/http-source';
import { OutboundPolicy } from '../src/sources/outbound-policy';
import { writeTinyModel } from './fixtures/tiny-model';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe("trims serve: an origin's time limits", () => {
  let http: ModelHttpServer;

  before(async () => {
    const root = tempDir();
    writeTinyModel(path.join(root, 'tiny'), 1);
    http = await new ModelHttpServer(root).start();
  });

  after(() => http.close());

  it('each revalidation has the whole time limit of its own, even on a source that fetched before', async () => {
    // An Open revalidates, may wait (for another Open's fetch of the model), and
    // revalidates again: the first one's clock must not end the second.
    const settings: HttpSettings = {
      timeouts: { connectMs: 5000, headersMs: 5000, idleMs: 5000, totalMs: 300 },
      outbound: new OutboundPolicy(['127.0.0.1'], 5000),
      cache: new HttpCache(),
      defaultFreshnessMs: 0, // every revalidation asks the origin
    };
    const source = new HttpSource(http.url('tiny/model.json'), undefined, settings);
    const request = { headers: {}, peerUid: process.getuid!() };
    const { head } = await source.read(source.canonicalUrl, request, { maxBytes: 1 << 20 });
    source.remember([{ url: source.canonicalUrl, head: head! }], request, 'digest-1');
    for (let i = 0; i < 2; i++) {
      await sleep(400); // past the limit since the last request
      expect(await source.revalidate(request, 'digest-1'), `revalidation ${i + 1}`).to.equal(true);
    }
    await settings.outbound.dispatcher.close();
  });

  it('an origin that never completes a connection is named at the connect timeout', async () => {
    // A listener whose process never accepts: once its queue is full the
    // kernel drops further SYNs, and a connect waits (as to a black hole).
    const stuck: ChildProcess = spawn(process.execPath, [
      '-e',
      `const s = require('node:net').createServer();
       s.listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => {
         console.log(s.address().port);
         Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
       });`,
    ]);
    const fillers: net.Socket[] = [];
    try {
      const port = Number(
        await new Promise<string>((resolve) =>
          readline.createInterface({ input: stuck.stdout! }).once('line', resolve),
        ),
      );
      for (let i = 0; i < 4; i++)
        fillers.push(net.connect(port, '127.0.0.1').on('error', () => undefined));
      await sleep(200);
      const settings: HttpSettings = {
        timeouts: { connectMs: 300, headersMs: 5000, idleMs: 5000, totalMs: 60_000 },
        outbound: new OutboundPolicy(['127.0.0.1'], 300),
        cache: new HttpCache(),
        defaultFreshnessMs: 0,
      };
      const url = `http://127.0.0.1:${port}/m/model.json`;
      const source = new HttpSource(url, undefined, settings);
      const request = { headers: {}, peerUid: process.getuid!() };
      await expectError(
        source.read(url, request, { maxBytes: 1 << 20 }),
        ErrorCode.FETCH_FAILED,
        /no connection within 300 ms \(connect phase\)/,
      );
      await settings.outbound.dispatcher.close();
    } finally {
      fillers.forEach((socket) => socket.destroy());
      stuck.kill('SIGKILL');
    }
  });
});
