import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { Tier } from '@trims/protocol';
import { Daemon, ModelHttpServer, tempDir, writeTinyModel } from '@trims/testing';

import { peerReachableDir, peerUser, runAsPeer } from './fixtures/peer-user';

const MiB = 2 ** 20;

/**
 * A copy a client still maps after it left the host tier is memory all the
 * same: it counts against the share of the uid that brought it until the
 * kernel says the client let it go, so keeping what one is lent is no way
 * past one's share.
 */
describe('trims serve: host copies lent, after they leave the tier', function () {
  let root: string;
  let http: ModelHttpServer;

  before(async () => {
    root = tempDir('trims-lent-');
    fs.chmodSync(root, 0o755);
    for (let i = 0; i < 8; i++)
      writeTinyModel(path.join(root, `m${i}`), i + 1, { values: MiB / 4 });
    http = await new ModelHttpServer(root).start();
  });

  after(async () => {
    await http.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('a tenant that keeps what it is lent and evicts it holds at most its share; once it lets go, its share is back', async function () {
    const user = peerUser(this);
    // a share of 4 MiB: three of these 1 MiB models, with their headers
    const daemon = await Daemon.start(
      ['--group-access', '--host-budget', String(8 * MiB), '--uid-share', '0.5'],
      { dir: peerReachableDir() },
    );
    try {
      const urls = Array.from({ length: 8 }, (_, i) => http.url(`m${i}/model.json`));
      const script = `const { TrimsClient } = require(${JSON.stringify(require.resolve('@trims/client'))});
        const { closeFd, mapReadOnly, unmap } = require(${JSON.stringify(require.resolve('@trims/native-cuda'))});
        (async () => {
          const c = await TrimsClient.connect({ socketPath: ${JSON.stringify(daemon.socketPath)} });
          const kept = [];
          const round = async (url) => {
            let answer;
            try {
              answer = await c.request('open', { url });
            } catch (e) {
              return 'refused: ' + e.message;
            }
            const { reply, fds } = answer;
            kept.push(mapReadOnly(fds[0]));
            fds.forEach(closeFd);
            await c.request('close', { handle: reply.handle });
            await c.request('evict', { url });
            return reply.tier === ${Tier.HOST} ? 'host' : 'tier ' + reply.tier;
          };
          const urls = ${JSON.stringify(urls)};
          const hoarding = [];
          for (const url of urls.slice(0, 6)) hoarding.push(await round(url));
          kept.forEach(unmap); // let go: the kernel tells the daemon
          kept.length = 0;
          await new Promise((resolve) => setTimeout(resolve, 300));
          const after = [];
          for (const url of urls.slice(6)) after.push(await round(url));
          process.stdout.write(JSON.stringify({ hoarding, after }));
          process.exit(0);
        })().catch((e) => { process.stderr.write(e.stack); process.exit(1); });`;
      const { hoarding, after } = JSON.parse(await runAsPeer(user, script)) as {
        hoarding: string[];
        after: string[];
      };
      // three fit its share; then what it still maps counts, whatever it evicted
      expect(hoarding.slice(0, 3)).to.deep.equal(['host', 'host', 'host']);
      for (const answer of hoarding.slice(3))
        expect(answer).to.match(
          /^refused: .*uid \d+'s models take \d+ bytes of its 4194304-byte share of the host tier.*left the tier but a client still maps them/,
        );
      expect(after, 'its share is back once it let go').to.deep.equal(['host', 'host']);
    } finally {
      await daemon.stop();
    }
  });
});
