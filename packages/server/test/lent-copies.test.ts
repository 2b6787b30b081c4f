import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { Tier } from '@trims/protocol';
import { Daemon, ModelHttpServer, tempDir, writeTinyModel } from '@trims/testing';

import { peerReachableDir, peerUser, runAsPeer } from './fixtures/peer-user';

const MiB = 2 ** 20;

interface Rounds {
  /** Open each, keep its mapping or not, then close the handle and evict it (or not). */
  urls: string[];
  keep: boolean;
  evict: boolean;
  /** What a tenant might try to hide what it keeps: many read-only fds of it, a write-mode one. */
  tricks: boolean;
  /** Then let go of everything kept, and open these. */
  after: string[];
}

/** As `user`, on one connection: the answer to each open ('host', 'tier N' or 'refused: ...'). */
async function roundsAs(user: string, socketPath: string, rounds: Rounds): Promise<string[][]> {
  const script = `const fs = require('fs');
    const { TrimsClient } = require(${JSON.stringify(require.resolve('@trims/client'))});
    const { closeFd, mapReadOnly, unmap } = require(${JSON.stringify(require.resolve('@trims/native-cuda'))});
    const rounds = ${JSON.stringify(rounds)};
    (async () => {
      const c = await TrimsClient.connect({ socketPath: ${JSON.stringify(socketPath)} });
      const kept = [];
      const round = async (url) => {
        let answer;
        try {
          answer = await c.request('open', { url });
        } catch (e) {
          return 'refused: ' + e.message;
        }
        const { reply, fds } = answer;
        if (rounds.keep) kept.push(mapReadOnly(fds[0]));
        if (rounds.tricks) {
          const own = '/proc/self/fd/' + fds[0];
          Array.from({ length: 16 }, () => fs.openSync(own, 'r')).forEach((fd) => fs.closeSync(fd));
          fs.closeSync(fs.openSync(own, 'r+'));
        }
        fds.forEach(closeFd);
        await c.request('close', { handle: reply.handle });
        if (rounds.evict) await c.request('evict', { url });
        return reply.tier === ${Tier.HOST} ? 'host' : 'tier ' + reply.tier;
      };
      const first = [];
      for (const url of rounds.urls) first.push(await round(url));
      kept.forEach(unmap); // let go: the kernel tells the daemon
      kept.length = 0;
      await new Promise((resolve) => setTimeout(resolve, 300));
      const then = [];
      for (const url of rounds.after) then.push(await round(url));
      process.stdout.write(JSON.stringify([first, then]));
      process.exit(0);
    })().catch((e) => { process.stderr.write(e.stack); process.exit(1); });`;
  return JSON.parse(await runAsPeer(user, script)) as string[][];
}

const OVER_SHARE =
  /^refused: .*uid \d+'s models take \d+ bytes of its 4194304-byte share of the host tier.*left the tier but a client still maps them/;

/**
 * A copy a client still has after it left the host tier is memory all the
 * same: it counts against the share of the uid that brought it until the
 * kernel says the last of it is gone, so keeping what one is lent is no way
 * past one's share, and nothing a client does with its fds can fake that.
 */
describe('trims serve: host copies lent, after they leave the tier', function () {
  let root: string;
  let http: ModelHttpServer;
  let urls: string[];
  let daemon: Daemon;

  before(async () => {
    root = tempDir('trims-lent-');
    fs.chmodSync(root, 0o755);
    for (let i = 0; i < 12; i++)
      writeTinyModel(path.join(root, `m${i}`), i + 1, { values: MiB / 4 });
    http = await new ModelHttpServer(root).start();
    urls = Array.from({ length: 12 }, (_, i) => http.url(`m${i}/model.json`));
  });

  beforeEach(async () => {
    // a share of 4 MiB: three of these 1 MiB models, with their headers
    daemon = await Daemon.start(
      ['--group-access', '--host-budget', String(8 * MiB), '--uid-share', '0.5'],
      { dir: peerReachableDir() },
    );
  });

  afterEach(() => daemon.stop());

  after(async () => {
    await http.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('a tenant that keeps what it is lent and evicts it holds at most its share, whatever it does with its fds; once it lets go, its share is back', async function () {
    const user = peerUser(this);
    const [first, then] = await roundsAs(user, daemon.socketPath, {
      urls: urls.slice(0, 6),
      keep: true,
      evict: true,
      tricks: true,
      after: urls.slice(6, 8),
    });
    expect(first!.slice(0, 3)).to.deep.equal(['host', 'host', 'host']);
    for (const answer of first!.slice(3)) expect(answer).to.match(OVER_SHARE);
    expect(then, 'its share is back once it let go').to.deep.equal(['host', 'host']);
  });

  it("another tenant's tricks with the fds it was lent leave nothing charged once it is gone", async function () {
    const owner = peerUser(this);
    const other = peerUser(this, 'trims-lent-other');
    const mine = urls.slice(0, 3);
    await roundsAs(owner, daemon.socketPath, {
      urls: mine,
      keep: false,
      evict: false,
      tricks: false,
      after: [],
    });
    await roundsAs(other, daemon.socketPath, {
      urls: mine,
      keep: false,
      evict: false,
      tricks: true,
      after: [],
    });
    // The owner's next models push its first ones out: nothing still has them, nothing is charged.
    const [first] = await roundsAs(owner, daemon.socketPath, {
      urls: urls.slice(3, 8),
      keep: false,
      evict: false,
      tricks: false,
      after: [],
    });
    expect(first).to.deep.equal(['host', 'host', 'host', 'host', 'host']);
  });
});
