import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { closeFd } from '@trims/native-cuda';
import { requestWithFiles, TrimsClient } from '@trims/client';
import { ErrorCode, IModelInfo, Tier } from '@trims/protocol';
import { Daemon, ask, expectError, modelJsonPath, zooModel } from '@trims/testing';

/** Models of one size (one architecture, different seeds), and a bigger one. */
const small = (seed: number): string => modelJsonPath(zooModel('squeezenet1_1', seed));
const big = (): string => modelJsonPath(zooModel('mobilenet_v2', 1));

async function segmentBytes(url: string): Promise<number> {
  const daemon = await Daemon.start();
  try {
    const { reply, fds } = await ask(daemon, 'open', { url });
    fds.forEach(closeFd);
    return Number(reply.segmentBytes);
  } finally {
    await daemon.stop();
  }
}

/** Opens and closes (one use), or opens and keeps (a holding client). */
async function use(client: TrimsClient, url: string, keep = false): Promise<string> {
  const { reply, fds } = await requestWithFiles(client, 'open', { url });
  fds.forEach(closeFd);
  if (!keep) await client.request('close', { handle: reply.handle! });
  return reply.digest!;
}

async function inHost(client: TrimsClient): Promise<string[]> {
  const { reply } = await client.request('list', {});
  return (reply.models ?? [])
    .filter((m: IModelInfo) => (m.tiers ?? []).includes(Tier.HOST))
    .map((m: IModelInfo) => m.digest!);
}

async function untilOnDisk(client: TrimsClient, digest: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const { reply } = await client.request('list', {});
    if (
      reply.models?.some(
        (m: IModelInfo) => m.digest === digest && (m.tiers ?? []).includes(Tier.DISK),
      )
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`${digest} never reached the disk tier`);
}

/** A daemon started with `flags` and a client of it for `act`; both go after. */
async function withClient(
  flags: string[],
  act: (client: TrimsClient, daemon: Daemon) => Promise<void>,
): Promise<void> {
  const daemon = await Daemon.start(flags);
  const client = await daemon.client();
  try {
    await act(client, daemon);
  } finally {
    client.close();
    await daemon.stop();
  }
}

