import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';

import { closeFd } from '@trims/native-cuda';
import { requestWithFiles } from '@trims/client';
import { Tier } from '@trims/protocol';
import { ask, Daemon, tempDir, writeTinyModel } from '@trims/testing';

import { Aliases, KEYS_PER_MODEL } from '../src/catalog/aliases';
import { Catalog } from '../src/catalog/catalog';
import { ModelEntry } from '../src/catalog/entry';
import { MAX_UNWRITTEN, UnwrittenRecords } from '../src/catalog/unwritten';

const MODELS = 2000;
const BATCH = 250;

/** Bytes the daemon passed to write(2) so far (catalog, segments and logs). */
function writtenBytes(pid: number): number {
  return Number(/wchar: (\d+)/.exec(fs.readFileSync(`/proc/${pid}/io`, 'utf8'))![1]);
}

describe('trims serve: a catalog of 2,000 models', function () {
  it('opens 2,000 distinct models without EMFILE, lists them all, writes the same per model at 250 as at 2,000, and finds them again after kill -9', async () => {
    const root = tempDir('trims-catalog-');
    const urls = Array.from(
      { length: MODELS },
      (_, i) => writeTinyModel(path.join(root, `m${i}`), i + 1).modelJson,
    );
    let daemon = await Daemon.start([], { env: { TRIMS_LOG_LEVEL: 'warn' } });
    try {
      const clients = await Promise.all(Array.from({ length: 8 }, () => daemon.client()));
      const perBatch: Array<{ ms: number; bytes: number }> = [];
      for (let start = 0; start < MODELS; start += BATCH) {
        const bytes = writtenBytes(daemon.child.pid!);
        const started = performance.now();
        const batch = urls.slice(start, start + BATCH);
        await Promise.all(
          clients.map(async (client, c) => {
            for (let i = c; i < batch.length; i += clients.length) {
              const { reply, fds } = await requestWithFiles(client, 'open', { url: batch[i]! });
              fds.forEach(closeFd);
              await client.request('close', { handle: reply.handle! });
            }
          }),
        );
        perBatch.push({
          ms: performance.now() - started,
          bytes: writtenBytes(daemon.child.pid!) - bytes,
        });
      }
      clients.forEach((c) => c.close());
      console.log(
        `      (per batch of ${BATCH}: ${perBatch.map((b) => `${b.ms.toFixed(0)} ms/${(b.bytes / 1024).toFixed(0)} KiB`).join(', ')})`,
      );
      // The JSON alias file this replaced rewrote every URL per new one: 8x more bytes by the last batch.
      expect(perBatch.at(-1)!.bytes).to.be.below(2 * perBatch[0]!.bytes);
      const list = (await ask(daemon, 'list', {})).reply as { models: Array<{ urls: string[] }> };
      expect(list.models).to.have.length(MODELS); // every page of the listing
      // Wait for write-behind to put every model on disk, then kill -9: the catalog must still know every URL.
      const onDisk = async (): Promise<number> =>
        (
          (await ask(daemon, 'list', {})).reply as { models: Array<{ tiers: Tier[] }> }
        ).models.filter((m) => m.tiers.includes(Tier.DISK)).length;
      const waited = performance.now();
      while ((await onDisk()) < MODELS && performance.now() - waited < 120_000)
        await new Promise((resolve) => setTimeout(resolve, 200));
      console.log(
        `      (write-behind done ${((performance.now() - waited) / 1000).toFixed(1)} s after the last open)`,
      );
      daemon.child.kill('SIGKILL');
      await new Promise((resolve) => daemon.child.once('exit', resolve));
      daemon = await Daemon.start([], { dir: daemon.dir, cacheDir: daemon.cacheDir });
      await new Promise((resolve) => setTimeout(resolve, 200));
      const again = (await ask(daemon, 'list', {})).reply as { models: Array<{ urls: string[] }> };
      expect(again.models.length).to.equal(MODELS);
      expect(again.models.every((m) => m.urls.length === 1)).to.equal(true);
      const stats = (await ask(daemon, 'stats', {})).reply as { fetches: number };
      const reopened = await ask(daemon, 'open', { url: again.models[0]!.urls[0]! });
      reopened.fds.forEach(closeFd);
      const after = (await ask(daemon, 'stats', {})).reply as { fetches: number };
      expect(after.fetches - stats.fetches).to.equal(0); // found by its URL, no refetch
    } finally {
      await daemon.stop();
    }
  });
});

