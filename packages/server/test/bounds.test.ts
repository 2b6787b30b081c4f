import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as nodeHttp from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';

import { TrimsClient } from '@trims/client';
import { closeFd, connect, SeqPacketChannel } from '@trims/native-cuda';
import {
  decodeFrame,
  encodeFrame,
  ErrorCode,
  PROTOCOL_VERSION,
  Reply,
  Request,
  Tier,
} from '@trims/protocol';
import { ask, Daemon, expectError, ModelHttpServer, tempDir, writeTinyModel } from '@trims/testing';

import type { FdShares } from '../src/fd-shares';
import { peerReachableDir, peerUser, pythonAs } from './fixtures/peer-user';

function rssBytes(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

function cpuSeconds(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks
}

const RSS_BOUND = 400 * 2 ** 20;

/** A request as hex, for a Python client's command line. */
const frameHex = (id: number, body: object): string =>
  Buffer.from(encodeFrame(Request.encode(Request.create({ id, ...body })).finish())).toString(
    'hex',
  );

/**
 * Runs a raw Python client (`lines`) against the daemon with a Hello and
 * `request` as hex (argv 2 and 3): its stdout.
 */
function rawPython(daemon: Daemon, lines: string[], request: object): string {
  const run = spawnSync(
    'python3',
    [
      '-c',
      lines.join('\n'),
      daemon.socketPath,
      frameHex(1, { hello: { protocolVersion: PROTOCOL_VERSION } }),
      frameHex(2, request),
    ],
    { encoding: 'utf8', timeout: 60_000 },
  );
  expect(run.status, run.stderr).to.equal(0);
  return run.stdout;
}

/** The shares of its fds the daemon logged at start. */
function fdSharesOf(daemon: Daemon): FdShares {
  const line = daemon.logs.split('\n').find((entry) => entry.includes('"msg":"fd shares"'));
  expect(line, daemon.logs).to.be.a('string');
  return JSON.parse(line!) as FdShares;
}

/** A daemon other users may reach (its socket group-accessible), under an fd limit, with `url` cached. */
async function daemonForPeers(fdLimit: number, url: string): Promise<Daemon> {
  const daemon = await Daemon.start(['--group-access'], { dir: peerReachableDir(), fdLimit });
  try {
    (await ask(daemon, 'open', { url })).fds.forEach(closeFd);
    return daemon;
  } catch (error) {
    await daemon.stop();
    throw error;
  }
}

/** Waits until the daemon has one connection left (the one asking), or gives up: the count seen. */
async function connectionsLeft(daemon: Daemon): Promise<number> {
  let connections = 0;
  for (let i = 0; i < 100; i++) {
    connections = Number((await ask(daemon, 'stats', {})).reply.connections);
    if (connections === 1) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return connections;
}

describe('trims serve: every resource a peer can spend is bounded', function () {
  let root: string;
  let http: ModelHttpServer;

  before(async () => {
    root = tempDir('trims-bounds-');
    writeTinyModel(path.join(root, 'tiny'), 1, { values: 1 << 20 }); // 4 MiB shard
    // One 4 MiB weight, its shard listed 1,000 times: 4 GB of body for 4 MiB declared.
    writeTinyModel(path.join(root, 'repeated'), 2, {
      values: 1 << 20,
      paths: Array.from({ length: 1000 }, () => 'w.bin'),
    });
    writeTinyModel(path.join(root, 'many-shards'), 3, {
      paths: Array.from({ length: 20_000 }, (_, i) => `s${i}.bin`),
    });
    writeTinyModel(path.join(root, 'huge'), 4, { extra: { padding: 'x'.repeat(2 << 20) } });
    http = await new ModelHttpServer(root).start();
  });

  after(() => http.close());

  it('endless, oversized and repeated bodies, too many shards and a huge model.json are refused, named, within an RSS bound', async () => {
    const daemon = await Daemon.start([], {
      env: { TRIMS_MAX_MODEL_JSON_BYTES: String(1 << 20), TRIMS_ORIGIN_IDLE_TIMEOUT_MS: '500' },
    });
    try {
      await expectError(
        ask(daemon, 'open', { url: http.url('endless/tiny/model.json') }),
        ErrorCode.CORRUPT_MODEL,
        /exceeds its limit of 4194304 bytes \(stopped reading\)/,
      );
      await expectError(
        ask(daemon, 'open', { url: http.url('repeated/model.json') }),
        ErrorCode.CORRUPT_MODEL,
        /w\.bin.*(exceeds its limit|over its limit)/,
      );
      await expectError(
        ask(daemon, 'open', { url: http.url('many-shards/model.json') }),
        ErrorCode.CORRUPT_MODEL,
        /lists 20000 shards; the limit is 10000/,
      );
      await expectError(
        ask(daemon, 'open', { url: http.url('huge/model.json') }),
        ErrorCode.CORRUPT_MODEL,
        /model\.json.*over its limit of 1048576/,
      );
      await expectError(
        ask(daemon, 'open', { url: http.url('stall/tiny/model.json') }),
        ErrorCode.FETCH_FAILED,
        /no body bytes for 500 ms after 1024 \(idle phase\)/,
      );
      const rss = rssBytes(daemon.child.pid!);
      console.log(`      (daemon RSS after the hostile bodies: ${(rss / 2 ** 20).toFixed(0)} MiB)`);
      expect(rss).to.be.below(RSS_BOUND);
      const good = await ask(daemon, 'open', { url: http.url('tiny/model.json') });
      good.fds.forEach(closeFd);
      expect(Number(good.reply.segmentBytes)).to.be.greaterThan(4 << 20);
    } finally {
      await daemon.stop();
    }
  });

  it('a model whose quantized weights are within the limit stored but not decoded is refused before its segment exists', async () => {
    // 1,000,000 uint8 values: 1 MB as stored, 4 MB as the float32 the segment holds
    const dir = path.join(root, 'quantized');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'w.bin'), Buffer.alloc(1_000_000, 7));
    const weight = { name: 'w', shape: [1_000_000], dtype: 'float32' };
    const quantization = { dtype: 'uint8', min: 0, scale: 1 };
    const daemon = await Daemon.start([], { env: { TRIMS_MAX_MODEL_BYTES: String(2 << 20) } });
    try {
      for (const [name, spec] of [
        ['plain', weight],
        ['quantized', { ...weight, quantization }],
      ] as const) {
        fs.writeFileSync(
          path.join(dir, `${name}.json`),
          JSON.stringify({
            format: 'graph-model',
            modelTopology: { node: [{ name: 'w', op: 'Const' }] },
            weightsManifest: [{ paths: ['w.bin'], weights: [spec] }],
          }),
        );
      }
      // stored 4 MB: refused as declared
      await expectError(
        ask(daemon, 'open', { url: http.url('quantized/plain.json') }),
        ErrorCode.LOAD_PRIVATELY,
        /the 4000000 bytes of weights the manifest declares \(the limit is 2097152/,
      );
      // stored 1 MB, 4 MB decoded: refused as it would be held
      await expectError(
        ask(daemon, 'open', { url: http.url('quantized/quantized.json') }),
        ErrorCode.LOAD_PRIVATELY,
        /takes \d+ bytes once its weights are decoded \(the limit is 2097152/,
      );
    } finally {
      await daemon.stop();
    }
  });

  it("an origin that never answers, cold opens and connections over a uid's limits: each refused, named", async () => {
    const daemon = await Daemon.start([], {
      env: {
        TRIMS_ORIGIN_HEADERS_TIMEOUT_MS: '300',
        TRIMS_COLD_OPENS_PER_UID: '2',
        TRIMS_CONNECTIONS_PER_UID: '4',
      },
    });
    try {
      await expectError(
        ask(daemon, 'open', { url: http.url('hang/tiny/model.json') }),
        ErrorCode.FETCH_FAILED,
        /no response headers within 300 ms \(connect or headers phase\)/,
      );
      const client = await daemon.client();
      const opens = [1, 2, 3].map((i) =>
        client.request('open', { url: http.url(`hang/tiny/model.json?cold=${i}`) }).then(
          () => 'opened',
          (error: Error) => error.message,
        ),
      );
      const answers = await Promise.all(opens);
      expect(
        answers.filter((a) => /already has 2 models being fetched \(the limit\)/.test(a)),
      ).to.have.length(1);
      const more = await Promise.all([1, 2, 3].map(() => daemon.client())); // 4 open in all
      const fifth = connect(daemon.socketPath);
      const refusal = await new Promise<Buffer>((resolve) =>
        fifth.once('message', ({ data }) => resolve(data)),
      );
      const reply = Reply.decode(decodeFrame(refusal));
      expect(reply.error?.code).to.equal(ErrorCode.UNAVAILABLE);
      expect(reply.error?.message).to.match(/has 4 connections open \(the limit\)/);
      fifth.close();
      client.close();
      for (const c of more) c.close();
    } finally {
      await daemon.stop();
    }
  });

  it("an origin that trickles its bytes is stopped at the whole fetch's time limit, named", async () => {
    // The slow route sends a shard in 16 pieces 25 ms apart: never idle long, 400 ms in all.
    const daemon = await Daemon.start([], {
      env: { TRIMS_ORIGIN_TOTAL_TIMEOUT_MS: '150', TRIMS_ORIGIN_IDLE_TIMEOUT_MS: '5000' },
    });
    try {
      await expectError(
        ask(daemon, 'open', { url: http.url('slow/tiny/model.json') }),
        ErrorCode.FETCH_FAILED,
        /w\.bin: the model's fetch took over 150 ms in all, \d+ bytes into this response \(total\)/,
      );
      const good = await ask(daemon, 'open', { url: http.url('tiny/model.json') });
      good.fds.forEach(closeFd); // a fresh fetch has its own time
    } finally {
      await daemon.stop();
    }
  });

  it("the fds of replies a client does not read count against its uid's share of reply fds: past it, Opens are UNAVAILABLE, named, and the daemon keeps its fds", async () => {
    // An origin that holds the shard until released: 1,000 Opens join one fetch, then end at once.
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    const model = writeTinyModel(path.join(root, 'held-back'), 5);
    const origin = nodeHttp.createServer((request, response) => {
      const body = fs.readFileSync(
        path.join(model.dir, request.url!.endsWith('.bin') ? 'w.bin' : 'model.json'),
      );
      const send = (): void =>
        void response.writeHead(200, { 'content-length': body.length }).end(body);
      if (request.url!.endsWith('.bin')) void released.then(send);
      else send();
    });
    await new Promise<void>((resolve) => origin.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(origin.address() as net.AddressInfo).port}/m/model.json`;
    const daemon = await Daemon.start([], { fdLimit: 256 });
    const flood = connect(daemon.socketPath);
    const answers: string[] = [];
    try {
      flood.on('message', ({ data, fds }) => {
        fds.forEach(closeFd);
        const reply = Reply.decode(decodeFrame(data));
        answers.push(reply.open ? 'opened' : (reply.error?.message ?? 'hello'));
      });
      flood.pauseReading(); // it reads nothing the daemon answers, for now
      const frame = (id: number, body: object): Buffer =>
        encodeFrame(Request.encode(Request.create({ id, ...body })).finish());
      await flood.send(frame(1, { hello: { protocolVersion: PROTOCOL_VERSION, client: 'flood' } }));
      for (let i = 0; i < 1000; i++) void flood.send(frame(2 + i, { open: { url } }));
      await new Promise((resolve) => setTimeout(resolve, 1000)); // all in hand, waiting on the fetch
      release();
      await new Promise((resolve) => setTimeout(resolve, 2000)); // all answered: the socket is full
      const open = fs.readdirSync(`/proc/${daemon.child.pid}/fd`).length;
      expect(open, 'fds the daemon holds').to.be.below(256 - 32);
      flood.resumeReading();
      for (let i = 0; i < 100 && answers.length < 1001; i++)
        await new Promise((resolve) => setTimeout(resolve, 50));
      const refused = answers.filter((a) =>
        /has as many fds in replies (waiting to be sent|not yet read) as (one uid|it) may/.test(a),
      );
      expect(refused.length, 'some were refused').to.be.above(0);
      expect(answers.filter((a) => a === 'opened').length).to.be.above(0);
      const others = answers.filter((a) => !['hello', 'opened', ...refused].includes(a));
      expect(others, 'every Open opened or refused so').to.deep.equal([]);
      expect(answers).to.have.length(1001);
      expect(daemon.logs).not.to.match(/EMFILE|request failed unexpectedly/);
      (await ask(daemon, 'open', { url })).fds.forEach(closeFd); // served again
    } finally {
      flood.close();
      origin.close();
      await daemon.stop();
    }
  });

  it("uids holding all the attached files they may leave others' Opens their reply fds", async function () {
    const users = [peerUser(this), peerUser(this, 'trims-bounds-b')];
    const url = http.url('tiny/model.json');
    const daemon = await daemonForPeers(512, url);
    try {
      const { heldFilesPerUid } = fdSharesOf(daemon);
      // Each holds its whole share of attached files (MoreFiles for an Open that never comes).
      const hoarders = users.map((user) =>
        pythonAs(
          user,
          [
            'import os, socket, sys, time',
            's = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)',
            's.connect(sys.argv[1])',
            's.send(bytes.fromhex(sys.argv[2])); s.recv(1 << 20)',
            `socket.send_fds(s, [bytes.fromhex(sys.argv[3])], [os.open('/etc/passwd', os.O_RDONLY)] * ${heldFilesPerUid})`,
            'print("holding", flush=True); time.sleep(30)',
          ],
          [
            daemon.socketPath,
            frameHex(1, { hello: { protocolVersion: PROTOCOL_VERSION } }),
            frameHex(0, { moreFiles: {} }),
          ],
        ),
      );
      try {
        await Promise.all(
          hoarders.map((h) => new Promise((resolve) => h.stdout.once('data', resolve))),
        );
        await new Promise((resolve) => setTimeout(resolve, 300)); // the daemon has them
        const { reply, fds } = await ask(daemon, 'open', { url });
        fds.forEach(closeFd);
        expect(reply.tier).to.equal(Tier.HOST);
      } finally {
        hoarders.forEach((h) => h.kill());
      }
    } finally {
      await daemon.stop();
    }
  });

  it('a uid that never reads is lent at most its share of fds, over any number of connections, even once the kernel took them; others are served', async function () {
    const user = peerUser(this);
    const url = http.url('tiny/model.json');
    const daemon = await daemonForPeers(1024, url); // cached: every Open is a hit
    try {
      const { unreadPerUid } = fdSharesOf(daemon);
      // 8 connections, 100 Opens each, nothing read until told (the kernel takes ~250 replies a
      // connection before the socket fills): then everything sent is read, and its fds counted.
      const flood = pythonAs(
        user,
        [
          'import socket, sys',
          'conns = []',
          'for _ in range(8):',
          '    s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)',
          '    s.connect(sys.argv[1]); s.send(bytes.fromhex(sys.argv[2])); s.recv(1 << 20)',
          '    for _ in range(100): s.send(bytes.fromhex(sys.argv[3]))',
          '    conns.append(s)',
          'print("sent", flush=True); sys.stdin.readline()',
          'fds = 0',
          'for s in conns:',
          '    s.settimeout(2)',
          '    try:',
          '        while True:',
          '            _, got, _, _ = socket.recv_fds(s, 1 << 20, 16)',
          '            fds += len(got)',
          '            for fd in got: __import__("os").close(fd)',
          '    except socket.timeout: pass',
          'print(fds, flush=True)',
        ],
        [
          daemon.socketPath,
          frameHex(1, { hello: { protocolVersion: PROTOCOL_VERSION } }),
          frameHex(2, { open: { url } }),
        ],
      );
      let out = '';
      flood.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      const lines = (): string[] => out.split('\n').filter((line) => line !== '');
      try {
        while (!lines().includes('sent')) await new Promise((resolve) => setTimeout(resolve, 50));
        await new Promise((resolve) => setTimeout(resolve, 1000)); // all answered, what can be sent is
        // Another uid is served meanwhile.
        const { reply, fds } = await ask(daemon, 'open', { url });
        fds.forEach(closeFd);
        expect(reply.tier).to.equal(Tier.HOST);
        flood.stdin.write('read\n');
        while (lines().length < 2) await new Promise((resolve) => setTimeout(resolve, 50));
        const lent = Number(lines()[1]);
        expect(lent, 'some were lent').to.be.above(0);
        expect(lent, `its share of unread fds (${unreadPerUid})`).to.be.at.most(unreadPerUid);
        expect(daemon.logs).not.to.match(/ETOOMANYREFS|EMFILE|request failed unexpectedly/);
      } finally {
        flood.kill();
      }
    } finally {
      await daemon.stop();
    }
  });

  it('a client that sends requests and never reads the replies blocks on its socket; the daemon stays bounded', async () => {
    const daemon = await Daemon.start();
    const flood = connect(daemon.socketPath);
    try {
      flood.pauseReading(); // it reads nothing the daemon answers
      const frame = (id: number, body: object): Buffer =>
        encodeFrame(Request.encode(Request.create({ id, ...body })).finish());
      await flood.send(frame(1, { hello: { protocolVersion: PROTOCOL_VERSION, client: 'flood' } }));
      let taken = 0;
      const list = frame(2, { list: {} });
      for (let i = 0; i < 50_000; i++)
        flood.send(list).then(
          () => taken++,
          () => undefined,
        );
      await new Promise((resolve) => setTimeout(resolve, 2000));
      console.log(
        `      (${taken} of 50000 requests taken by the kernel in 2 s; the rest wait in the client)`,
      );
      expect(taken).to.be.below(5000); // without back-pressure, all 50,000 (and the daemon grows by GBs)
      expect(rssBytes(daemon.child.pid!)).to.be.below(RSS_BOUND);
      const other = await ask(daemon, 'health', {});
      expect(other.reply.pid).to.equal(daemon.child.pid);
      // The daemon reads it no more, yet sees it hang up: its connection goes at once.
      flood.close();
      let connections = 0;
      for (let i = 0; i < 50; i++) {
        connections = Number((await ask(daemon, 'stats', {})).reply.connections);
        if (connections === 1) break; // the asking one
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(connections).to.equal(1);
    } finally {
      flood.close();
      await daemon.stop();
    }
  });

  it("a uid's requests waiting on a slow origin weigh at most 32 MiB together: past that each is answered at once, named", async () => {
    const daemon = await Daemon.start([], { env: { TRIMS_ORIGIN_HEADERS_TIMEOUT_MS: '4000' } });
    const client = await daemon.client();
    try {
      const url = http.url('hang/tiny/model.json');
      const first = client.request('open', { url }).catch((error: Error) => error); // the fetch, held
      // 600 more of 61 KiB each join it (a header the origin never sees: the fetch is under way)
      const headers = { 'accept-language': 'x'.repeat(61 << 10) };
      const joined = Array.from({ length: 600 }, () =>
        client.request('open', { url, options: { headers } }).then(
          () => 'opened',
          (error: Error) => error.message,
        ),
      );
      const refused = await Promise.race([
        Promise.any(joined.map((j) => j.then((m) => (/weigh/.test(m) ? m : Promise.reject())))),
        first.then(() => 'the fetch ended first'),
      ]);
      expect(refused).to.match(
        /uid \d+'s requests in hand weigh 33554432 bytes \(the limit\): wait for their replies/,
      );
      const answers = await Promise.all(joined);
      const weighed = answers.filter((a) => /weigh/.test(a)).length;
      expect(weighed).to.be.within(600 - 540, 600 - 500); // ~520 fit in 32 MiB
      await first;
      // all given back: as many again are taken once the others have ended (hits: the
      // origin sees none of their headers)
      (await client.request('open', { url: http.url('tiny/model.json') })).fds.forEach(closeFd);
      const again = await Promise.all(
        Array.from({ length: 400 }, () =>
          client.request('open', { url: http.url('tiny/model.json'), options: { headers } }).then(
            ({ fds }) => (fds.forEach(closeFd), 'ok'),
            (error: Error) => error.message,
          ),
        ),
      );
      expect(again.filter((a) => a !== 'ok')).to.deep.equal([]);
    } finally {
      client.close();
      await daemon.stop();
    }
  });

  it('a uid at its limit of models held open is refused before any work, named; a Close frees one', async () => {
    const daemon = await Daemon.start([], { env: { TRIMS_HANDLES_PER_UID: '3' } });
    const [first, second] = [await daemon.client(), await daemon.client()];
    try {
      const url = http.url('tiny/model.json');
      const handles = [];
      for (let i = 0; i < 3; i++) {
        const { reply, fds } = await first.request('open', { url });
        fds.forEach(closeFd);
        handles.push(reply.handle!);
      }
      for (const client of [first, second])
        // the limit is the uid's, across its connections
        await expectError(
          client.request('open', { url }),
          ErrorCode.UNAVAILABLE,
          /uid \d+ holds 3 models open \(the limit\): close some/,
        );
      await first.request('close', { handle: handles[0]! });
      const again = await second.request('open', { url });
      again.fds.forEach(closeFd);
      first.close(); // its two handles go back with the connection
      await new Promise((resolve) => setTimeout(resolve, 200));
      for (let i = 0; i < 2; i++) (await second.request('open', { url })).fds.forEach(closeFd);
    } finally {
      first.close();
      second.close();
      await daemon.stop();
    }
  });

  it('a connection that never says Hello is closed after the Hello timeout', async () => {
    const daemon = await Daemon.start([], { env: { TRIMS_HELLO_TIMEOUT_MS: '300' } });
    try {
      const channel = connect(daemon.socketPath);
      const started = Date.now();
      await new Promise<void>((resolve) => channel.once('close', () => resolve()));
      expect(Date.now() - started).to.be.within(200, 5000);
    } finally {
      await daemon.stop();
    }
  });

  it('a peer that reads nothing for long while the daemon waits on it is closed, even one whose socket rides in our queue (it never hangs up)', async () => {
    const daemon = await Daemon.start([], { env: { TRIMS_PEER_STALL_MS: '1500' } });
    try {
      // stops reading replies until the daemon stops reading it, then sends its own socket in a
      // frame (which the daemon's queue then holds, unread) and exits
      rawPython(
        daemon,
        [
          'import socket, sys, time, fcntl, termios, struct',
          's = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)',
          's.connect(sys.argv[1])',
          's.send(bytes.fromhex(sys.argv[2])); s.recv(1 << 20)',
          'unread = lambda: struct.unpack("i", fcntl.ioctl(s.fileno(), termios.TIOCOUTQ, b"0000"))[0]',
          'for i in range(400):',
          '    for j in range(20): s.send(bytes.fromhex(sys.argv[3]))',
          '    time.sleep(0.05)',
          '    if unread() > 0: break',
          'socket.send_fds(s, [bytes.fromhex(sys.argv[3])], [s.fileno()])',
        ],
        { stats: {} },
      );
      expect(await connectionsLeft(daemon), 'connections left').to.equal(1);
      expect(await daemon.logsWith('a peer read nothing for long: closing')).to.contain(
        'a peer read nothing for long: closing',
      );
    } finally {
      await daemon.stop();
    }
  });

  it('a MoreFiles frame carrying anything but a regular file is refused: a peer cannot leave its own socket in our hands and go', async () => {
    const daemon = await Daemon.start();
    try {
      const stdout = rawPython(
        daemon,
        [
          'import socket, sys',
          's = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)',
          's.connect(sys.argv[1])',
          's.send(bytes.fromhex(sys.argv[2])); s.recv(1 << 20)',
          'socket.send_fds(s, [bytes.fromhex(sys.argv[3])], [s.fileno()])',
          'print(s.recv(1 << 20).hex())',
        ],
        { moreFiles: {} },
      );
      const reply = Reply.decode(decodeFrame(Buffer.from(stdout.trim(), 'hex')));
      expect(reply.error?.message).to.match(
        /a MoreFiles frame carries an fd that is not a regular file/,
      );
      expect(await connectionsLeft(daemon), "connections left: the peer's went with it").to.equal(
        1,
      );
    } finally {
      await daemon.stop();
    }
  });

  it('a request whose fds the daemon cannot take (its fd table full) is answered UNAVAILABLE, not blamed on the client; the daemon goes on', async () => {
    const daemon = await Daemon.start([], { fdLimit: 64 });
    try {
      const tiny = path.join(root, 'tiny', 'model.json');
      const stdout = rawPython(
        daemon,
        [
          'import os, socket, sys',
          's = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)',
          's.connect(sys.argv[1])',
          's.send(bytes.fromhex(sys.argv[2])); s.recv(1 << 20)',
          `f = os.open(${JSON.stringify(tiny)}, os.O_RDONLY)`,
          'socket.send_fds(s, [bytes.fromhex(sys.argv[3])], [f] * 120)', // more than 64 fds hold
          'print(s.recv(1 << 20).hex())',
        ],
        { open: { url: tiny, attachedFiles: 120 } },
      );
      const reply = Reply.decode(decodeFrame(Buffer.from(stdout.trim(), 'hex')));
      expect(reply.error?.code, reply.error?.message ?? '').to.equal(ErrorCode.UNAVAILABLE);
      expect(reply.error?.message).to.match(/out of file descriptors/);
      expect((await ask(daemon, 'stats', {})).reply).to.have.property('connections'); // serving
    } finally {
      await daemon.stop();
    }
  });

  it('out of fds while it sets up a fetch (listing its own addresses), a conversion is UNAVAILABLE naming the model, not INTERNAL', async () => {
    const ingestModule = require.resolve('../src/ingest/ingest');
    const script = `const { ingest } = require(${JSON.stringify(ingestModule)});
      const fs = require('fs');
      const held = [];
      try { for (;;) held.push(fs.openSync('/dev/null', 'r')); } catch {}
      ingest({ url: 'http://192.0.2.1/m/model.json', allowFetchFrom: [],
               timeouts: { connectMs: 1000, headersMs: 1000, totalMs: 1000 } }).then(
        () => { held.forEach((fd) => fs.closeSync(fd)); process.stdout.write('{}'); },
        (e) => { held.forEach((fd) => fs.closeSync(fd));
                 process.stdout.write(JSON.stringify({ code: e.code, message: e.message, model: e.model, tier: e.tier })); });`;
    const run = spawnSync('prlimit', ['--nofile=256:256', process.execPath, '-e', script], {
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).to.equal(0);
    const failure = JSON.parse(run.stdout) as {
      code?: number;
      message?: string;
      model?: string;
      tier?: string;
    };
    expect(failure.code, failure.message).to.equal(ErrorCode.UNAVAILABLE);
    expect(failure.message).to.match(/short of resources/);
    expect(failure.model).to.equal('http://192.0.2.1/m/model.json');
    expect(failure.tier).to.equal('remote');
  });

  it('tenants at every fd bound at once leave the daemon fds of its own: those it holds once started, and more for its work', async () => {
    for (const [limit, left] of [
      [256, 32], // its reserve shrinks to a quarter of the limit, less what starting took
      [4096, 96],
    ] as const) {
      const daemon = await Daemon.start([], { fdLimit: limit });
      try {
        const own = fs.readdirSync(`/proc/${daemon.child.pid}/fd`).length;
        const shares = fdSharesOf(daemon);
        const lent =
          shares.connections +
          shares.heldFiles +
          shares.models.host +
          shares.models.gpu +
          shares.replies;
        expect(limit - own - lent, JSON.stringify(shares)).to.be.at.least(left);
        expect(shares.heldFilesPerUid).to.be.at.most(shares.heldFiles / 2);
      } finally {
        await daemon.stop();
      }
    }
  });

  it('connections of all uids together take at most a quarter of the fds the daemon can lend, named at the bound', async () => {
    const daemon = await Daemon.start([], { fdLimit: 1024 });
    const clients: TrimsClient[] = [];
    /** The daemon's answer to one more connection, read off the socket as it comes. */
    const refusalOfOneMore = async (): Promise<Reply> => {
      const extra = connect(daemon.socketPath);
      const data = await new Promise<Buffer>((resolve) =>
        extra.once('message', ({ data }) => resolve(data)),
      );
      extra.close();
      return Reply.decode(decodeFrame(data));
    };
    try {
      const { connections, lendable } = fdSharesOf(daemon);
      expect(connections).to.equal(Math.floor(lendable / 4));
      for (let i = 0; i < connections; i++)
        // below the uid's own limit (1,024)
        clients.push(await TrimsClient.connect({ socketPath: daemon.socketPath }));
      const refused = await refusalOfOneMore();
      expect(refused.error?.code).to.equal(ErrorCode.UNAVAILABLE);
      const atTheBound = new RegExp(
        `the daemon has ${connections} connections open \\(its limit: a quarter of the fds it can lend\\): retry later`,
      );
      expect(refused.error?.message).to.match(atTheBound);
      // The client hears it too, every time: the daemon closes with the client's Hello unread,
      // so the kernel resets the connection ahead of the refusal it queued (9 in 100 were lost).
      for (let i = 0; i < 50; i++) {
        let error: Error | undefined;
        try {
          clients.push(await TrimsClient.connect({ socketPath: daemon.socketPath }));
        } catch (thrown) {
          error = thrown as Error;
        }
        expect(error?.message).to.match(atTheBound);
      }
      clients.pop()!.close();
      await new Promise((resolve) => setTimeout(resolve, 200));
      clients.push(await TrimsClient.connect({ socketPath: daemon.socketPath })); // its slot came back
    } finally {
      clients.forEach((client) => client.close());
      await daemon.stop();
    }
  });

  it('under a 1,024-fd limit, 5,000 connection attempts neither spin nor flood the log, and the daemon keeps serving', async () => {
    const daemon = await Daemon.start([], {
      env: { TRIMS_LOG_LEVEL: 'info', TRIMS_HELLO_TIMEOUT_MS: '1000' },
    });
    const held: SeqPacketChannel[] = [];
    try {
      const pid = daemon.child.pid!;
      const limited = spawnSync('prlimit', [`--pid=${pid}`, '--nofile=1024:1024']);
      expect(limited.status, limited.stderr.toString()).to.equal(0);
      await new Promise((resolve) => setTimeout(resolve, 100));
      if (!daemon.alive) throw new Error(daemon.logs);
      const cpuBefore = cpuSeconds(pid);
      const started = Date.now();
      let refused = 0;
      for (let i = 0; i < 5000; i++) {
        try {
          held.push(connect(daemon.socketPath)); // held open, never a Hello
        } catch {
          refused++; // the backlog is full: the kernel says EAGAIN
        }
        if (i % 500 === 499) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      if (!daemon.alive) throw new Error(daemon.logs.slice(-3000));
      await new Promise((resolve) => setTimeout(resolve, 2000)); // accept errors while it holds ~1,024 fds
      const cpu = cpuSeconds(pid) - cpuBefore;
      const seconds = (Date.now() - started) / 1000;
      console.log(
        `      (${held.length} connected, ${refused} refused by the kernel; daemon CPU ${((100 * cpu) / seconds).toFixed(0)}% over ${seconds.toFixed(1)} s; log ${daemon.logBytes} bytes)`,
      );
      const stats = await ask(daemon, 'stats', {}); // served once idle connections time out
      expect(stats.reply).to.have.property('connections');
      expect(daemon.logBytes).to.be.below(1 << 20);
      expect(cpu / seconds).to.be.below(0.9); // not a spinning accept loop
      expect(await daemon.logsWith('accept failed (backing off)')).to.contain(
        'accept failed (backing off)',
      );
    } finally {
      held.forEach((channel) => channel.close());
      await daemon.stop();
    }
  });
});
