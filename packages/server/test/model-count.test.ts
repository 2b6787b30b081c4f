import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { closeFd } from '@trims/native-cuda';
import { ErrorCode, IModelInfo, Tier } from '@trims/protocol';
import { ask, Daemon, expectError, ModelHttpServer, tempDir, writeTinyModel } from '@trims/testing';

const openFds = (pid: number): number => fs.readdirSync(`/proc/${pid}/fd`).length;

/**
 * Every model in the host tier holds a memfd: bytes alone do not bound how
 * many there are, and tiny models must not use up the daemon's fds (an fd
 * limit of 256 gives the host tier at most 32 models, an eighth, less
 * the daemon's own fds).
 */
describe('trims serve: tiny models and the fds they hold', function () {
  const MODELS = 300;
  const FD_LIMIT = 256;
  let root: string;
  let urls: string[];

  before(() => {
    root = tempDir('trims-model-count-');
    urls = Array.from(
      { length: MODELS },
      (_, i) => `file://${writeTinyModel(path.join(root, `m${i}`), i, { values: 4 }).modelJson}`,
    );
  });

  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('the host tier holds at most an eighth of the fd limit in models; the rest are served from disk, none lost', async () => {
    const daemon = await Daemon.start([], { fdLimit: FD_LIMIT });
    try {
      const digests = new Map<string, string>();
      for (const url of urls) {
        const { reply, fds } = await ask(daemon, 'open', { url });
        fds.forEach(closeFd);
        digests.set(url, reply.digest!);
      }
      const { reply } = await ask(daemon, 'list', {});
      const models = reply.models ?? [];
      const inHost = models.filter((m: IModelInfo) => (m.tiers ?? []).includes(Tier.HOST));
      expect(inHost.length).to.be.within(1, FD_LIMIT / 8);
      expect(openFds(daemon.child.pid!)).to.be.below(FD_LIMIT / 2);
      // Each is still there, in one tier or another, and opens again with its own bytes.
      expect(new Set(models.map((m: IModelInfo) => m.digest))).to.deep.equal(
        new Set(digests.values()),
      );
      for (const url of [urls[0]!, urls[MODELS - 1]!]) {
        const again = await ask(daemon, 'open', { url });
        again.fds.forEach(closeFd);
        expect(again.reply.digest).to.equal(digests.get(url));
      }
      expect(daemon.logs).not.to.match(/EMFILE|corrupt or missing/);
    } finally {
      await daemon.stop();
    }
  });

  it('a daemon short of fds keeps its cached copies (never taken for corrupt) and says why it cannot serve now', async () => {
    writeTinyModel(path.join(root, 'disk-only'), 7, { values: 1 << 18 }); // 1 MiB: over the host budget
    const http = await new ModelHttpServer(root).start();
    const daemon = await Daemon.start(['--host-budget', '256KiB'], { fdLimit: 1024 });
    const pid = String(daemon.child.pid);
    const url = http.url('disk-only/model.json');
    const client = await daemon.client(); // connected while fds are left
    const setFdLimit = (soft: number): void => {
      const result = spawnSync('prlimit', ['--pid', pid, `--nofile=${soft}:1024`]);
      expect(result.status, String(result.stderr)).to.equal(0);
    };
    try {
      const first = await client.request('open', { url });
      first.fds.forEach(closeFd);
      expect(first.reply.tier).to.equal(Tier.DISK);
      const segments = path.join(daemon.cacheDir, 'segments');
      const stored = fs.readdirSync(segments).filter((name) => name.endsWith('.seg'));
      expect(stored).to.have.length(1);
      setFdLimit(0); // no new fd at all: the copy cannot be opened, nor promoted
      await expectError(
        client.request('open', { url }),
        ErrorCode.UNAVAILABLE,
        /cannot read the cached copy now: .*EMFILE.*: retry later/,
      );
      setFdLimit(1024);
      expect(fs.readdirSync(segments).filter((name) => name.endsWith('.seg'))).to.deep.equal(
        stored,
      );
      const again = await client.request('open', { url });
      again.fds.forEach(closeFd);
      expect(again.reply.digest).to.equal(first.reply.digest);
      expect(http.count('/disk-only/'), 'never fetched again').to.equal(2);
      expect(daemon.logs).not.to.match(/corrupt or missing/);
    } finally {
      client.close();
      await daemon.stop();
      await http.close();
    }
  });

  it('a copy served from disk alone that proves bad otherwise (a link in its place, EIO) is dropped and fetched again, not kept', async () => {
    writeTinyModel(path.join(root, 'linked'), 8, { values: 1 << 18 }); // over the host budget
    const http = await new ModelHttpServer(root).start();
    const daemon = await Daemon.start(['--host-budget', '256KiB']);
    const url = http.url('linked/model.json');
    try {
      const first = await ask(daemon, 'open', { url });
      first.fds.forEach(closeFd);
      expect(first.reply.tier).to.equal(Tier.DISK);
      const file = path.join(daemon.cacheDir, 'segments', `${first.reply.digest}.seg`);
      fs.copyFileSync(file, `${file}.elsewhere`);
      fs.rmSync(file);
      fs.symlinkSync(`${file}.elsewhere`, file);
      const again = await ask(daemon, 'open', { url });
      again.fds.forEach(closeFd);
      expect(again.reply.digest).to.equal(first.reply.digest);
      expect(http.count('/linked/'), 'fetched again').to.equal(4);
      expect(fs.lstatSync(file).isFile(), 'a file of its own again').to.equal(true);
    } finally {
      await daemon.stop();
      await http.close();
    }
  });
});
