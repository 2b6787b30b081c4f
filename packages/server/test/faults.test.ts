import Database from 'better-sqlite3';
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { requestWithFiles, TrimsClient } from '@trims/client';
import { Tier } from '@trims/protocol';
import { ask, Daemon, segmentOf, tempDir, TinyModel, writeTinyModel } from '@trims/testing';

import { peerUser } from './fixtures/peer-user';

const TRIMS = path.resolve(__dirname, '..', '..', '..', 'cli', 'bin', 'trims.js');

interface Stats {
  fetches: number;
  references: number;
}

/** A tmpfs of `size` (the daemon's own: 0700) mounted on a fresh directory, or a skip saying why not. */
function smallDisk(size: string, test: Mocha.Context): string {
  const mount = tempDir('trims-full-');
  const mounted = spawnSync('mount', [
    '-t',
    'tmpfs',
    '-o',
    `size=${size},mode=0700`,
    'tmpfs',
    mount,
  ]);
  if (mounted.status !== 0) {
    console.log(`      (skipped: cannot mount a tmpfs here: ${mounted.stderr.toString().trim()})`);
    test.skip();
  }
  return mount;
}

/** Polls until `done` holds (5 s at most). */
async function waitFor(done: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100 && !(await done()); i++)
    await new Promise((resolve) => setTimeout(resolve, 50));
  expect(await done(), 'waited 5 s').to.equal(true);
}

/** Writes to `file` until the file system has no byte left. */
function fillUp(file: string): void {
  const fd = fs.openSync(file, 'w');
  const chunk = Buffer.alloc(64 * 1024);
  try {
    for (;;) fs.writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    fs.closeSync(fd);
  }
}

/** A 64 MiB model preloaded, then `act` at once, while its write-behind to disk runs. */
async function duringWriteBehind(
  act: (client: TrimsClient, url: string, daemon: Daemon) => Promise<void>,
): Promise<void> {
  const model = writeTinyModel(path.join(tempDir('trims-write-race-'), 'm'), 3, {
    values: 1 << 24,
  });
  const daemon = await Daemon.start();
  const client = await daemon.client();
  try {
    await requestWithFiles(client, 'preload', { url: model.modelJson });
    await act(client, model.modelJson, daemon);
  } finally {
    client.close();
    await daemon.stop();
  }
}

async function openValues(daemon: Daemon, url: string): Promise<{ tier: Tier; first: number }> {
  const answer = await ask(daemon, 'open', { url });
  const segment = segmentOf(answer.fds);
  const entry = segment.tensors[0]!;
  const values = new Float32Array(segment.bytes.buffer, entry.offset, 4);
  return { tier: answer.reply.tier as Tier, first: values[1]! };
}

/** A daemon that stored one tiny model (`seed`) on disk and stopped: restart it on its cache directory. */
async function storedThenStopped(
  prefix: string,
  seed: number,
): Promise<{ first: Daemon; model: TinyModel; models: string; digest: string }> {
  const models = tempDir(prefix);
  const model = writeTinyModel(path.join(models, 'm'), seed);
  const first = await Daemon.start();
  const { reply, fds } = await ask(first, 'open', { url: model.modelJson });
  fds.forEach((fd) => fs.closeSync(fd));
  expect(await first.stop()).to.equal(0); // drains: the disk copy is written
  return { first, model, models, digest: reply.digest! };
}