describe('catalog: what a peer can add to it is bounded', () => {
  it(`keeps a model's newest ${KEYS_PER_MODEL} keys (URLs it was fetched by) and their responses, each URL at most 4 KiB`, () => {
    const dir = tempDir('trims-aliases-');
    const aliases = new Aliases(path.join(dir, 'catalog.sqlite'), {
      reset: () => expect.fail('reset'),
      failed: (operation, why) => expect.fail(`${operation}: ${why}`),
    });
    try {
      const digest = 'd'.repeat(64);
      for (let i = 0; i < KEYS_PER_MODEL + 36; i++) {
        aliases.set(`key ${i}`, { digest, url: `http://origin/m${i}/model.json` });
        aliases.setValidators(`key ${i}`, digest, '[]');
      }
      expect(aliases.urlsOf(digest)).to.have.length(KEYS_PER_MODEL);
      expect(aliases.get('key 0'), 'the oldest key goes').to.equal(undefined);
      expect(aliases.validators('key 0'), 'and its responses').to.equal(undefined);
      expect(aliases.get(`key ${KEYS_PER_MODEL + 35}`)?.digest).to.equal(digest);
      expect(aliases.get('key 36')?.digest, 'the newest 64 stay').to.equal(digest);
      aliases.set('long', { digest: 'e'.repeat(64), url: `http://origin/${'x'.repeat(100_000)}` });
      expect(aliases.get('long')!.url.length).to.be.at.most(4096 + 'file://'.length + 1);
    } finally {
      aliases.close();
    }
  });
});

describe('catalog: who used and pinned a model, when the database cannot take it', () => {
  it("is written in order after the next record that goes in; a later record of a key replaces the earlier; a forgotten model's go", () => {
    let full = true;
    const written: string[] = [];
    const attempt = (what: string) => (): boolean => !full && written.push(what) > 0;
    const records = new UnwrittenRecords(() => undefined);
    records.write('user d1 1 a', attempt('user d1'));
    records.write('pin d1 1', attempt('pin d1'));
    records.write('pin d1 1', attempt('unpin d1')); // the later replaces the earlier
    records.write('user d2 1 b', attempt('user d2'));
    records.forget('d2'); // forgotten meanwhile: never written after
    expect(records.size).to.equal(2);
    full = false;
    records.write('user d3 1 c', attempt('user d3'));
    expect(written).to.deep.equal(['user d3', 'user d1', 'unpin d1']);
    expect(records.size).to.equal(0);
  });

  it(`keeps at most ${MAX_UNWRITTEN}, the oldest going first, said`, () => {
    let dropped = 0;
    const records = new UnwrittenRecords(() => dropped++);
    for (let i = 0; i < MAX_UNWRITTEN + 5; i++) records.write(`user d${i} 1 u`, () => false);
    expect(records.size).to.equal(MAX_UNWRITTEN);
    expect(dropped).to.equal(5);
  });
});

describe('catalog: a stale entry forgotten', () => {
  it('leaves the rows of the entry now holding its digest (its users and pins)', () => {
    const aliases = new Aliases(path.join(tempDir('trims-stale-'), 'catalog.sqlite'), {
      reset: () => undefined,
      failed: (operation, why) => expect.fail(`${operation}: ${why}`),
    });
    const catalog = new Catalog(aliases);
    try {
      const digest = 'ab'.repeat(32);
      const stale = new ModelEntry(digest, 10);
      catalog.add(stale);
      catalog.forget(stale); // it left every tier
      const current = new ModelEntry(digest, 10); // fetched again meanwhile
      catalog.add(current);
      catalog.pinStore.add(current, 1001);
      catalog.forget(stale); // an evict that listed the stale one before it left
      expect(catalog.get(digest)).to.equal(current);
      expect(catalog.pinStore.of(current)).to.deep.equal([1001]);
    } finally {
      catalog.close();
    }
  });
});
