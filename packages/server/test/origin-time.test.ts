import { expect } from 'chai';
import { ChildProcess, spawn } from 'node:child_process';
import * as net from 'node:net';
import * as path from 'node:path';
import * as readline from 'node:readline';

import { ask, Daemon, expectError, ModelHttpServer, tempDir, writeTinyModel } from '@trims/testing';
import { ErrorCode } from '@trims/protocol';

import { HttpCache } from '../src/sources/http-cache';
import { HttpSettings, HttpSource } from '../src/sources/http-source';
import type { OriginTimeouts } from '../src/sources/source';
import { OutboundPolicy } from '../src/sources/outbound-policy';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * An origin that never completes a connection: a listener whose process
 * never accepts. Once its queue is full the kernel drops further SYNs, and a
 * connect waits as it would for a black hole.
 */
async function blackHole(): Promise<{ url: string; close(): void }> {
  const stuck: ChildProcess = spawn(process.execPath, [
    '-e',
    `const s = require('node:net').createServer();
     s.listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => {
       console.log(s.address().port);
       Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
     });`,
  ]);
  const port = Number(
    await new Promise<string>((resolve) =>
      readline.createInterface({ input: stuck.stdout! }).once('line', resolve),
    ),
  );
  const fillers = Array.from({ length: 4 }, () =>
    net.connect(port, '127.0.0.1').on('error', () => undefined),
  );
  await sleep(200);
  return {
    url: `http://127.0.0.1:${port}/m/model.json`,
    close: () => {
      fillers.forEach((socket) => socket.destroy());
      stuck.kill('SIGKILL');
    },
  };
}

function settingsOf(timeouts: OriginTimeouts): HttpSettings {
  return {
    timeouts,
    outbound: new OutboundPolicy(['127.0.0.1'], timeouts),
    cache: new HttpCache(),
    defaultFreshnessMs: 0, // every revalidation asks the origin
  };
}

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
    const settings = settingsOf({ connectMs: 5000, headersMs: 5000, idleMs: 5000, totalMs: 300 });
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
    const origin = await blackHole();
    try {
      const settings = settingsOf({
        connectMs: 300,
        headersMs: 5000,
        idleMs: 5000,
        totalMs: 60_000,
      });
      const source = new HttpSource(origin.url, undefined, settings);
      await expectError(
        source.read(origin.url, { headers: {}, peerUid: process.getuid!() }, { maxBytes: 1 << 20 }),
        ErrorCode.FETCH_FAILED,
        /no connection within 300 ms \(connect phase\)/,
      );
      await settings.outbound.dispatcher.destroy();
    } finally {
      origin.close();
    }
  });

  it('a connect still pending does not hold an Open past its whole time limit', async () => {
    const origin = await blackHole();
    const daemon = await Daemon.start([], {
      env: { TRIMS_ORIGIN_TOTAL_TIMEOUT_MS: '500', TRIMS_ORIGIN_CONNECT_TIMEOUT_MS: '20000' },
    });
    try {
      const started = Date.now();
      await expectError(
        ask(daemon, 'open', { url: origin.url }),
        ErrorCode.FETCH_FAILED,
        /took over 500 ms in all, waiting for response headers \(total\)/,
      );
      // The connect itself would last 20 s: the answer came with the limit, not with it.
      expect(Date.now() - started).to.be.below(10_000);
    } finally {
      origin.close();
      await daemon.stop();
    }
  });
});