describe('trims serve: faults are survived without losing a load', function () {
  it('a read-only cache location is refused at start, naming the real cause and the option that moves it', function () {
    const mount = smallDisk('1m', this);
    try {
      fs.mkdirSync(path.join(mount, 'existing'), { mode: 0o700 });
      expect(spawnSync('mount', ['-o', 'remount,ro', mount]).status).to.equal(0);
      const sockets = tempDir('trims-ro-sock-');
      for (const [cacheDir, message] of [
        [
          path.join(mount, 'new', 'cache'),
          `cannot create the cache directory ${mount}/new/cache: EROFS`,
        ],
        [
          path.join(mount, 'existing'),
          `the cache directory ${mount}/existing is not writable: EROFS`,
        ],
      ]) {
        const result = spawnSync(
          process.execPath,
          [TRIMS, 'serve', '--socket', path.join(sockets, 'trims.sock'), '--cache-dir', cacheDir!],
          { encoding: 'utf8', timeout: 20_000 },
        );
        expect(result.status).to.equal(1);
        expect(result.stderr).to.contain(message);
        expect(result.stderr).to.contain('(--cache-dir or TRIMS_CACHE_DIR)');
      }
    } finally {
      spawnSync('umount', [mount]);
    }
  });

  it('a full disk: loads are still served from memory, no partial file stays, the disk tier reports degraded', async function () {
    const mount = smallDisk('3m', this);
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
      const status = (...flags: string[]): string =>
        spawnSync(process.execPath, [TRIMS, 'status', '--socket', daemon.socketPath, ...flags], {
          encoding: 'utf8',
        }).stdout;
      const json = JSON.parse(status('--json')) as { tiers: { disk: { degraded: string } } };
      expect(json.tiers.disk.degraded, 'trims status --json says so').to.match(/ENOSPC/);
      expect(status()).to.match(/^disk .* DEGRADED: .*ENOSPC/m);
      expect(list.tiers.host!.models).to.equal(3);
      // Every write has failed by now or soon: none may leave its partial file behind.
      const partial = (): string[] =>
        fs.readdirSync(path.join(mount, 'segments')).filter((n) => n.endsWith('.tmp'));
      for (let i = 0; i < 100 && partial().length > 0; i++)
        await new Promise((resolve) => setTimeout(resolve, 50));
      expect(partial()).to.deep.equal([]);
      expect(await daemon.logsWith('disk tier write failed')).to.contain('disk tier write failed');
    } finally {
      await daemon.stop();
      spawnSync('umount', [mount]);
    }
  });

  it('a disk with no byte left: a cold open is served from memory, a demotion that cannot be written stops nothing', async function () {
    const mount = smallDisk('16m', this);
    const models = tempDir('trims-full-models-');
    const [a, b] = [1, 2].map((seed) =>
      writeTinyModel(path.join(models, `m${seed}`), seed, { values: 1 << 20 }),
    );
    const daemon = await Daemon.start([], { cacheDir: mount });
    try {
      expect((await openValues(daemon, a!.modelJson)).first).to.equal(1001);
      await waitFor(() =>
        fs.readdirSync(path.join(mount, 'segments')).some((n) => n.endsWith('.seg')),
      );
      fillUp(path.join(mount, 'filler'));
      // The catalog cannot record the new model (SQLITE_FULL) nor its disk copy be written.
      const cold = await openValues(daemon, b!.modelJson);
      expect(cold).to.deep.equal({ tier: Tier.HOST, first: 2001 });
      // Its demotion fails, and the catalog cannot forget it either: the daemon goes on.
      const evicted = await ask(daemon, 'evict', { url: b!.modelJson, tier: 'host' });
      expect((evicted.reply as { evicted: string[] }).evicted).to.have.length(1);
      expect((await openValues(daemon, a!.modelJson)).first).to.equal(1001);
      expect((await openValues(daemon, b!.modelJson)).first).to.equal(2001);
      expect((await ask(daemon, 'health', {})).reply.pid).to.equal(daemon.child.pid);
      expect(daemon.alive).to.equal(true);
      expect(await daemon.logsWith('a catalog database operation failed')).to.contain(
        'a catalog database operation failed',
      );
    } finally {
      await daemon.stop();
      spawnSync('umount', [mount]);
    }
  });

  it('a catalog found damaged on a full disk goes on in memory: every open is still served', async function () {
    const mount = smallDisk('16m', this);
    const models = tempDir('trims-full-models-');
    const tiny = [5, 6, 7].map((seed) =>
      writeTinyModel(path.join(models, `m${seed}`), seed, { values: 1 << 18 }),
    );
    const daemon = await Daemon.start([], { cacheDir: mount });
    const held: number[] = [];
    try {
      expect((await openValues(daemon, tiny[0]!.modelJson)).first).to.equal(5001);
      await waitFor(() =>
        fs.readdirSync(path.join(mount, 'segments')).some((n) => n.endsWith('.seg')),
      );
      // Damaged in place, and kept open here, so that setting it aside frees no byte.
      for (const file of ['catalog.sqlite', 'catalog.sqlite-wal', 'catalog.sqlite-shm']) {
        const fd = fs.openSync(path.join(mount, file), 'r+');
        held.push(fd);
        fs.writeSync(fd, crypto.randomBytes(fs.fstatSync(fd).size), 0, fs.fstatSync(fd).size, 0);
      }
      fillUp(path.join(mount, 'filler'));
      expect((await openValues(daemon, tiny[1]!.modelJson)).first).to.equal(6001);
      expect(
        await daemon.logsWith('the catalog is kept in memory until the daemon restarts'),
      ).to.contain('the catalog is kept in memory until the daemon restarts');
      expect((await openValues(daemon, tiny[0]!.modelJson)).first).to.equal(5001);
      fs.rmSync(path.join(mount, 'filler'));
      expect((await openValues(daemon, tiny[2]!.modelJson)).first).to.equal(7001);
      expect((await openValues(daemon, tiny[1]!.modelJson)).first).to.equal(6001);
      expect(daemon.alive).to.equal(true);
    } finally {
      held.forEach((fd) => fs.closeSync(fd));
      await daemon.stop();
      spawnSync('umount', [mount]);
    }
  });

  it('who used and pinned a model, not taken by a full disk, is written once it has room again', async function () {
    const mount = smallDisk('16m', this);
    const models = tempDir('trims-full-records-');
    const tiny = [8, 9, 10].map((seed) => writeTinyModel(path.join(models, `m${seed}`), seed));
    const daemon = await Daemon.start([], { cacheDir: mount });
    try {
      await ask(daemon, 'open', { url: tiny[0]!.modelJson }).then(({ fds }) =>
        fds.forEach(fs.closeSync),
      );
      fillUp(path.join(mount, 'filler'));
      const full = await ask(daemon, 'preload', { url: tiny[1]!.modelJson, pin: true });
      // the catalog's writes failed meanwhile (said on stderr, which may come after the reply)
      expect(await daemon.logsWith('SQLITE_FULL')).to.contain('SQLITE_FULL');
      fs.rmSync(path.join(mount, 'filler'));
      await ask(daemon, 'open', { url: tiny[2]!.modelJson }).then(({ fds }) =>
        fds.forEach(fs.closeSync),
      );
      expect(await daemon.stop()).to.equal(0);
      const db = new Database(path.join(mount, 'catalog.sqlite'), { readonly: true });
      try {
        const users = db.prepare('SELECT digest FROM model_users').all() as Array<{
          digest: string;
        }>;
        const pins = db.prepare('SELECT digest FROM model_pins').all() as Array<{ digest: string }>;
        expect(users.map((row) => row.digest)).to.include(full.reply.digest);
        expect(pins.map((row) => row.digest)).to.deep.equal([full.reply.digest]);
      } finally {
        db.close();
      }
    } finally {
      await daemon.stop();
      spawnSync('umount', [mount]);
    }
  });

  it('a damaged catalog database is set aside at start; the models on disk are served again', async () => {
    const models = tempDir('trims-damaged-catalog-');
    const tiny = [1, 2].map((seed) => writeTinyModel(path.join(models, `m${seed}`), seed));
    const first = await Daemon.start();
    const digests: string[] = [];
    for (const model of tiny) {
      const { reply, fds } = await ask(first, 'open', { url: model.modelJson });
      fds.forEach((fd) => fs.closeSync(fd));
      digests.push(reply.digest!);
    }
    expect(await first.stop()).to.equal(0); // drains: the disk copies are written
    // Page 1 (the schema) intact, every later page garbage: found only when a query reaches it.
    const file = path.join(first.cacheDir, 'catalog.sqlite');
    const size = fs.statSync(file).size;
    expect(size).to.be.greaterThan(4096);
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, crypto.randomBytes(size - 4096), 0, size - 4096, 4096);
    fs.closeSync(fd);
    const restarted = await Daemon.start([], { dir: first.dir, cacheDir: first.cacheDir });
    try {
      expect(
        await restarted.logsWith('the catalog database was unreadable: started afresh'),
      ).to.contain('the catalog database was unreadable: started afresh');
      for (const [i, model] of tiny.entries()) {
        const { reply, fds } = await ask(restarted, 'open', { url: model.modelJson });
        fds.forEach((fd) => fs.closeSync(fd));
        expect(reply.digest).to.equal(digests[i]);
      }
      // the copies found on disk, not new conversions
      expect((await ask(restarted, 'stats', {})).reply.conversions).to.equal(0);
    } finally {
      await restarted.stop();
    }
  });

  it("a FIFO, a directory or a link at the catalog's name is set aside at start like a damaged one; a FIFO at the lock's name stops the start, named", async () => {
    const { first, model, digest } = await storedThenStopped('trims-odd-catalog-', 1);
    const catalog = path.join(first.cacheDir, 'catalog.sqlite');
    const odd: Record<string, () => void> = {
      fifo: () => expect(spawnSync('mkfifo', [catalog]).status).to.equal(0),
      directory: () => fs.mkdirSync(path.join(catalog, 'inside'), { recursive: true }),
      link: () => fs.symlinkSync('/etc/passwd', catalog),
    };
    for (const [kind, make] of Object.entries(odd)) {
      for (const suffix of ['', '-wal', '-shm']) fs.rmSync(catalog + suffix, { force: true });
      make();
      const restarted = await Daemon.start([], { dir: first.dir, cacheDir: first.cacheDir });
      try {
        expect(restarted.logs, kind).to.contain(
          'the catalog database was unreadable: started afresh',
        );
        expect(restarted.logs, kind).to.not.contain('kept in memory');
        expect(fs.lstatSync(catalog).isFile(), `${kind}: a database file in its place`).to.equal(
          true,
        );
        const again = await ask(restarted, 'open', { url: model.modelJson });
        again.fds.forEach((fd) => fs.closeSync(fd));
        expect(again.reply.digest, kind).to.equal(digest);
      } finally {
        await restarted.stop();
      }
    }
    const lock = path.join(first.cacheDir, 'daemon.lock');
    fs.rmSync(lock);
    expect(spawnSync('mkfifo', [lock]).status).to.equal(0);
    const refused = spawnSync(
      process.execPath,
      [TRIMS, 'serve', '--socket', path.join(first.dir, 'x.sock'), '--cache-dir', first.cacheDir],
      { encoding: 'utf8', timeout: 20_000 },
    );
    expect(refused.status).to.equal(1);
    expect(refused.stderr).to.contain(`${lock} is not a regular file: remove it`);
  });

  it('what is no segment file among the segments (a FIFO, a directory, a link) is left alone: the daemon starts and serves the rest', async () => {
    const {
      first,
      model: tiny,
      models,
      digest,
    } = await storedThenStopped('trims-odd-segments-', 3);
    const segments = path.join(first.cacheDir, 'segments');
    const victim = path.join(models, 'victim');
    fs.writeFileSync(victim, "not the daemon's");
    expect(spawnSync('mkfifo', [path.join(segments, 'fifo.seg')]).status).to.equal(0);
    fs.mkdirSync(path.join(segments, 'directory.seg'));
    fs.symlinkSync(victim, path.join(segments, 'link.seg'));
    // leftovers of a crash by name, directories now (with something in them): removed, never fatal
    for (const leftover of ['x.seg.1.abc.tmp', 'x.seg.abc.trash'])
      fs.mkdirSync(path.join(segments, leftover, 'inside'), { recursive: true });
    const restarted = await Daemon.start([], { dir: first.dir, cacheDir: first.cacheDir });
    try {
      const again = await ask(restarted, 'open', { url: tiny.modelJson });
      again.fds.forEach((fd) => fs.closeSync(fd));
      expect(again.reply.digest).to.equal(digest);
      expect((await ask(restarted, 'stats', {})).reply.conversions).to.equal(0);
      expect(fs.lstatSync(path.join(segments, 'fifo.seg')).isFIFO()).to.equal(true);
      expect(fs.lstatSync(path.join(segments, 'directory.seg')).isDirectory()).to.equal(true);
      expect(fs.lstatSync(path.join(segments, 'link.seg')).isSymbolicLink()).to.equal(true);
      expect(fs.readFileSync(victim, 'utf8')).to.equal("not the daemon's");
      expect(restarted.logs.match(/left alone/g)).to.have.length(3);
      expect(fs.existsSync(path.join(segments, 'x.seg.1.abc.tmp'))).to.equal(false);
    } finally {
      await restarted.stop();
    }
  });

  it("what a past write left that the daemon may not remove (a root daemon's, now run in its own account) is left alone, said: the daemon starts", async function () {
    const user = peerUser(this, 'trims-leftover-d');
    const first = await Daemon.start([], { user });
    expect(await first.stop()).to.equal(0);
    const leftover = path.join(first.cacheDir, 'segments', 'x.seg.1.abc.tmp');
    fs.mkdirSync(path.join(leftover, 'inside'), { recursive: true }); // root's: not the account's to remove
    const restarted = await Daemon.start([], { dir: first.dir, cacheDir: first.cacheDir, user });
    try {
      expect(await restarted.logsWith(/x\.seg\.1\.abc\.tmp.*left alone: EACCES/)).to.match(
        /x\.seg\.1\.abc\.tmp.*left alone: EACCES/,
      );
      expect(fs.existsSync(path.join(leftover, 'inside'))).to.equal(true);
    } finally {
      await restarted.stop();
    }
  });

  it("a segment that is not the daemon's own (another owner, or writable by others) is dropped at start and refetched; a segments directory others may write is refused, named", async () => {
    const { first, model: tiny, digest } = await storedThenStopped('trims-foreign-segments-', 4);
    const segments = path.join(first.cacheDir, 'segments');
    const file = path.join(segments, `${digest}.seg`);
    for (const change of [
      () => fs.chownSync(file, 65534, 65534),
      () => fs.chmodSync(file, 0o666),
    ]) {
      change();
      const restarted = await Daemon.start([], { dir: first.dir, cacheDir: first.cacheDir });
      try {
        expect(await restarted.logsWith(/not the daemon's own \(uid \d+, mode \d+\)/)).to.match(
          /not the daemon's own \(uid \d+, mode \d+\)/,
        );
        const again = await ask(restarted, 'open', { url: tiny.modelJson });
        again.fds.forEach((fd) => fs.closeSync(fd));
        expect(again.reply.digest).to.equal(digest);
        expect((await ask(restarted, 'stats', {})).reply.conversions, 'fetched again').to.equal(1);
      } finally {
        await restarted.stop();
      }
    }
    fs.chmodSync(segments, 0o777);
    const refused = await Daemon.start([], { dir: first.dir, cacheDir: first.cacheDir }).then(
      () => undefined,
      (error: Error) => error,
    );
    expect(refused?.message).to.match(
      /the disk tier directory .*segments must be a directory .* that nobody else may write/,
    );
  });

  it('a model demoted while its copy to disk is being written stays known: listed on disk, opened without a fetch', () =>
    duringWriteBehind(async (client, url) => {
      await client.request('evict', { url, tier: Tier.HOST });
      await waitFor(async () => {
        const list = (await client.request('list', {})).reply;
        return (list.models ?? []).some((m: { tiers?: Tier[] | null }) =>
          m.tiers?.includes(Tier.DISK),
        );
      });
      const before = (await client.request('stats', {})).reply;
      const again = await requestWithFiles(client, 'open', { url });
      again.fds.forEach((fd) => fs.closeSync(fd));
      const after = (await client.request('stats', {})).reply;
      expect([after.fetches, after.conversions]).to.deep.equal([
        before.fetches,
        before.conversions,
      ]);
    }));

  it('a model evicted from every tier while its copy to disk is being written leaves nothing behind', () =>
    duringWriteBehind(async (client, url, daemon) => {
      const evicted = await client.request('evict', { url });
      expect(evicted.reply.evicted).to.have.length(1);
      expect((await client.request('list', {})).reply.models ?? []).to.deep.equal([]);
      const segments = path.join(daemon.cacheDir, 'segments');
      expect(fs.readdirSync(segments).filter((n) => n.endsWith('.seg'))).to.deep.equal([]); // (a .trash goes off the loop)
    }));

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
        // model.json's length, one more: every offset is covered by the checksum
        'its header changed',
        (file) => {
          const fd = fs.openSync(file, 'r+');
          const byte = Buffer.alloc(1);
          fs.readSync(fd, byte, 0, 1, 24);
          fs.writeSync(fd, Buffer.from([byte[0]! ^ 1]), 0, 1, 24);
          fs.closeSync(fd);
        },
      ],
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
      expect(await daemon.logsWith('cached segment is corrupt or missing')).to.contain(
        'cached segment is corrupt or missing',
      );
      expect(daemon.alive).to.equal(true);
    } finally {
      await daemon.stop();
    }
  });
});
