import { expect } from 'chai';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as nodeHttp from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';

import { closeFd } from '@trims/native-cuda';
import { requestWithFiles, TrimsClient } from '@trims/client';
import { ErrorCode, Tier, TrimsError } from '@trims/protocol';
import {
  Daemon,
  ModelHttpServer,
  ask,
  modelJsonPath,
  segmentOf,
  tempDir,
  writeTinyModel,
  zooModel,
} from '@trims/testing';

const TRIMS = path.resolve(__dirname, '..', '..', '..', 'cli', 'bin', 'trims.js');

describe('trims serve: the daemon', function () {
  let modelDir: string;
  let http: ModelHttpServer;

  before(async () => {
    modelDir = zooModel('squeezenet1_1');
    http = await new ModelHttpServer(path.dirname(modelDir)).start();
  });

  after(() => http.close());

  it('stores a model reached over HTTP and from a file once; a second Open is a host hit; a restart serves it from disk after a conditional request, without fetching or converting again', async () => {
    const httpUrl = http.url('squeezenet1_1/model.json');
    let daemon = await Daemon.start();
    try {
      const first = await ask(daemon, 'open', { url: httpUrl });
      expect(first.reply.tier).to.equal(Tier.HOST);
      for (const fd of first.fds) closeFd(fd);
      const second = await ask(daemon, 'open', { url: httpUrl });
      for (const fd of second.fds) closeFd(fd);
      expect(second.reply.tier).to.equal(Tier.HOST);
      const viaFile = await ask(daemon, 'open', { url: `file://${modelJsonPath(modelDir)}` });
      for (const fd of viaFile.fds) closeFd(fd);
      expect(viaFile.reply.digest).to.equal(first.reply.digest);
      expect(viaFile.reply.tier).to.equal(Tier.HOST);
      const list = (await ask(daemon, 'list', {})).reply as { models: Array<{ urls: string[] }> };
      expect(list.models).to.have.length(1); // one stored copy, two URLs
      expect(list.models[0]!.urls).to.have.members([
        httpUrl,
        `file://${fs.realpathSync(modelJsonPath(modelDir))}`,
      ]);
      const stats = (await ask(daemon, 'stats', {})).reply as {
        hits: number;
        misses: number;
        fetches: number;
        conversions: number;
      };
      expect(stats.hits).to.equal(1); // the second HTTP Open
      expect(stats.misses).to.equal(2); // the first Open, and the file Open (read to learn its digest)
      expect(stats.fetches).to.equal(2);
      expect(stats.conversions).to.equal(1); // stored once
      const withToken = await ask(daemon, 'open', { url: `${httpUrl}?token=s3cret-2718` });
      for (const fd of withToken.fds) closeFd(fd);
      expect(await daemon.stop(), daemon.logs.slice(-4000)).to.equal(0);
      const onDisk = ['', '-wal', '-shm']
        .map((suffix) => path.join(daemon.cacheDir, `catalog.sqlite${suffix}`))
        .filter((file) => fs.existsSync(file))
        .map((file) => fs.readFileSync(file));
      for (const bytes of onDisk)
        expect(bytes.includes('s3cret-2718'), 'a URL token never reaches the disk').to.equal(false);

      // Once their freshness is spent, the stored responses are revalidated with the origin.
      daemon = await Daemon.start(['--http-freshness', '1'], {
        dir: daemon.dir,
        cacheDir: daemon.cacheDir,
      });
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const asked = http.count('/squeezenet1_1/');
      const again = await ask(daemon, 'open', { url: httpUrl });
      for (const fd of again.fds) closeFd(fd);
      expect(again.reply.digest).to.equal(first.reply.digest);
      // The HTTP validators outlived the restart: the origin answered conditional requests (304), nothing was fetched
      const after = (await ask(daemon, 'stats', {})).reply as {
        fetches: number;
        conversions: number;
      };
      expect(after.fetches).to.equal(0);
      expect(after.conversions).to.equal(0);
      expect(
        http.count('/squeezenet1_1/') - asked,
        'model.json and each shard asked once',
      ).to.equal(1 + fs.readdirSync(modelDir).filter((name) => name.endsWith('.bin')).length);
      const viaFileAgain = await ask(daemon, 'open', { url: `file://${modelJsonPath(modelDir)}` });
      for (const fd of viaFileAgain.fds) closeFd(fd);
      const files = (await ask(daemon, 'stats', {})).reply as { fetches: number; hits: number };
      expect(files.fetches).to.equal(0); // the file's identity is in the catalog: no read
      expect(files.hits).to.equal(1);
    } finally {
      await daemon.stop();
    }
  });

  it('a URL fragment is not part of a model: model.json#a and #b are one fetch and one key', async () => {
    const daemon = await Daemon.start();
    try {
      for (const fragment of ['#a', '#b', '']) {
        const opened = await ask(daemon, 'open', {
          url: http.url(`squeezenet1_1/model.json${fragment}`),
        });
        for (const fd of opened.fds) closeFd(fd);
      }
      const stats = (await ask(daemon, 'stats', {})).reply as { fetches: number; hits: number };
      expect(stats.fetches).to.equal(1);
      expect(stats.hits).to.equal(2);
    } finally {
      await daemon.stop();
    }
  });

  it('64 clients opening one cold model at once cause one fetch and all get identical tensor tables', async () => {
    const daemon = await Daemon.start();
    const url = http.url('redirect/squeezenet1_1/model.json?concurrent=1');
    const before = http.count('/squeezenet1_1/model.json');
    try {
      const clients = await Promise.all(Array.from({ length: 64 }, () => daemon.client()));
      const answers = await Promise.all(
        clients.map((client) => requestWithFiles(client, 'open', { url })),
      );
      const tables = new Set(answers.map((a) => JSON.stringify(segmentOf(a.fds).tensors)));
      expect(tables.size).to.equal(1);
      expect(JSON.parse([...tables][0]!)).to.have.length.greaterThan(10);
      expect(http.count('/squeezenet1_1/model.json') - before).to.equal(1);
      const stats = (await ask(daemon, 'stats', {})).reply as {
        fetches: number;
        references: number;
      };
      expect(stats.fetches).to.equal(1);
      expect(stats.references).to.equal(64);
      clients.forEach((client) => client.close());
    } finally {
      await daemon.stop();
    }
  });

  it('lends the segment read-only: the mapped tensors hold the model bytes at 64-byte-aligned offsets', async () => {
    const daemon = await Daemon.start();
    try {
      const { reply, fds } = await ask(daemon, 'open', { url: modelJsonPath(modelDir) });
      expect(fds).to.have.length(1);
      const segment = segmentOf(fds);
      const map = segment.bytes;
      expect(map.length).to.equal(Number(reply.segmentBytes));
      const manifest = JSON.parse(fs.readFileSync(modelJsonPath(modelDir), 'utf8')) as {
        weightsManifest: Array<{ paths: string[] }>;
      };
      const shards = Buffer.concat(
        manifest.weightsManifest[0]!.paths.map((p) => fs.readFileSync(path.join(modelDir, p))),
      );
      let cursor = 0;
      for (const t of segment.tensors) {
        expect(Number(t.offset) % 64).to.equal(0);
        const expected = shards.subarray(cursor, cursor + Number(t.byteLength));
        expect(
          Buffer.from(map.buffer, Number(t.offset), Number(t.byteLength)).equals(expected),
          t.name!,
        ).to.equal(true);
        cursor += Number(t.byteLength);
      }
      expect(JSON.parse(segment.modelJson)).to.not.have.property('weightsManifest');
      expect(JSON.parse(segment.modelJson)).to.have.property('modelTopology');
    } finally {
      await daemon.stop();
    }
  });

  it('trims status --json, preload and evict work against a running daemon', async () => {
    const daemon = await Daemon.start(['--host-budget', '64MB']);
    try {
      const run = (...args: string[]): ReturnType<typeof spawnSync> =>
        spawnSync(process.execPath, [TRIMS, ...args, '--socket', daemon.socketPath], {
          encoding: 'utf8',
          cwd: path.dirname(modelDir),
        });
      const notThere = run('preload', modelJsonPath(modelDir), '--tier', 'disk');
      expect(notThere.status).to.equal(1);
      expect(String(notThere.stderr)).to.contain('preload --tier takes host or gpu, not "disk"');
      // A relative path is a file under the working directory, as for any command.
      const relative = path.relative(path.dirname(modelDir), modelJsonPath(modelDir));
      const preload = run('preload', relative, '--pin');
      expect(preload.status, String(preload.stderr)).to.equal(0);
      const status = JSON.parse(String(run('status', '--json').stdout)) as {
        models: Array<Record<string, unknown>>;
        tiers: Record<string, { used: number; budget: number }>;
      };
      expect(status.models).to.have.length(1);
      expect(Object.keys(status.models[0]!)).to.include.members([
        'url',
        'digest',
        'tier',
        'bytes',
        'refs',
        'hits',
        'pinned',
        'lastUsed',
      ]);
      expect(status.models[0]).to.include({ tier: 'host', refs: 0, pinned: true });
      expect(status.tiers.host!.budget).to.equal(64_000_000);
      expect(status.tiers.host!.used).to.equal(status.models[0]!.bytes);
      expect(String(run('status').stdout)).to.contain('squeezenet1_1');
      const evicted = run('evict', '--all');
      expect(evicted.status).to.equal(0);
      expect(String(evicted.stdout)).to.contain('evicted 1 model');
      const empty = JSON.parse(String(run('status', '--json').stdout)) as { models: unknown[] };
      expect(empty.models).to.have.length(0);
    } finally {
      await daemon.stop();
    }
  });

  it('a pin outlives a restart (its model found on disk, still pinned); one over its quota after the restart goes', async () => {
    let daemon = await Daemon.start(['--host-budget', '64MB']);
    const { dir, cacheDir } = daemon;
    const status = async (): Promise<Array<{ pinned: boolean; tier: string }>> =>
      (
        JSON.parse(
          String(
            spawnSync(
              process.execPath,
              [TRIMS, 'status', '--json', '--socket', daemon.socketPath],
              {
                encoding: 'utf8',
              },
            ).stdout,
          ),
        ) as { models: Array<{ pinned: boolean; tier: string }> }
      ).models;
    try {
      const preload = spawnSync(
        process.execPath,
        [TRIMS, 'preload', modelJsonPath(modelDir), '--pin', '--socket', daemon.socketPath],
        { encoding: 'utf8' },
      );
      expect(preload.status, String(preload.stderr)).to.equal(0);
      expect(await daemon.stop(), daemon.logs.slice(-4000)).to.equal(0);
      daemon = await Daemon.start(['--host-budget', '64MB'], { dir, cacheDir });
      const restored = await status();
      expect(restored).to.have.length(1);
      expect(restored[0]).to.include({ pinned: true, tier: 'disk' });
      expect(await daemon.stop(), daemon.logs.slice(-4000)).to.equal(0);
      daemon = await Daemon.start(['--host-budget', '64MB', '--pin-quota', '1MB'], {
        dir,
        cacheDir,
      });
      expect((await status())[0]!.pinned, 'over the quota it has now').to.equal(false);
      expect(await daemon.stop(), daemon.logs.slice(-4000)).to.equal(0);
      daemon = await Daemon.start(['--host-budget', '64MB'], { dir, cacheDir });
      expect((await status())[0]!.pinned, 'dropped, not kept for later').to.equal(false);
    } finally {
      await daemon.stop();
    }
  });

  it('serves Prometheus metrics on loopback', async () => {
    const daemon = await Daemon.start(['--metrics-port', '0']);
    try {
      const port = Number(/"metricsPort":(\d+)/.exec(daemon.logs)?.[1]);
      const { fds } = await ask(daemon, 'open', { url: modelJsonPath(modelDir) });
      fds.forEach(closeFd);
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(text).to.match(/trims_opens_total 1/);
      expect(text).to.match(/trims_tier_bytes\{tier="host",kind="used"\} [1-9]/);
    } finally {
      await daemon.stop();
    }
  });

  it('holds at most 16 metrics connections, none for long: a flood, or a drip of headers, leaves the daemon its fds and scrapes their turn', async () => {
    const daemon = await Daemon.start(['--metrics-port', '0']);
    const sockets: net.Socket[] = [];
    try {
      const port = Number(/"metricsPort":(\d+)/.exec(daemon.logs)?.[1]);
      const fdsOf = (): number => fs.readdirSync(`/proc/${daemon.child.pid}/fd`).length;
      const before = fdsOf();
      for (let i = 0; i < 300; i++) {
        const socket = net.connect(port, '127.0.0.1');
        socket.on('error', () => undefined);
        sockets.push(socket);
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(fdsOf() - before).to.be.at.most(16 + 4); // (and a few the daemon opens of its own)
      const { fds } = await ask(daemon, 'open', { url: modelJsonPath(modelDir) }); // clients still served
      fds.forEach(closeFd);
      // 16 that send their headers a line a second hold the slots no longer than the 5 s limit
      sockets.splice(0).forEach((socket) => socket.destroy());
      await new Promise((resolve) => setTimeout(resolve, 500)); // the flood's slots freed
      const drip = Array.from({ length: 16 }, () => net.connect(port, '127.0.0.1'));
      const open = (): number => drip.filter((s) => !s.destroyed && !s.readableEnded).length;
      drip.forEach((socket) => socket.write('GET /metrics HTTP/1.1\r\n'));
      const dripping = setInterval(
        () => drip.forEach((socket) => socket.write('x-a: b\r\n')),
        1000,
      );
      drip.forEach((socket) => socket.on('error', () => undefined));
      sockets.push(...drip);
      await new Promise((resolve) => setTimeout(resolve, 2500));
      expect(open(), 'accepted, and dripping').to.equal(16);
      await new Promise((resolve) => setTimeout(resolve, 5000));
      clearInterval(dripping);
      expect(open(), 'closed at the headers limit').to.equal(0);
      expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).to.equal(200);
    } finally {
      sockets.forEach((socket) => socket.destroy());
      await daemon.stop();
    }
  });

  it('refuses a cache directory another user could write, or a link, naming it', async () => {
    const dir = tempDir();
    const open = path.join(dir, 'open-cache');
    fs.mkdirSync(open, { mode: 0o777 });
    fs.chmodSync(open, 0o777);
    const linked = path.join(dir, 'linked-cache');
    fs.symlinkSync(open, linked);
    for (const [cacheDir, why] of [
      [
        open,
        /cache directory .*open-cache must be a directory \(not a link\) of uid \d+ \(or root\) that nobody else may write \(it is a directory, uid \d+, mode 777\)/,
      ],
      [linked, /cache directory .*linked-cache must be a directory \(not a link\).*\(it is a link/],
    ] as const) {
      let failed: unknown;
      try {
        await Daemon.start([], { dir: tempDir(), cacheDir });
      } catch (error) {
        failed = error;
      }
      expect(String(failed)).to.match(why);
    }
  });

  it('creates its socket owner-only (group access by option) and logs each peer it sees', async () => {
    const daemon = await Daemon.start();
    try {
      expect(fs.statSync(daemon.socketPath).mode & 0o777).to.equal(0o600);
      const client = await TrimsClient.connect({ socketPath: daemon.socketPath });
      client.close();
      const peer = `"peer":{"pid":${process.pid},"uid":${process.getuid!()},"gid":${process.getgid!()}}`;
      expect(await daemon.logsWith(peer)).to.contain(peer);
    } finally {
      await daemon.stop();
    }
    const shared = await Daemon.start(['--group-access']);
    try {
      expect(fs.statSync(shared.socketPath).mode & 0o777).to.equal(0o660);
    } finally {
      await shared.stop();
    }
    // The socket's directory inside a cache directory it makes: only the socket's is the group's.
    const cacheDir = path.join(tempDir('trims-nested-'), 'cache');
    const nested = await Daemon.start(['--group-access'], {
      dir: path.join(cacheDir, 'run'),
      cacheDir,
    });
    try {
      expect(fs.statSync(cacheDir).mode & 0o777).to.equal(0o700);
      expect(fs.statSync(path.join(cacheDir, 'run')).mode & 0o777).to.equal(0o750);
    } finally {
      await nested.stop();
    }
  });

  it('a setting it cannot use stops it at start, named, with nothing left listening (a busy metrics port too)', async () => {
    const dir = tempDir('trims-settings-');
    const serve = (flags: string[], env: NodeJS.ProcessEnv = {}) =>
      spawnSync(
        process.execPath,
        [TRIMS, 'serve', '--socket', path.join(dir, 'trims.sock'), '--cache-dir', dir, ...flags],
        { encoding: 'utf8', timeout: 20_000, env: { ...process.env, ...env } },
      );
    const busy = net.createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const { port } = busy.address() as net.AddressInfo;
    try {
      for (const [flags, env, message] of [
        [['--metrics-port', 'abc'], {}, '--metrics-port (TRIMS_METRICS_PORT) "abc" is not a port'],
        [['--metrics-port', '70000'], {}, '"70000" is not a port (0 to 65535)'],
        [[], { TRIMS_METRICS_PORT: ' ' }, '--metrics-port (TRIMS_METRICS_PORT) " " is not a port'],
        [['--metrics-port', '0x50'], {}, '"0x50" is not a port'],
        [[], { TRIMS_MAX_SHARDS: '-1' }, 'TRIMS_MAX_SHARDS "-1" is not a positive whole number'],
        [['--http-freshness', '0'], {}, '--http-freshness (TRIMS_HTTP_FRESHNESS) "0" is not'],
        [[], { TRIMS_GROUP_ACCESS: 'maybe' }, 'TRIMS_GROUP_ACCESS "maybe" is neither on'],
        [['--metrics-port', String(port)], {}, `--metrics-port ${port}: listen EADDRINUSE`],
        // a timer past 2^31 - 1 ms fires after 1 ms in Node: every Hello would time out
        [[], { TRIMS_HELLO_TIMEOUT_MS: '3000000000' }, '"3000000000" is over 2147483647 ms'],
        [['--host-budget', '0.5'], {}, '(TRIMS_HOST_BUDGET) "0.5" is not a whole number of bytes'],
        [['--host-budget', '99999999999999999999TiB'], {}, '--host-budget (TRIMS_HOST_BUDGET)'],
        [['--uid-share', '0x1'], {}, '--uid-share (TRIMS_UID_SHARE) "0x1" is not a fraction'],
        [['--allow-fetch-from', '10.0.0.0/99'], {}, 'the prefix length must be 0 to 32'],
        [[], { TRIMS_LOG_LEVEL: 'verbose' }, 'TRIMS_LOG_LEVEL "verbose" is not a log level'],
        [['--socket', ''], {}, '--socket is empty'],
        [['--cache-dir', ''], {}, '--cache-dir is empty'],
      ] as const) {
        const result = serve([...flags], env);
        expect(result.status, result.stderr).to.equal(1);
        expect(result.stderr).to.contain(message);
        expect(fs.existsSync(path.join(dir, 'trims.sock')), 'nothing left listening').to.equal(
          false,
        );
      }
    } finally {
      busy.close();
    }
  });

  it('refuses to start over a live daemon or on its cache directory, and replaces a stale socket', async () => {
    const daemon = await Daemon.start();
    try {
      const second = spawnSync(
        process.execPath,
        [TRIMS, 'serve', '--socket', daemon.socketPath, '--cache-dir', tempDir('trims-second-')],
        {
          encoding: 'utf8',
          timeout: 20_000,
        },
      );
      expect(second.status).to.equal(1);
      expect(second.stderr).to.contain(`a TrIMS daemon already listens at ${daemon.socketPath}`);
      // Another socket, the same cache directory: refused too, naming the daemon that has it.
      const other = path.join(tempDir('trims-second-'), 'trims.sock');
      const sharing = spawnSync(
        process.execPath,
        [TRIMS, 'serve', '--socket', other, '--cache-dir', daemon.cacheDir],
        { encoding: 'utf8', timeout: 20_000 },
      );
      expect(sharing.status).to.equal(1);
      expect(sharing.stderr).to.contain(
        `the cache directory ${daemon.cacheDir} is in use by another TrIMS daemon (pid ${daemon.child.pid})`,
      );
      expect(fs.existsSync(other), 'it never listened').to.equal(false);
      expect(daemon.alive).to.equal(true);
    } finally {
      daemon.child.kill('SIGKILL');
      await new Promise((resolve) => daemon.child.once('exit', resolve));
    }
    // A stale socket and a lock file left by SIGKILL: the kernel dropped the lock with the daemon.
    const restarted = await Daemon.start([], { dir: daemon.dir, cacheDir: daemon.cacheDir });
    expect(await restarted.stop(), restarted.logs.slice(-4000)).to.equal(0);
  });

  it('a shutdown stops the fetches still running after TRIMS_DRAIN_MS, their opens answered SHUTTING_DOWN; a second signal exits at once', async () => {
    const stalled = http.url(`stall/${path.basename(modelDir)}/model.json`); // a shard that never ends
    const exited = (daemon: Daemon): Promise<number | null> =>
      new Promise((resolve) => daemon.child.once('exit', (code) => resolve(code)));
    /** A daemon whose fetch of `stalled` is under way (its origin waits 60 s before giving up). */
    const fetching = async (env: Record<string, string>) => {
      const daemon = await Daemon.start([], {
        env: { TRIMS_ORIGIN_IDLE_TIMEOUT_MS: '60000', ...env },
      });
      const client = await daemon.client();
      const requested = http.count('/stall/');
      const open = client.request('open', { url: stalled }).then(
        () => 'served',
        (error: TrimsError) => error.code,
      );
      // model.json, then a first shard: the fetch is under way
      while (http.count('/stall/') < requested + 2)
        await new Promise((resolve) => setTimeout(resolve, 50));
      return { daemon, client, open };
    };
    const draining = await fetching({ TRIMS_DRAIN_MS: '500' });
    // Another connection joins that fetch: when it is stopped, the joiner must not start another.
    const joiner = await draining.daemon.client();
    const joined = joiner.request('open', { url: stalled }).then(
      () => 'served',
      (error: TrimsError) => error.code,
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    const drained = exited(draining.daemon);
    draining.daemon.child.kill('SIGTERM');
    expect(await draining.open).to.equal(ErrorCode.SHUTTING_DOWN);
    expect(await joined).to.equal(ErrorCode.SHUTTING_DOWN);
    expect(await drained, draining.daemon.logs.slice(-3000)).to.equal(0);
    draining.client.close();
    joiner.close();
    // The default drain would wait 10 s for it: a second signal does not.
    const forced = await fetching({});
    const gone = exited(forced.daemon);
    forced.daemon.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 200));
    forced.daemon.child.kill('SIGINT');
    expect(await gone).to.equal(128 + 2);
    expect(await forced.daemon.logsWith('a second signal while draining: exiting now')).to.contain(
      'a second signal while draining: exiting now',
    );
    forced.client.close();
    // Its terminal gone (SIGHUP), a daemon drains and exits as for SIGTERM.
    const hungUp = await Daemon.start();
    const ended = exited(hungUp);
    hungUp.child.kill('SIGHUP');
    expect(await ended).to.equal(0);
    expect(await hungUp.logsWith(/"signal":"SIGHUP".*"msg":"draining"/)).to.match(
      /"signal":"SIGHUP".*"msg":"draining"/,
    );
  });

  it("the drain's time limit holds for a fetch that starts during it (a revalidation that finds the model changed)", async () => {
    const root = tempDir('trims-drain-origin-');
    const [a, b1, b2] = [1, 2, 3].map((seed) => writeTinyModel(path.join(root, `m${seed}`), seed));
    let changed = false;
    const requests: string[] = [];
    const origin = nodeHttp.createServer((request, response) => {
      requests.push(`${request.url} ${request.headers['if-none-match'] ?? ''}`);
      const file = request.url!.endsWith('w.bin') ? 'w.bin' : 'model.json';
      const send = (body: Buffer, etag: string): void =>
        void response.writeHead(200, {
          'content-length': body.length,
          'cache-control': 'max-age=0',
          etag,
        });
      if (request.url!.startsWith('/a/')) {
        const body = fs.readFileSync(path.join(a!.dir, file));
        send(body, '"a"');
        if (file === 'model.json') return response.end(body);
        response.write(body.subarray(0, 8));
        setTimeout(() => response.end(body.subarray(8)), 1000); // done within the drain's 2 s
        return;
      }
      if (request.headers['if-none-match'] !== undefined) changed = true; // answered 200 after 500 ms
      const reply = (): void => {
        const body = fs.readFileSync(path.join((changed ? b2 : b1)!.dir, file));
        send(body, changed ? '"v2"' : '"v1"');
        if (changed && file === 'w.bin')
          response.write(body.subarray(0, 8)); // then nothing
        else response.end(body);
      };
      if (request.headers['if-none-match'] !== undefined) setTimeout(reply, 500);
      else reply();
    });
    await new Promise<void>((resolve) => origin.listen(0, '127.0.0.1', resolve));
    const url = (model: string): string =>
      `http://127.0.0.1:${(origin.address() as net.AddressInfo).port}/${model}/model.json`;
    const daemon = await Daemon.start([], {
      env: { TRIMS_DRAIN_MS: '2000', TRIMS_ORIGIN_IDLE_TIMEOUT_MS: '60000' },
    });
    const client = await daemon.client();
    try {
      (await requestWithFiles(client, 'open', { url: url('b') })).fds.forEach(closeFd); // v1 cached
      const answer = (model: string) =>
        client.request('open', { url: url(model) }).then(
          () => 'served',
          (error: TrimsError) => error.code,
        );
      const opened = answer('a');
      while (!requests.some((r) => r.startsWith('/a/w.bin')))
        await new Promise((resolve) => setTimeout(resolve, 20));
      const reopened = answer('b');
      while (!changed) await new Promise((resolve) => setTimeout(resolve, 20));
      const exited = new Promise((resolve) => daemon.child.once('exit', resolve));
      daemon.child.kill('SIGTERM'); // a's fetch ends within the limit; b's, once it starts, never
      expect(await opened).to.equal('served');
      expect(await reopened).to.equal(ErrorCode.SHUTTING_DOWN);
      expect(await exited, daemon.logs.slice(-2000)).to.equal(0);
    } finally {
      client.close();
      origin.close();
      await daemon.stop();
    }
  });

  it('a drain answers every request it read before it closes their connections: a revalidation its origin holds is stopped at the time limit, SHUTTING_DOWN', async () => {
    const { dir } = writeTinyModel(tempDir('trims-drain-held-'), 5);
    let asked = 0;
    const origin = nodeHttp.createServer((request, response) => {
      if (request.headers['if-none-match'] !== undefined) return void asked++; // never answered
      const body = fs.readFileSync(
        path.join(dir, request.url!.endsWith('w.bin') ? 'w.bin' : 'model.json'),
      );
      response.writeHead(200, {
        'content-length': body.length,
        'cache-control': 'max-age=0',
        etag: '"v1"',
      });
      response.end(body);
    });
    await new Promise<void>((resolve) => origin.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(origin.address() as net.AddressInfo).port}/m/model.json`;
    const daemon = await Daemon.start([], {
      env: { TRIMS_DRAIN_MS: '500', TRIMS_ORIGIN_HEADERS_TIMEOUT_MS: '60000' },
    });
    const client = await daemon.client();
    try {
      (await requestWithFiles(client, 'open', { url })).fds.forEach(closeFd); // cached, stale at once
      const reopened = client.request('open', { url }).then(
        () => 'served',
        (error: TrimsError) => error,
      );
      while (asked === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      const exited = new Promise((resolve) => daemon.child.once('exit', resolve));
      daemon.child.kill('SIGTERM');
      const answer = await reopened;
      expect(answer, 'answered, not left to find its connection closed').to.be.instanceOf(
        TrimsError,
      );
      expect((answer as TrimsError).code, (answer as TrimsError).message).to.equal(
        ErrorCode.SHUTTING_DOWN,
      );
      expect((answer as TrimsError).message).to.contain('the daemon is shutting down');
      expect(await exited, daemon.logs.slice(-2000)).to.equal(0);
    } finally {
      client.close();
      origin.closeAllConnections();
      origin.close();
      await daemon.stop();
    }
  });

  it('never removes what is at --socket unless it is a socket nobody listens on: a file, a directory, a daemon not accepting now', async () => {
    const dir = tempDir('trims-socket-path-');
    fs.chmodSync(dir, 0o700);
    const serve = (flags: string[], env: NodeJS.ProcessEnv) =>
      spawnSync(process.execPath, [TRIMS, 'serve', ...flags], {
        encoding: 'utf8',
        timeout: 20_000,
        env: { ...process.env, ...env },
      });
    const file = path.join(dir, 'important.db');
    fs.writeFileSync(file, 'data');
    fs.mkdirSync(path.join(dir, 'a-directory'));
    for (const at of [file, path.join(dir, 'a-directory')]) {
      const result = serve(['--socket', at, '--cache-dir', tempDir('trims-cache-')], {});
      expect(result.status, result.stderr).to.equal(1);
      expect(result.stderr).to.contain(`--socket ${at}: something other than a socket is there`);
    }
    expect(fs.readFileSync(file, 'utf8')).to.equal('data');
    expect(fs.statSync(path.join(dir, 'a-directory')).isDirectory()).to.equal(true);
    // A daemon stopped (a debugger, a stall) with its backlog full answers connects EAGAIN.
    const daemon = await Daemon.start();
    const fill = spawn('python3', [
      '-c',
      [
        'import socket, sys',
        'held = []',
        'while True:',
        '    s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET); s.setblocking(False)',
        '    try: s.connect(sys.argv[1])',
        '    except BlockingIOError: break',
        '    held.append(s)',
        'print(len(held), flush=True); sys.stdin.read()',
      ].join('\n'),
      daemon.socketPath,
    ]);
    try {
      daemon.child.kill('SIGSTOP');
      const filled = await new Promise<Buffer>((resolve) => fill.stdout.once('data', resolve));
      expect(Number(filled.toString()), 'connections queued').to.be.above(0);
      const second = serve(
        ['--socket', daemon.socketPath, '--cache-dir', tempDir('trims-cache-')],
        {},
      );
      expect(second.status, second.stderr).to.equal(1);
      expect(second.stderr).to.contain('cannot tell whether a daemon listens there (EAGAIN)');
      expect(fs.lstatSync(daemon.socketPath).isSocket(), 'its socket is still there').to.equal(
        true,
      );
    } finally {
      daemon.child.kill('SIGCONT');
      fill.kill();
    }
    // still reachable, once it has worked through the backlog the filler left
    let reached: TrimsClient | undefined;
    for (let i = 0; i < 200 && reached === undefined; i++)
      reached = await daemon.client().catch(async () => {
        await new Promise((resolve) => setTimeout(resolve, 50));
        return undefined;
      });
    expect(reached, 'it answers again').to.not.equal(undefined);
    reached!.close();
    await daemon.stop();
  });
});
