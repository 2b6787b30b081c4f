import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { closeFd, cuda, DeviceMapping, isNativeError, mapReadOnly } from '@trims/native-cuda';
import { TrimsClient, requestWithFiles } from '@trims/client';
import { HEADER_BYTES, IModelInfo, readContents, Tier, verifySegment } from '@trims/protocol';
import { ask, Daemon, modelJsonPath, segmentOf, zooModel } from '@trims/testing';

import { formatSize } from '../src';
import { peerReachableDir, peerUser, runAsPeer } from './fixtures/peer-user';

const TRIMS = path.resolve(__dirname, '..', '..', '..', 'cli', 'bin', 'trims.js');
const small = (seed: number): string => modelJsonPath(zooModel('squeezenet1_1', seed));
const big = (): string => modelJsonPath(zooModel('mobilenet_v2', 1));

/** Opens on gpu:0 and closes (one use), or keeps the lease (a holding client); answers the digest. */
async function useOnGpu(client: TrimsClient, url: string, keep = false): Promise<string> {
  const { reply, fds } = await requestWithFiles(client, 'open', { url, device: 'gpu:0' });
  fds.forEach(closeFd);
  expect(reply.tier, `${url} served from the gpu tier`).to.equal(Tier.GPU);
  if (!keep) await client.request('close', { handle: reply.handle! });
  return reply.digest!;
}

/**
 * Writes into a lent device copy: the stand-in's allocation fd is a memfd a
 * client can write, as a real CUDA importer can map the copy read-write. A
 * weight is changed, and the header's (unkeyed) checksum made to match.
 */
function writeIntoLentCopy(allocation: number, original: ReturnType<typeof segmentOf>): void {
  const bytes = Buffer.alloc(original.bytes.length);
  fs.readSync(allocation, bytes, 0, bytes.length, 0);
  bytes.fill(0, original.header.data.offset, original.header.data.offset + 64);
  createHash('sha256').update(bytes.subarray(HEADER_BYTES)).digest().copy(bytes, 64);
  expect(fs.writeSync(allocation, bytes, 0, bytes.length, 0)).to.equal(bytes.length);
}

async function tiersOf(client: TrimsClient): Promise<Map<string, Tier[]>> {
  const { reply } = await client.request('list', {});
  return new Map((reply.models ?? []).map((m: IModelInfo) => [m.digest!, m.tiers ?? []]));
}

async function inGpu(client: TrimsClient): Promise<string[]> {
  return [...(await tiersOf(client))].filter(([, t]) => t.includes(Tier.GPU)).map(([d]) => d);
}

const WRITES_THROUGH_THE_MEMFD =
  'writes into the lent copy through the memfd (on a device, gpu-check shows an importer can)';

/** Skips, saying why, a test of what only the stand-in's host-memory device lets a test do. */
function standInOnly(test: Mocha.Context, why: string): void {
  if (cuda.isStandIn()) return;
  console.log(`      (skipped on a real device: ${why})`);
  test.skip();
}

