import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { TrimsClient, requestWithFiles } from '@trims/client';
import { closeFd, cuda } from '@trims/native-cuda';
import { ErrorCode, IModelInfo, Tier } from '@trims/protocol';
import { Daemon, expectError, tempDir, writeTinyModel } from '@trims/testing';

const MiB = 2 ** 20;

/** Opens `url` on `device` (keeping the lease when `hold`): the tier it was served from. */
async function openOn(
  client: TrimsClient,
  url: string,
  device: string,
  hold = false,
): Promise<Tier> {
  const { reply, fds } = await requestWithFiles(client, 'open', { url, device });
  fds.forEach(closeFd);
  if (!hold) await client.request('close', { handle: reply.handle! });
  return reply.tier!;
}

async function listing(client: TrimsClient): Promise<{ models: IModelInfo[]; gpuUsed: number }> {
  const { reply } = await client.request('list', {});
  return { models: reply.models ?? [], gpuUsed: Number(reply.tiers?.gpu?.used ?? 0) };
}

/**
 * What the gpu tier counts against its budget and shares is what the
 * device allocates, and what a client asks of it cannot make it spend more.
 */
describe('trims serve: the gpu tier counts what the device allocates', function () {
  let root: string;
  let tiny: string[];

  before(function () {
    if (!cuda.available()) {
      console.log(`      (skipped: ${cuda.status().reason?.split('\n')[0]})`);
      this.skip();
    }
    root = tempDir('trims-gpu-accounting-');
    tiny = Array.from(
      { length: 6 },
      (_, i) => `file://${writeTinyModel(path.join(root, `m${i}`), i + 1).modelJson}`,
    );
  });

  after(() => root && fs.rmSync(root, { recursive: true, force: true }));

  it('each copy takes whole allocation granules of the budget: held tiny models fill 8 MiB four at a time, the rest served from host', async () => {
    const granule = Math.max(...cuda.devices().map((d) => d.granularity));
    const daemon = await Daemon.start(['--gpu-budget', String(4 * granule)]);
    const client = await daemon.client();
    try {
      const tiers: Tier[] = [];
      for (const url of tiny) tiers.push(await openOn(client, url, 'gpu:0', true));
      expect(tiers).to.deep.equal([...Array(4).fill(Tier.GPU), Tier.HOST, Tier.HOST]);
      const { gpuUsed } = await listing(client);
      expect(gpuUsed).to.equal(4 * granule);
    } finally {
      client.close();
      await daemon.stop();
    }
  });

  it('a device there is not (gpu:1 of one) is served from host, evicting no copy for it; a device number past any int is refused, named', async () => {
    const daemon = await Daemon.start(['--gpu-budget', `${2 * MiB}`]);
    const client = await daemon.client();
    try {
      expect(await openOn(client, tiny[0]!, 'gpu:0')).to.equal(Tier.GPU); // not held: a victim if need be
      const count = cuda.status().deviceCount;
      expect(await openOn(client, tiny[1]!, `gpu:${count}`)).to.equal(Tier.HOST);
      const gpu = (await listing(client)).models.filter((m) => m.tiers?.includes(Tier.GPU));
      expect(gpu).to.have.length(1);
      expect((await client.request('stats', {})).reply.evictions).to.equal(0);
      await expectError(
        requestWithFiles(client, 'open', { url: tiny[1]!, device: 'gpu:4294967296' }),
        ErrorCode.BAD_REQUEST,
        /unknown device "gpu:4294967296"/,
      );
      expect(daemon.logs).not.to.match(/request failed unexpectedly/);
    } finally {
      client.close();
      await daemon.stop();
    }
  });

  it('a pinned preload to the gpu that fails leaves no pin behind', async () => {
    const big = `file://${writeTinyModel(path.join(root, 'big'), 9, { values: MiB }).modelJson}`; // 4 MiB
    const daemon = await Daemon.start(['--gpu-budget', `${2 * MiB}`]);
    const client = await daemon.client();
    try {
      await expectError(
        requestWithFiles(client, 'preload', { url: big, tier: Tier.GPU, pin: true }),
        ErrorCode.LOAD_PRIVATELY,
        /no tier has room|share/,
      );
      const { models } = await listing(client);
      expect(models.map((m) => m.pinned)).to.deep.equal([false]);
    } finally {
      client.close();
      await daemon.stop();
    }
  });
});
