import { expect } from 'chai';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';

import { closeFd } from '@trims/native-cuda';
import { ErrorCode } from '@trims/protocol';
import { ask, Daemon, expectError, tempDir, writeTinyModel } from '@trims/testing';

import { peerOpens as peerOpensAs, peerReachableDir, peerUser } from './fixtures/peer-user';

/**
 * Conversions fill their segments in memory before any tier takes them:
 * together they stay within the host budget (one may always run alone), or
 * two slow origins could make the daemon hold many times its budget.
 */
describe('trims serve: the memory of conversions in flight', function () {
  let root: string;
  let server: http.Server;
  /** Each test's hold on /slow/w.bin: `reserved` once it is asked for (its model's segment is reserved by then). */
  let gate: { reserved: Promise<void>; asked: () => void; held: Promise<void>; letGo: () => void };
  const newGate = (): typeof gate => {
    const made = {} as typeof gate;
    made.reserved = new Promise<void>((resolve) => (made.asked = resolve));
    made.held = new Promise<void>((resolve) => (made.letGo = resolve));
    return made;
  };

  before(async () => {
    root = tempDir('trims-conversion-memory-');
    for (const name of ['slow', 'quick'])
      writeTinyModel(path.join(root, name), name.length, { values: 1 << 18 }); // 1 MiB each
    writeTinyModel(path.join(root, 'mid'), 7, { values: 3 << 17 }); // 1.5 MiB
    writeTinyModel(path.join(root, 'big'), 8, { values: 3 << 18 }); // 3 MiB
    // a string weight of 2 MiB: such a model is gathered whole before its segment is planned
    fs.mkdirSync(path.join(root, 'strings'));
    const text = Buffer.alloc(2 << 20, 'x');
    const length = Buffer.alloc(4);
    length.writeUInt32LE(text.length);
    fs.writeFileSync(path.join(root, 'strings', 'w.bin'), Buffer.concat([length, text]));
    fs.writeFileSync(
      path.join(root, 'strings', 'model.json'),
      JSON.stringify({
        format: 'graph-model',
        modelTopology: {
          node: [{ name: 's', op: 'Const', attr: { dtype: { type: 'DT_STRING' } } }],
        },
        weightsManifest: [
          { paths: ['w.bin'], weights: [{ name: 's', shape: [1], dtype: 'string' }] },
        ],
      }),
    );
    writeTinyModel(path.join(root, 'bigjson'), 9, { extra: { padding: 'x'.repeat(2 << 20) } });
    // /slow/w.bin: the headers at once, the body only once let go; the string weights and the
    // 2 MiB model.json: all but their last byte
    server = http.createServer((request, response) => {
      const file = path.join(root, request.url ?? '');
      if (!fs.existsSync(file)) return void response.writeHead(404).end();
      const body = fs.readFileSync(file);
      response.writeHead(200, { 'content-length': String(body.length) });
      if (request.url === '/strings/w.bin' || request.url === '/bigjson/model.json')
        response.write(body.subarray(0, body.length - 1));
      else if (request.url === '/slow/w.bin') {
        const { asked, held } = gate;
        asked();
        void held.then(() => response.end(body));
      } else response.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  beforeEach(() => (gate = newGate()));

  after(() => {
    gate.letGo();
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
      await gate.reserved;
      await expectError(
        ask(daemon, 'open', { url: url('quick') }),
        ErrorCode.UNAVAILABLE,
        /the daemon is converting \d+ bytes of models already; \d+ more would pass 1572864 \(the host budget\): retry later/,
      );
      gate.letGo();
      (await slow).fds.forEach(closeFd);
      const quick = await ask(daemon, 'open', { url: url('quick') }); // its turn now
      quick.fds.forEach(closeFd);
      expect(quick.reply.digest).to.be.a('string');
    } finally {
      await daemon.stop();
    }
  });

  it('conversions waiting on a slow origin hold no thread from the others: a quick one is done meanwhile', async () => {
    const daemon = await Daemon.start([], { env: { TRIMS_WORKER_THREADS: '1' } });
    const url = (name: string): string =>
      `http://127.0.0.1:${(server.address() as AddressInfo).port}/${name}/model.json`;
    try {
      let slowEnded = false;
      const slow = ask(daemon, 'open', { url: url('slow') })
        .catch((error: Error) => error)
        .finally(() => (slowEnded = true));
      await gate.reserved;
      const quick = await ask(daemon, 'open', { url: url('quick') });
      quick.fds.forEach(closeFd);
      expect(quick.reply.digest).to.be.a('string');
      expect(slowEnded, 'the slow conversion still waits on its origin').to.equal(false);
      gate.letGo();
      const outcome = await slow;
      if (!(outcome instanceof Error)) outcome.fds.forEach(closeFd);
    } finally {
      await daemon.stop();
    }
  });

  it('what a conversion gathers whole before it is planned (string weights, model.json) counts as it comes in', async () => {
    const daemon = await Daemon.start(['--host-budget', String(1.5 * 2 ** 20)], {
      env: { TRIMS_ORIGIN_IDLE_TIMEOUT_MS: '5000' },
    });
    const url = (name: string): string =>
      `http://127.0.0.1:${(server.address() as AddressInfo).port}/${name}/model.json`;
    try {
      const slow = ask(daemon, 'open', { url: url('slow') }).catch((error: Error) => error);
      await gate.reserved;
      // refused once what it gathered passes the budget, not after its last byte (which never comes)
      for (const gathered of ['strings', 'bigjson'])
        await expectError(
          ask(daemon, 'open', { url: url(gathered) }),
          ErrorCode.UNAVAILABLE,
          /the daemon is converting \d+ bytes of models already/,
        );
      gate.letGo();
      const outcome = await slow;
      if (!(outcome instanceof Error)) outcome.fds.forEach(closeFd);
    } finally {
      await daemon.stop();
    }
  });

  it("a uid's conversions stay within its share of the host tier, none alone past it: a tenant's slow origin cannot hold what every other's conversions need", async function () {
    const user = peerUser(this, 'trims-conversion-peer');
    const daemon = await Daemon.start(
      ['--host-budget', String(4 << 20), '--uid-share', '0.5', '--group-access'],
      { dir: peerReachableDir() },
    );
    const url = (name: string): string =>
      `http://127.0.0.1:${(server.address() as AddressInfo).port}/${name}/model.json`;
    const peerOpens = (name: string): ReturnType<typeof peerOpensAs> =>
      peerOpensAs(user, daemon.socketPath, url(name));
    try {
      const slow = peerOpens('slow'); // 1 MiB of its 2 MiB share, held by its origin
      await gate.reserved;
      const share = "uid \\d+'s share of the host tier \\(2097152 bytes\\)";
      const second = await peerOpens('mid');
      expect(second.code).to.equal(ErrorCode.UNAVAILABLE);
      expect(second.message).to.match(
        new RegExp(
          `uid \\d+ is converting \\d+ bytes of other models already; \\d+ more would pass ${share}: retry later`,
        ),
      );
      const alone = await peerOpens('big');
      expect(alone.code).to.equal(ErrorCode.LOAD_PRIVATELY);
      expect(alone.message).to.match(
        new RegExp(
          `converting the model takes over \\d+ bytes, more than ${share}: load it privately`,
        ),
      );
      // root has no share: its conversion goes on meanwhile, within the host budget
      (await ask(daemon, 'open', { url: url('mid') })).fds.forEach(closeFd);
      gate.letGo();
      expect(await slow).to.deep.equal({});
    } finally {
      await daemon.stop();
    }
  });
});
