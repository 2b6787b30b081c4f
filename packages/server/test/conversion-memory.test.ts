import { expect } from 'chai';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';

import { closeFd } from '@trims/native-cuda';
import { ErrorCode } from '@trims/protocol';
import { ask, Daemon, expectError, tempDir } from '@trims/testing';

import { writeTinyModel } from './fixtures/tiny-model';

/**
 * Conversions fill their segments in memory before any tier takes them:
 * together they stay within the host budget (one may always run alone), or
 * two slow origins could make the daemon hold many times its budget.
 */
describe('trims serve: the memory of conversions in flight', function () {
  let root: string;
  let server: http.Server;
  let letShardGo: () => void = () => undefined;
  const shardHeld = new Promise<void>((resolve) => (letShardGo = resolve));
  let shardAsked: () => void = () => undefined;
  /** The slow shard was asked for: its model's segment is reserved by then. */
  const reserved = new Promise<void>((resolve) => (shardAsked = resolve));

  before(async () => {
    root = tempDir('trims-conversion-memory-');
    for (const name of ['slow', 'quick'])
      writeTinyModel(path.join(root, name), name.length, { values: 1 << 18 }); // 1 MiB each
    // /slow/w.bin: the headers at once, the body only once let go
    server = http.createServer((request, response) => {
      const file = path.join(root, request.url ?? '');
      if (!fs.existsSync(file)) return void response.writeHead(404).end();
      const body = fs.readFileSync(file);
      response.writeHead(200, { 'content-length': String(body.length) });
      if (request.url === '/slow/w.bin') {
        shardAsked();
        void shardHeld.then(() => response.end(body));
      } else response.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  after(() => {
    letShardGo();
    server.closeAllConnections();
    server.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('a conversion that would take the host budget past its limit waits for none: refused, named, while another fills', async () => {
    const daemon = await Daemon.start(['--host-budget', String(1.5 * 2 ** 20)]);
    const url = (name: string): string =>
      `http://127.0.0.1:${(server.address() as AddressInfo).port}/${name}/model.json`;
    try {
      const slow = ask(daemon, 'open', { url: url('slow') });
      await reserved;
      await expectError(
        ask(daemon, 'open', { url: url('quick') }),
        ErrorCode.UNAVAILABLE,
        /the daemon is converting \d+ bytes of models already; \d+ more would pass 1572864 \(the host budget\): retry later/,
      );
      letShardGo();
      (await slow).fds.forEach(closeFd);
      const quick = await ask(daemon, 'open', { url: url('quick') }); // its turn now
      quick.fds.forEach(closeFd);
      expect(quick.reply.digest).to.be.a('string');
    } finally {
      await daemon.stop();
    }
  });
});
