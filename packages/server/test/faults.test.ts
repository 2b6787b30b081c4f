import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { Tier } from '@trims/protocol';
import { ask, Daemon, segmentOf, tempDir } from '@trims/testing';

import { writeTinyModel } from './fixtures/tiny-model';

interface Stats {
  fetches: number;
  references: number;
}

async function openValues(daemon: Daemon, url: string): Promise<{ tier: Tier; first: number }> {
  const answer = await ask(daemon, 'open', { url });
  const segment = segmentOf(answer.fds);
  const entry = segment.tensors[0]!;
  const values = new Float32Array(segment.bytes.buffer, entry.offset, 4);
  return { tier: answer.reply.tier as Tier, first: values[1]! };
}

describe('trims serve: faults are survived without losing a load', function () {
  it('a full disk: loads are still served from memory, no partial file stays, the disk tier reports degraded', async function () {
    const mount = tempDir('trims-full-');
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', mount]);
    if (mounted.status !== 0) {
      console.log(
        `      (skipped: cannot mount a tmpfs here: ${mounted.stderr.toString().trim()})`,
      );
      this.skip();
    }
    const models = tempDir('trims-full-models-');
    const urls = [1, 2, 3].map((seed) =>
      writeTinyModel(path.join(models, `m${seed}`), seed, { values: 1 << 20 }),
    );
    const daemon = await Daemon.start([], { cacheDir: mount });
    try {
      for (const [i, model] of urls.entries()) {
        const { tier, first } = await openValues(daemon, model.modelJson);
        expect(tier).to.equal(Tier.HOST);
        expect(first).to.equal((i + 1) * 1000 + 1);
      }
      let list = (await ask(daemon, 'list', {})).reply as {
        tiers: Record<string, { degraded: string; models: number }>;
      };
      for (let i = 0; i < 100 && !list.tiers.disk!.degraded; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        list = (await ask(daemon, 'list', {})).reply as typeof list;
      }
      expect(list.tiers.disk!.degraded).to.match(/ENOSPC/);
      expect(list.tiers.host!.models).to.equal(3);
      // Every write has failed by now or soon: none may leave its partial file behind.
      const partial = (): string[] =>
        fs.readdirSync(path.join(mount, 'segments')).filter((n) => n.endsWith('.tmp'));
      for (let i = 0; i < 100 && partial().length > 0; i++)
        await new Promise((resolve) => setTimeout(resolve, 50));
      expect(partial()).to.deep.equal([]);
      expect(daemon.logs).to.contain('disk tier write failed');
    } finally {
      await daemon.stop();
      spawnSync('umount', [mount]);
    }
  });

  it('cache files deleted, truncated or written under a running daemon are found before use and refetched', async () => {
    const models = tempDir('trims-damage-');
    const a = writeTinyModel(path.join(models, 'a'), 1, { values: 1 << 20 });
    const b = writeTinyModel(path.join(models, 'b'), 2, { values: 1 << 20 });
    // Room in memory for one model: opening one demotes the other to its disk copy alone.
    const daemon = await Daemon.start(['--host-budget', '6MiB']);
    const segments = path.join(daemon.cacheDir, 'segments');
    const damages: Array<[string, (file: string) => void]> = [
      ['deleted', (file) => fs.rmSync(file)],
      ['truncated', (file) => fs.truncateSync(file, 4096)],
      [
        'written in place',
        (file) => {
          const fd = fs.openSync(file, 'r+');
          fs.writeSync(fd, Buffer.from([0xff]), 0, 1, fs.fstatSync(fd).size - 10);
          fs.closeSync(fd);
        },
      ],
    ];
    try {
      expect((await openValues(daemon, a.modelJson)).first).to.equal(1001);
      for (const [what, damage] of damages) {
        expect((await openValues(daemon, b.modelJson)).first).to.equal(2001); // a leaves memory
        let files: string[] = [];
        for (let i = 0; i < 100 && files.length < 2; i++) {
          await new Promise((resolve) => setTimeout(resolve, 50));
          files = fs.readdirSync(segments).filter((n) => n.endsWith('.seg'));
        }
        const digestA = (await ask(daemon, 'list', {})).reply as {
          models: Array<{ digest: string; urls: string[]; tiers: Tier[] }>;
        };
        const entryA = digestA.models.find((m) => m.urls.some((u) => u.endsWith('/a/model.json')))!;
        expect(entryA.tiers, what).to.deep.equal([Tier.DISK]);
        const before = ((await ask(daemon, 'stats', {})).reply as Stats).fetches;
        damage(path.join(segments, `${entryA.digest}.seg`));
        const again = await openValues(daemon, a.modelJson);
        expect(again.first, what).to.equal(1001);
        const after = ((await ask(daemon, 'stats', {})).reply as Stats).fetches;
        expect(after - before, `${what}: refetched`).to.equal(1);
      }
      expect(daemon.logs).to.contain('cached segment is corrupt or missing');
      expect(daemon.alive).to.equal(true);
    } finally {
      await daemon.stop();
    }
  });
});