describe('trims serve: the gpu tier over CUDA VMM fds', function () {
  /** What a small model's copy takes of the gpu budget: its segment's bytes in whole granules. */
  let size: number;
  let bigSize: number;

  before(async function () {
    if (!cuda.available()) {
      console.log(
        `      (gpu tier tests skipped: ${cuda.status().reason?.split('\n')[0]}; npm test sets TRIMS_CUDA_DRIVER=standin)`,
      );
      this.skip();
    }
    const daemon = await Daemon.start();
    try {
      const client = await daemon.client();
      const granule = Math.max(...cuda.devices().map((d) => d.granularity));
      const charged = async (url: string): Promise<number> => {
        const { reply, fds } = await requestWithFiles(client, 'open', { url });
        fds.forEach(closeFd);
        return Math.ceil(Number(reply.segmentBytes) / granule) * granule;
      };
      size = await charged(small(1));
      bigSize = await charged(big());
      client.close();
    } finally {
      await daemon.stop();
    }
  });

  it('lends the metadata memfd and an exported allocation that maps read-only with the segment bytes; a copy into it fails', async () => {
    const daemon = await Daemon.start(['--gpu-budget', '256MiB']);
    const client = await daemon.client();
    try {
      const host = await requestWithFiles(client, 'open', { url: small(1) });
      const segment = segmentOf(host.fds);
      const gpu = await requestWithFiles(client, 'open', { url: small(1), device: 'gpu:0' });
      expect(gpu.reply.tier).to.equal(Tier.GPU);
      expect(gpu.fds).to.have.length(2);
      const metadata = new Uint8Array(mapReadOnly(gpu.fds[0]!));
      closeFd(gpu.fds[0]!);
      const contents = readContents(metadata, 'gpu', Number(gpu.reply.segmentBytes));
      expect(contents.tensors).to.deep.equal(segment.tensors);
      expect(metadata.length).to.equal(segment.header.data.offset); // no tensor data in it
      const mapping = DeviceMapping.import(gpu.fds[1]!, Number(gpu.reply.gpuAllocationBytes));
      closeFd(gpu.fds[1]!);
      expect(mapping.readOnly).to.equal(true);
      expect(mapping.size).to.be.at.least(segment.bytes.length);
      const device = mapping.read(segment.bytes.length);
      expect(device.equals(Buffer.from(segment.bytes))).to.equal(true);
      let refused: unknown;
      try {
        mapping.write(Buffer.from([1]), segment.header.data.offset);
      } catch (error) {
        refused = error;
      }
      expect(isNativeError(refused, 'ERR_CUDA'), String(refused)).to.equal(true);
      expect(mapping.read(1, segment.header.data.offset)[0]).to.equal(
        segment.bytes[segment.header.data.offset],
      );
      mapping.release();
    } finally {
      client.close();
      await daemon.stop();
    }
  });

  async function scripted(
    policy: string,
    budget: number,
    script: (client: TrimsClient) => Promise<{ victim: string; survivors: string[] }>,
  ): Promise<void> {
    const daemon = await Daemon.start(['--policy', policy, '--gpu-budget', String(budget)]);
    const client = await daemon.client();
    try {
      const { victim, survivors } = await script(client);
      const resident = await inGpu(client);
      expect(resident, `${policy}: the victim left the gpu tier`).to.not.include(victim);
      expect(resident, `${policy}: everyone else stayed`).to.include.members(survivors);
      const { reply } = await client.request('stats', {});
      expect(reply.evictions).to.equal(1); // the host tier has room for all: only the gpu evicted
      expect((await tiersOf(client)).get(victim)).to.include(Tier.HOST); // still served from host
    } finally {
      client.close();
      await daemon.stop();
    }
  }

  it('lru: the least recently used leaves the gpu, never the one a client holds', () =>
    scripted('lru', 3.5 * size, async (client) => {
      const held = await useOnGpu(client, small(1), true);
      const b = await useOnGpu(client, small(2));
      const c = await useOnGpu(client, small(3));
      await useOnGpu(client, small(2));
      const d = await useOnGpu(client, small(4));
      return { victim: c, survivors: [held, b, d] };
    }));

  it('fifo: the first admitted leaves the gpu, never the one a client holds', () =>
    scripted('fifo', 3.5 * size, async (client) => {
      const held = await useOnGpu(client, small(1), true);
      const b = await useOnGpu(client, small(2));
      const c = await useOnGpu(client, small(3));
      await useOnGpu(client, small(2));
      const d = await useOnGpu(client, small(4));
      return { victim: b, survivors: [held, c, d] };
    }));

  it('lfu: the least frequently used leaves the gpu, even if used last', () =>
    scripted('lfu', 3.5 * size, async (client) => {
      const held = await useOnGpu(client, small(1), true);
      const b = await useOnGpu(client, small(2));
      await useOnGpu(client, small(2));
      const c = await useOnGpu(client, small(3));
      const d = await useOnGpu(client, small(4));
      return { victim: c, survivors: [held, b, d] };
    }));

  it('gdsf: the big model leaves the gpu before a small one used as often per byte', () =>
    // room for two small ones and the big one, not for a third small one
    scripted('gdsf', 2.5 * size + bigSize, async (client) => {
      const held = await useOnGpu(client, small(1), true);
      const a = await useOnGpu(client, small(2));
      const x = await useOnGpu(client, big());
      await useOnGpu(client, big());
      const b = await useOnGpu(client, small(3));
      return { victim: x, survivors: [held, a, b] };
    }));

  it('demotes gpu -> host with the bytes read back from the device, and promotes host -> gpu', async () => {
    const daemon = await Daemon.start(['--gpu-budget', '256MiB', '--disk-budget', '0']);
    const client = await daemon.client();
    try {
      const url = small(5);
      const { reply } = await requestWithFiles(client, 'preload', { url, tier: Tier.GPU });
      const digest = reply.digest!;
      expect((await tiersOf(client)).get(digest)).to.deep.equal([Tier.GPU, Tier.HOST]);
      await client.request('evict', { url, tier: Tier.HOST });
      expect((await tiersOf(client)).get(digest)).to.deep.equal([Tier.GPU]); // only on the device now
      const evicted = await client.request('evict', { url, tier: Tier.GPU });
      expect(evicted.reply.evicted).to.deep.equal([digest]);
      expect((await tiersOf(client)).get(digest)).to.deep.equal([Tier.HOST]); // demoted, not lost
      const fromHost = await requestWithFiles(client, 'open', { url });
      expect(fromHost.reply.tier).to.equal(Tier.HOST);
      const segment = segmentOf(fromHost.fds);
      verifySegment(segment.bytes, segment.header, 'host'); // every byte came back from the device intact
      await client.request('close', { handle: fromHost.reply.handle! });
      await useOnGpu(client, url); // promotion
      expect((await tiersOf(client)).get(digest)).to.deep.equal([Tier.GPU, Tier.HOST]);
    } finally {
      client.close();
      await daemon.stop();
    }
  });

  it('a device copy a client wrote into while it was lent is not demoted: dropped, then refetched intact', async function () {
    standInOnly(this, WRITES_THROUGH_THE_MEMFD);
    const daemon = await Daemon.start(['--gpu-budget', '256MiB', '--disk-budget', '0']);
    const client = await daemon.client();
    try {
      const url = small(6);
      const first = await requestWithFiles(client, 'open', { url });
      const original = segmentOf(first.fds);
      await client.request('close', { handle: first.reply.handle! });
      const { reply } = await requestWithFiles(client, 'preload', { url, tier: Tier.GPU });
      await client.request('evict', { url, tier: Tier.HOST }); // only on the device now
      const lent = await requestWithFiles(client, 'open', { url, device: 'gpu:0' });
      closeFd(lent.fds[0]!);
      writeIntoLentCopy(lent.fds[1]!, original);
      closeFd(lent.fds[1]!);
      await client.request('close', { handle: lent.reply.handle! });
      await client.request('evict', { url, tier: Tier.GPU });
      expect((await tiersOf(client)).has(reply.digest!)).to.equal(false); // not served to anyone
      expect(await daemon.logsWith('the device copy changed while it was lent')).to.contain(
        'the device copy changed while it was lent',
      );
      const fetches = (await client.request('stats', {})).reply.fetches;
      const again = segmentOf((await requestWithFiles(client, 'open', { url })).fds);
      expect(Buffer.from(again.bytes).equals(Buffer.from(original.bytes))).to.equal(true);
      expect((await client.request('stats', {})).reply.fetches).to.equal(Number(fetches) + 1);
    } finally {
      client.close();
      await daemon.stop();
    }
  });

  it("an importer cannot resize the stand-in's allocation (a real device's never changes size): the daemon's read-back goes on", async function () {
    standInOnly(this, "resizes the stand-in's memfd");
    const daemon = await Daemon.start(['--gpu-budget', '256MiB', '--disk-budget', '0']);
    const client = await daemon.client();
    try {
      const url = small(19);
      const lent = await requestWithFiles(client, 'open', { url, device: 'gpu:0' });
      await client.request('close', { handle: lent.reply.handle! });
      await client.request('evict', { url, tier: Tier.HOST }); // only on the device now
      const again = fs.openSync(`/proc/self/fd/${lent.fds[1]!}`, 'r+');
      try {
        expect(() => fs.ftruncateSync(again, 0)).to.throw(/EPERM/);
        expect(() => fs.ftruncateSync(again, 1 << 30)).to.throw(/EPERM/);
      } finally {
        closeFd(again);
        lent.fds.forEach(closeFd);
      }
      await client.request('evict', { url, tier: Tier.GPU }); // read back from the device
      expect((await tiersOf(client)).get(lent.reply.digest!)).to.deep.equal([Tier.HOST]);
      expect(daemon.alive).to.equal(true);
    } finally {
      client.close();
      await daemon.stop();
    }
  });

  it('a read-back from the device counts in the host budget from its start, not once it is done', async () => {
    const daemon = await Daemon.start(['--gpu-budget', '256MiB', '--disk-budget', '0']);
    const client = await daemon.client();
    try {
      const url = big();
      const { reply } = await requestWithFiles(client, 'preload', { url, tier: Tier.GPU });
      const digest = reply.digest!;
      let caught = 0;
      for (let round = 0; round < 5 && caught === 0; round++) {
        await client.request('evict', { url, tier: Tier.HOST }); // only on the device now
        // Back to back on one connection: the list is answered while the read-back runs.
        const [, listed] = await Promise.all([
          client.request('evict', { url, tier: Tier.GPU }),
          client.request('list', {}),
        ]);
        const model = listed.reply.models!.find((m: IModelInfo) => m.digest === digest);
        if ((model?.tiers ?? []).length > 0) continue; // the read-back was done already: again
        caught++;
        const host = listed.reply.tiers!['host']!;
        expect(Number(host.used), 'host bytes counted while the model is in no tier').to.equal(
          Number(model!.bytes),
        );
        expect(host.models).to.equal(1);
      }
      expect(caught, 'no list came while a read-back ran, in 5 tries').to.equal(1);
      expect((await tiersOf(client)).get(digest)).to.deep.equal([Tier.HOST]);
    } finally {
      client.close();
      await daemon.stop();
    }
  });

  it('an evict that comes during a demotion evicts the model where it lands, not reports it gone and keeps it', async () => {
    const daemon = await Daemon.start(['--gpu-budget', '256MiB', '--disk-budget', '0']);
    const first = await daemon.client();
    try {
      const url = big();
      const { reply } = await requestWithFiles(first, 'preload', { url, tier: Tier.GPU });
      const digest = reply.digest!;
      await first.request('evict', { url, tier: Tier.HOST }); // only on the device now
      // Back to back on one connection (taken in order): the second evict arrives while the
      // first one's read-back runs on a libuv thread.
      const [demoted, all] = await Promise.all([
        first.request('evict', { url, tier: Tier.GPU }),
        first.request('evict', { all: true }),
      ]);
      expect(demoted.reply.evicted).to.deep.equal([digest]);
      expect(all.reply.evicted).to.include(digest);
      expect((await tiersOf(first)).has(digest), 'gone from every tier').to.equal(false);
    } finally {
      first.close();
      await daemon.stop();
    }
  });

  it('a held model is kept by evict; once its lease goes it can leave', async () => {
    const daemon = await Daemon.start(['--gpu-budget', '256MiB']);
    const client = await daemon.client();
    try {
      const { reply, fds } = await requestWithFiles(client, 'open', {
        url: small(6),
        device: 'gpu:0',
      });
      fds.forEach(closeFd);
      const kept = await client.request('evict', { url: small(6), tier: Tier.GPU });
      expect(kept.reply.kept).to.deep.equal([reply.digest]);
      expect(await inGpu(client)).to.include(reply.digest);
      await client.request('close', { handle: reply.handle! });
      const evicted = await client.request('evict', { url: small(6), tier: Tier.GPU });
      expect(evicted.reply.evicted).to.deep.equal([reply.digest]);
      expect(await inGpu(client)).to.not.include(reply.digest);
    } finally {
      client.close();
      await daemon.stop();
    }
  });

  it('a device out of memory (CUDA_ERROR_OUT_OF_MEMORY) serves from the host tier instead', async function () {
    standInOnly(this, 'needs the stand-in to state a small device size');
    const saved = process.env.TRIMS_CUDA_STANDIN_MEMORY;
    process.env.TRIMS_CUDA_STANDIN_MEMORY = String(4 << 20); // smaller than the model; the budget is not
    const daemon = await Daemon.start(['--gpu-budget', '256MiB']);
    if (saved === undefined) delete process.env.TRIMS_CUDA_STANDIN_MEMORY;
    else process.env.TRIMS_CUDA_STANDIN_MEMORY = saved;
    const client = await daemon.client();
    try {
      const { reply, fds } = await requestWithFiles(client, 'open', {
        url: small(8),
        device: 'gpu:0',
      });
      fds.forEach(closeFd);
      expect(reply.tier).to.equal(Tier.HOST);
      expect(await inGpu(client)).to.deep.equal([]);
      expect(await daemon.logsWith('CUDA_ERROR_OUT_OF_MEMORY')).to.contain(
        'CUDA_ERROR_OUT_OF_MEMORY',
      );
    } finally {
      client.close();
      await daemon.stop();
    }
  });

  /** A daemon the peer can reach (socket 0660, group root), allowed to load `urls`, which the peer can read. */
  async function daemonForPeer(urls: string[], args: string[]): Promise<Daemon> {
    const dir = peerReachableDir();
    // the peer opens the model files itself (the daemon reads only the client's fds)
    for (const url of urls)
      for (let d = path.dirname(url); d !== os.tmpdir() && d !== '/'; d = path.dirname(d))
        fs.chmodSync(d, 0o755);
    return Daemon.start(
      [...args, '--group-access', ...urls.flatMap((url) => ['--allow-root', path.dirname(url)])],
      { dir },
    );
  }

  /** As `user`, opens each URL on gpu:0 in turn, or all at once (holding them all when `hold`): the tier each was served from. */
  function openAs(
    daemon: Daemon,
    user: string,
    urls: string[],
    hold: boolean,
    together = false,
  ): Tier[] {
    const script = `const { TrimsClient, requestWithFiles } = require(${JSON.stringify(require.resolve('@trims/client'))});
      (async () => {
        const c = await TrimsClient.connect({ socketPath: ${JSON.stringify(daemon.socketPath)} });
        const open = async (url) => {
          const { reply, fds } = await requestWithFiles(c, 'open', { url, device: 'gpu:0' });
          fds.forEach((fd) => require('fs').closeSync(fd));
          if (!${hold}) await c.request('close', { handle: reply.handle });
          return reply.tier;
        };
        const urls = ${JSON.stringify(urls)};
        const tiers = [];
        if (${together}) tiers.push(...(await Promise.all(urls.map(open))));
        else for (const url of urls) tiers.push(await open(url));
        process.stdout.write(JSON.stringify(tiers));
        process.exit(0);
      })().catch((e) => { process.stderr.write(e.message); process.exit(1); });`;
    const run = spawnSync('runuser', ['-u', user, '--', process.execPath, '-e', script], {
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).to.equal(0);
    return JSON.parse(run.stdout) as Tier[];
  }

  it('lends a device copy to one uid only: a client of another uid is served from the host tier', async function () {
    const user = peerUser(this);
    const [mine, theirs] = [small(10), small(11)];
    const daemon = await daemonForPeer([mine, theirs], ['--gpu-budget', '256MiB']);
    const client = await daemon.client();
    try {
      await useOnGpu(client, mine, true); // a device copy lent to root
      expect(openAs(daemon, user, [mine], false)).to.deep.equal([Tier.HOST]); // not to the peer
      // and the peer is not told whose it is
      const preload = await runAsPeer(
        user,
        `const { TrimsClient, requestWithFiles } = require(${JSON.stringify(require.resolve('@trims/client'))});
        (async () => {
          const c = await TrimsClient.connect({ socketPath: ${JSON.stringify(daemon.socketPath)} });
          await requestWithFiles(c, 'preload', { url: ${JSON.stringify(mine)}, tier: ${Tier.GPU} })
            .catch((e) => process.stdout.write(e.message));
          process.exit(0);
        })();`,
      );
      expect(preload).to.contain('the device copy of this model is lent to another uid');
      expect(openAs(daemon, user, [theirs], false)).to.deep.equal([Tier.GPU]); // its own copy
      const { reply, fds } = await requestWithFiles(client, 'open', {
        url: theirs,
        device: 'gpu:0',
      });
      fds.forEach(closeFd);
      expect(reply.tier).to.equal(Tier.HOST); // and not lent back to root
    } finally {
      client.close();
      await daemon.stop();
    }
  });

  it("a uid's device copies take at most its share of the gpu tier: its own unheld ones make room, else it is served from host", async function () {
    const user = peerUser(this);
    const urls = [12, 13, 14].map(small);
    // a share of two of these models' copies
    const budget = String(4 * size);
    const daemon = await daemonForPeer(urls, ['--gpu-budget', budget, '--uid-share', '0.5']);
    const gpuUsed = async (): Promise<number> =>
      Number(((await ask(daemon, 'list', {})).reply.tiers as { gpu: { used: number } }).gpu.used);
    try {
      expect(openAs(daemon, user, urls, true)).to.deep.equal([Tier.GPU, Tier.GPU, Tier.HOST]);
      expect(await gpuUsed()).to.equal(2 * size);
      // not held: its oldest copy goes (back to host) to make room for the third
      expect(openAs(daemon, user, urls, false)).to.deep.equal([Tier.GPU, Tier.GPU, Tier.GPU]);
      expect(await gpuUsed()).to.equal(2 * size);
      // opened at once from the disk tier (each copy made after an await): the share still holds
      await ask(daemon, 'evict', { all: true });
      for (const url of urls) (await ask(daemon, 'preload', { url })).fds.forEach(closeFd);
      for (const url of urls) await ask(daemon, 'evict', { url, tier: Tier.HOST });
      const together = openAs(daemon, user, urls, true, true);
      expect(together.filter((tier) => tier === Tier.GPU)).to.have.length(2);
      expect(await gpuUsed()).to.equal(2 * size);
      expect(daemon.alive).to.equal(true);
    } finally {
      await daemon.stop();
    }
  });

  it('a device copy read back from the gpu enters host memory only within the host share of the uid it was lent to', async function () {
    const user = peerUser(this);
    const [first, second] = [15, 16].map(small);
    // host: a share of one model (6 MiB of 12: its conversion's model.json counts too);
    // gpu: a share of one (6 of 12); disk: none fits
    const daemon = await daemonForPeer(
      [first, second],
      [
        '--host-budget',
        '12MiB',
        '--gpu-budget',
        '12MiB',
        '--disk-budget',
        '1MiB',
        '--uid-share',
        '0.5',
      ],
    );
    try {
      // the second's host admission drops the first from host memory (the uid's own, unheld);
      // its device copy then drops the first's from the gpu: read back, over the uid's share
      expect(openAs(daemon, user, [first, second], false)).to.deep.equal([Tier.GPU, Tier.GPU]);
      await new Promise((resolve) => setTimeout(resolve, 500)); // the read-back ends
      const { reply } = await ask(daemon, 'list', {});
      const inHost = (reply.models ?? []).filter((m: IModelInfo) =>
        (m.tiers ?? []).includes(Tier.HOST),
      );
      expect(inHost, 'models of the uid in host memory').to.have.length(1);
    } finally {
      await daemon.stop();
    }
  });

  it('a model whose only copy is on the gpu, lent to another uid, is read back into host memory for a peer that opens it', async function () {
    const user = peerUser(this);
    const url = small(17);
    const daemon = await daemonForPeer([url], ['--gpu-budget', '256MiB', '--disk-budget', '0']);
    const client = await daemon.client();
    try {
      const digest = await useOnGpu(client, url); // lent to root
      await client.request('evict', { url, tier: Tier.HOST });
      expect((await tiersOf(client)).get(digest)).to.deep.equal([Tier.GPU]);
      expect(openAs(daemon, user, [url], false)).to.deep.equal([Tier.HOST]); // not "kept leaving the cache"
      expect((await tiersOf(client)).get(digest)).to.deep.equal([Tier.GPU, Tier.HOST]); // the device copy stays
      const fromHost = await requestWithFiles(client, 'open', { url });
      const segment = segmentOf(fromHost.fds);
      verifySegment(segment.bytes, segment.header, 'host'); // every byte came back intact
    } finally {
      client.close();
      await daemon.stop();
    }
  });

  it('a device copy its uid wrote into is not read back for another: dropped, and the model fetched again intact', async function () {
    standInOnly(this, WRITES_THROUGH_THE_MEMFD);
    const user = peerUser(this);
    const url = small(18);
    const daemon = await daemonForPeer([url], ['--gpu-budget', '256MiB', '--disk-budget', '0']);
    const client = await daemon.client();
    try {
      const first = await requestWithFiles(client, 'open', { url });
      const original = segmentOf(first.fds);
      await client.request('close', { handle: first.reply.handle! });
      const lent = await requestWithFiles(client, 'open', { url, device: 'gpu:0' });
      await client.request('close', { handle: lent.reply.handle! }); // its fds kept
      await client.request('evict', { url, tier: Tier.HOST }); // only on the device now
      writeIntoLentCopy(lent.fds[1]!, original);
      lent.fds.forEach(closeFd);
      const fetches = Number((await client.request('stats', {})).reply.fetches);
      // fetched again, and a device copy of its own made from that
      expect(openAs(daemon, user, [url], false)).to.deep.equal([Tier.GPU]);
      expect((await client.request('stats', {})).reply.fetches).to.equal(fetches + 1);
      expect(await daemon.logsWith('the device copy changed while it was lent')).to.contain(
        'the device copy changed while it was lent',
      ); // (read while awaiting)
      const again = segmentOf((await requestWithFiles(client, 'open', { url })).fds);
      expect(Buffer.from(again.bytes).equals(Buffer.from(original.bytes))).to.equal(true);
    } finally {
      client.close();
      await daemon.stop();
    }
  });

  it("trims status shows the gpu tier's use, budget and driver, naming the stand-in", async () => {
    const daemon = await Daemon.start(['--gpu-budget', '100MiB']);
    const client = await daemon.client();
    try {
      await useOnGpu(client, small(7));
      const status = spawnSync(process.execPath, [TRIMS, 'status', '--socket', daemon.socketPath], {
        encoding: 'utf8',
      });
      expect(status.status, status.stderr).to.equal(0);
      expect(status.stdout).to.contain(`gpu   ${formatSize(size).padStart(10)} of 100.0 MiB`);
      expect(status.stdout).to.match(/gpu driver: .*clients map it read-only/);
      if (cuda.isStandIn())
        expect(status.stdout).to.match(/gpu driver: .*stand-in.*TRIMS_CUDA_DRIVER=standin/);
      const json = spawnSync(
        process.execPath,
        [TRIMS, 'status', '--json', '--socket', daemon.socketPath],
        { encoding: 'utf8' },
      );
      const parsed = JSON.parse(json.stdout) as {
        tiers: { gpu: { used: number; budget: number } };
        gpu: { driver: string; readOnly: boolean };
      };
      expect(parsed.tiers.gpu).to.deep.equal({
        used: size,
        budget: 100 * 1024 * 1024,
        degraded: '',
      });
      expect(parsed.gpu.readOnly).to.equal(true);
    } finally {
      client.close();
      await daemon.stop();
    }
  });
});