describe('trims serve: eviction with a host budget smaller than the working set', function () {
  let size: number;
  let bigSize: number;

  before(async () => {
    size = await segmentBytes(small(1));
    bigSize = await segmentBytes(big());
    expect(bigSize).to.be.within(2.5 * size, 3.2 * size); // the GDSF script relies on it
  });

  async function scripted(
    policy: string,
    budget: number,
    script: (client: TrimsClient) => Promise<{ victim: string; survivors: string[] }>,
  ): Promise<void> {
    await withClient(['--policy', policy, '--host-budget', String(budget)], async (client) => {
      const { victim, survivors } = await script(client);
      const resident = await inHost(client);
      expect(resident, `${policy}: the victim left the host tier`).to.not.include(victim);
      expect(resident, `${policy}: everyone else stayed`).to.include.members(survivors);
      const { reply } = await client.request('stats', {});
      expect(reply.evictions).to.equal(1);
      // Eviction demotes: the victim is still served, from disk or promoted back.
      const { reply: list } = await client.request('list', {});
      expect(
        list.models!.find((m: IModelInfo) => m.digest === victim),
        'the victim is still in the catalog',
      ).to.not.equal(undefined);
    });
  }

  it('lru evicts the least recently used model, never the one a client holds', () =>
    scripted('lru', 3.5 * size, async (client) => {
      const held = await use(client, small(1), true); // oldest and never reused, but held
      const b = await use(client, small(2));
      const c = await use(client, small(3));
      await use(client, small(2));
      const d = await use(client, small(4));
      return { victim: c, survivors: [held, b, d] };
    }));

  it('fifo evicts the first admitted model, never the one a client holds', () =>
    scripted('fifo', 3.5 * size, async (client) => {
      const held = await use(client, small(1), true);
      const b = await use(client, small(2));
      const c = await use(client, small(3));
      await use(client, small(2)); // recent use does not save it under FIFO
      const d = await use(client, small(4));
      return { victim: b, survivors: [held, c, d] };
    }));

  it('lfu evicts the least frequently used model, even if it was used last', () =>
    scripted('lfu', 3.5 * size, async (client) => {
      const held = await use(client, small(1), true);
      const b = await use(client, small(2));
      await use(client, small(2));
      const c = await use(client, small(3)); // most recent, but used once
      const d = await use(client, small(4));
      return { victim: c, survivors: [held, b, d] };
    }));

  it('gdsf evicts the big model before a small one used as often per byte', () =>
    scripted('gdsf', 5.5 * size, async (client) => {
      const held = await use(client, small(1), true);
      const a = await use(client, small(2)); // small, used once, least recently: LRU and LFU would pick it
      const x = await use(client, big());
      await use(client, big()); // ~2.8x the size, used twice: less value per byte than a
      const b = await use(client, small(3));
      return { victim: x, survivors: [held, a, b] };
    }));

  it('when everything is held, serves from disk, and replies LOAD_PRIVATELY when no tier has room', async () => {
    await withClient(
      ['--host-budget', String(1.5 * size), '--disk-budget', String(2.5 * size)],
      async (client) => {
        const first = await use(client, small(1), true); // fills the host tier, held
        await untilOnDisk(client, first); // its disk copy is written behind
        const second = await requestWithFiles(client, 'open', { url: small(2) });
        second.fds.forEach(closeFd);
        expect(second.reply.tier).to.equal(Tier.DISK); // the host tier could not make room
        await expectError(
          requestWithFiles(client, 'open', { url: small(3) }),
          ErrorCode.LOAD_PRIVATELY,
          /no tier has room/,
          /squeezenet1_1/,
        );
        const { reply } = await client.request('stats', {});
        expect(reply.privateLoads).to.equal(1);
      },
    );
  });

  it('never evicts a pinned model, and enforces the per-uid pin quota', async () => {
    await withClient(
      ['--host-budget', String(2.5 * size), '--pin-quota', String(1.5 * size)],
      async (client) => {
        const pinned = (await requestWithFiles(client, 'preload', { url: small(1), pin: true }))
          .reply.digest!;
        await use(client, small(2));
        await use(client, small(3));
        await use(client, small(4));
        expect(await inHost(client)).to.include(pinned);
        await expectError(
          requestWithFiles(client, 'preload', { url: small(2), pin: true }),
          ErrorCode.QUOTA_EXCEEDED,
          /exceeds the quota/,
        );
      },
    );
  });

  it('a pin goes with its model, not with one of its tiers: an evict naming a tier the model is not in leaves it as it was', async () => {
    await withClient(
      ['--host-budget', String(2.5 * size), '--pin-quota', String(1.5 * size)],
      async (client) => {
        const url = small(21);
        const digest = (await requestWithFiles(client, 'preload', { url, pin: true })).reply
          .digest!;
        await untilOnDisk(client, digest);
        const listed = async (): Promise<IModelInfo | undefined> =>
          (await client.request('list', {})).reply.models?.find(
            (m: IModelInfo) => m.digest === digest,
          );
        // every model, from a tier none of them is in (an admin's evict may take any pin)
        const none = await client.request('evict', { all: true, tier: Tier.GPU });
        expect([none.reply.evicted ?? [], none.reply.kept ?? []]).to.deep.equal([[], []]);
        expect((await listed())?.pinned).to.equal(true);
        // out of host memory, still cached on disk: still pinned
        const host = await client.request('evict', { url, tier: Tier.HOST });
        expect(host.reply.evicted).to.deep.equal([digest]);
        expect(await listed())
          .to.include({ pinned: true })
          .and.nested.include({ 'tiers[0]': Tier.DISK });
        // out of every tier: the pin goes with it, and its bytes back to the quota
        expect((await client.request('evict', { url })).reply.evicted).to.deep.equal([digest]);
        expect(await listed()).to.equal(undefined);
        await requestWithFiles(client, 'preload', { url: small(22), pin: true });
      },
    );
  });

  it('pins are restored before a disk tier smaller than last time makes room: the pinned model stays, the others go', async () => {
    const first = await Daemon.start(['--disk-budget', String(4 * size)]);
    const client = await first.client();
    let pinned: string;
    try {
      pinned = (await requestWithFiles(client, 'preload', { url: small(31), pin: true })).reply
        .digest!;
      await untilOnDisk(client, pinned); // the oldest on disk: the first to go by LRU
      for (const seed of [32, 33]) await untilOnDisk(client, await use(client, small(seed)));
    } finally {
      client.close();
    }
    expect(await first.stop()).to.equal(0);
    const smaller = await Daemon.start(['--disk-budget', String(1.5 * size)], {
      dir: first.dir,
      cacheDir: first.cacheDir,
    });
    try {
      const models = (await ask(smaller, 'list', {})).reply.models ?? [];
      expect(models.map((m: IModelInfo) => [m.digest, m.pinned])).to.deep.equal([[pinned, true]]);
    } finally {
      await smaller.stop();
    }
  });

  it("a pinned model whose cached copy proves bad is fetched again: the preload answers where it is now, and the pin's bytes go back to its uid", async () => {
    await withClient(
      ['--host-budget', String(2.5 * size), '--pin-quota', String(1.5 * size)],
      async (client, daemon) => {
        /** Demotes the model to disk only, and changes bytes of its segment file there. */
        const spoil = async (url: string, digest: string): Promise<void> => {
          await client.request('evict', { url, tier: Tier.HOST });
          await untilOnDisk(client, digest);
          const fd = fs.openSync(path.join(daemon.cacheDir, 'segments', `${digest}.seg`), 'r+');
          fs.writeSync(fd, Buffer.alloc(64, 0xff), 0, 64, size - 64);
          fs.closeSync(fd);
        };
        const first = await requestWithFiles(client, 'preload', { url: small(11), pin: true });
        await spoil(small(11), first.reply.digest!);
        const again = await requestWithFiles(client, 'preload', { url: small(11), pin: true });
        expect(again.reply.tier, 'where it is now').to.equal(Tier.HOST);
        expect(await inHost(client)).to.include(again.reply.digest);
        // pinned again, once: the spoiled copy's pin went with it
        await expectError(
          requestWithFiles(client, 'preload', { url: small(12), pin: true }),
          ErrorCode.QUOTA_EXCEEDED,
          /has \d+ bytes pinned/,
        );
        await spoil(small(11), again.reply.digest!);
        await use(client, small(11)); // fetched again, unpinned
        await requestWithFiles(client, 'preload', { url: small(12), pin: true }); // its bytes fit now
      },
    );
  });
});
