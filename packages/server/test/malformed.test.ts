import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { closeFd, connect, SeqPacketChannel } from '@trims/native-cuda';
import { openModelFiles, TrimsClient } from '@trims/client';
import {
  decodeFrame,
  encodeFrame,
  ErrorCode,
  PROTOCOL_VERSION,
  Reply,
  Request,
} from '@trims/protocol';
import {
  Daemon,
  ModelHttpServer,
  ask,
  copyModel,
  expectError,
  modelJsonPath,
  segmentOf,
  tempDir,
  zooModel,
} from '@trims/testing';

import { expectRefusedUnderCover, needsMountNamespaces } from './fixtures/mount-namespace';
import { peerReachableDir, peerUser, runAsPeer } from './fixtures/peer-user';

/** A raw connection: frames in, decoded replies out. */
class Raw {
  readonly replies: Reply[] = [];
  /** The fds each reply came with (a spilled one: its memfd). */
  readonly fdsPerReply: number[] = [];
  closed = false;
  private waiting: Array<() => void> = [];

  constructor(readonly channel: SeqPacketChannel) {
    channel.on('message', ({ data, fds }) => {
      this.fdsPerReply.push(fds.length);
      fds.forEach(closeFd);
      this.replies.push(Reply.decode(decodeFrame(data)));
      this.waiting.splice(0).forEach((wake) => wake());
    });
    channel.on('close', () => {
      this.closed = true;
      this.waiting.splice(0).forEach((wake) => wake());
    });
    channel.on('error', () => undefined);
  }

  static open(daemon: Daemon): Raw {
    return new Raw(connect(daemon.socketPath, { maxMessageBytes: 1 << 24 }));
  }

  async next(count = 1): Promise<Reply[]> {
    while (this.replies.length < count && !this.closed)
      await new Promise<void>((wake) => this.waiting.push(wake));
    return this.replies.splice(0, count);
  }

  async hello(version = PROTOCOL_VERSION): Promise<Reply> {
    await this.channel.send(
      encodeFrame(Request.encode({ id: 1, hello: { protocolVersion: version } }).finish()),
    );
    return (await this.next())[0]!;
  }
}

describe('trims serve: malformed input is answered, not crashed on', function () {
  let daemon: Daemon;
  let http: ModelHttpServer;
  let good: string;

  before(async () => {
    good = zooModel('squeezenet1_1', 21);
    daemon = await Daemon.start();
    http = await new ModelHttpServer(path.dirname(good)).start();
  });

  after(async () => {
    await http.close();
    expect(daemon.alive, 'the daemon survived everything').to.equal(true);
    await daemon.stop();
  });

  it('random frames, truncated frames and a frame claiming 4 GB each get an error reply', async () => {
    const raw = Raw.open(daemon);
    let seed = 7;
    const random = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    for (let i = 0; i < 200; i++) {
      const frame = Buffer.alloc(1 + Math.floor(random() * 300));
      for (let j = 0; j < frame.length; j++) frame[j] = Math.floor(random() * 256);
      await raw.channel.send(frame);
    }
    const replies = await raw.next(200);
    expect(replies).to.have.length(200);
    expect(replies.every((r) => r.error && r.error.code !== ErrorCode.OK)).to.equal(true);

    const valid = Buffer.from(
      encodeFrame(Request.encode({ id: 9, hello: { protocolVersion: 2 } }).finish()),
    );
    await raw.channel.send(valid.subarray(0, valid.length - 2));
    const [truncated] = await raw.next();
    expect(truncated!.error!.code).to.equal(ErrorCode.BAD_REQUEST);
    expect(truncated!.error!.message).to.match(/claims \d+ bytes but carries \d+/);

    await raw.channel.send(Buffer.from([0x80, 0x80, 0x80, 0x80, 0x10, 1, 2, 3])); // varint 2^32
    const [huge] = await raw.next();
    expect(huge!.error!.code).to.equal(ErrorCode.FRAME_TOO_LARGE);
    expect(huge!.error!.message).to.contain('claims 4294967296 bytes');

    await raw.channel.send(Buffer.alloc(100 * 1024, 1)); // really over the daemon's 64 KiB request limit
    const [oversized] = await raw.next();
    expect(oversized!.error!.code).to.equal(ErrorCode.FRAME_TOO_LARGE);
    expect((await raw.hello()).hello!.protocolVersion).to.equal(PROTOCOL_VERSION); // the connection still works

    // MoreFiles has no reply when it carries fds; without any it is an error, not silence.
    await raw.channel.send(encodeFrame(Request.encode({ id: 15, moreFiles: {} }).finish()));
    const [empty] = await raw.next();
    expect(Number(empty!.id)).to.equal(15);
    expect(empty!.error!.code).to.equal(ErrorCode.BAD_REQUEST);
    expect(empty!.error!.message).to.contain('MoreFiles frame carries no fds');
    raw.channel.close();
  });

  it('requires Hello first, answers an unknown message type, and refuses another protocol version', async () => {
    const raw = Raw.open(daemon);
    await raw.channel.send(encodeFrame(Request.encode({ id: 3, list: {} }).finish()));
    const [early] = await raw.next();
    expect(early!.error!.message).to.contain('first request must be Hello');
    await raw.hello();
    // Field 99 is no message this daemon knows (a newer client's request).
    await raw.channel.send(
      encodeFrame(
        Buffer.concat([Request.encode({ id: 4 }).finish(), Buffer.from([0x9a, 0x06, 0x00])]),
      ),
    );
    const [unknown] = await raw.next();
    expect(Number(unknown!.id)).to.equal(4);
    expect(unknown!.error!.message).to.contain('unknown message type');
    // A uint64 id past a double's 53 bits could not be echoed exactly: refused, naming the rule.
    const largest = { low: -1, high: -1, unsigned: true } as unknown as number; // 2^64 - 1, as protobufjs's LongBits take it
    await raw.channel.send(encodeFrame(Request.encode({ id: largest, list: {} }).finish()));
    const [tooLarge] = await raw.next();
    expect(tooLarge!.error!.message).to.match(/request id \d+ is not below 2\^53/);
    raw.channel.close();

    const other = Raw.open(daemon);
    const refused = await other.hello(1);
    expect(refused.error!.code).to.equal(ErrorCode.VERSION_MISMATCH);
    expect(refused.error!.message).to.contain(
      `client speaks protocol 1, this daemon speaks ${PROTOCOL_VERSION}`,
    );
    await other.next(); // then the daemon hangs up
    expect(other.closed).to.equal(true);
  });

  it('a URL to a missing file: NOT_FOUND naming the model and the tier', async () => {
    const error = await expectError(
      ask(daemon, 'open', { url: '/nonexistent/model.json' }),
      ErrorCode.NOT_FOUND,
      /cannot open \/nonexistent\/model\.json \(ENOENT\)/, // the client opens files itself
    );
    expect(error.model).to.equal('/nonexistent/model.json');
    expect(error.tier).to.equal('remote');
    expect(error.message).to.match(/^model \/nonexistent\/model\.json, tier remote: /);
  });

  it('a corrupt model.json: CORRUPT_MODEL', async () => {
    const copy = copyModel(good);
    fs.writeFileSync(modelJsonPath(copy), '{"modelTopology": {"node": [');
    await expectError(
      ask(daemon, 'open', { url: modelJsonPath(copy) }),
      ErrorCode.CORRUPT_MODEL,
      /model\.json is not valid JSON/,
    );
  });

  it('a shard of the wrong length: CORRUPT_MODEL with both lengths', async () => {
    const copy = copyModel(good);
    const shard = path.join(copy, 'group1-shard1of2.bin');
    fs.truncateSync(shard, fs.statSync(shard).size - 100);
    await expectError(
      ask(daemon, 'open', { url: modelJsonPath(copy) }),
      ErrorCode.CORRUPT_MODEL,
      /manifest describes \d+ bytes of weights but the shards hold \d+/,
    );
  });

  it('HTTP: 404, a redirect loop, a bad Location, a hang-up and a truncated shard are named; headers reach the server', async () => {
    await expectError(
      ask(daemon, 'open', { url: http.url('nothing/model.json') }),
      ErrorCode.NOT_FOUND,
      /not found, or not an origin this daemon may fetch from/,
    );
    await expectError(
      ask(daemon, 'open', { url: http.url('loop/a') }),
      ErrorCode.FETCH_FAILED,
      /loop\/a: redirect loop after 2 hops/,
    );
    // a weightPathPrefix is joined to each shard's path as a string, as tfjs does: no slash added
    for (const shard of fs.readdirSync(good).filter((name) => name.endsWith('.bin')))
      fs.copyFileSync(path.join(good, shard), path.join(path.dirname(good), `alt${shard}`));
    const prefixed = await ask(daemon, 'open', {
      url: http.url(`${path.basename(good)}/model.json`),
      options: { weightPathPrefix: http.url('alt') },
    });
    prefixed.fds.forEach(closeFd);
    // the daemon fetches an http(s) model's weights over http(s) only: any other prefix
    // (data:, file:, one relative to nothing) is for the framework's own loader
    for (const weightPathPrefix of [
      'data:application/octet-stream;base64,AAAA',
      'file:///etc/',
      '/w/',
    ])
      await expectError(
        ask(daemon, 'open', {
          url: http.url(`${path.basename(good)}/model.json`),
          options: { weightPathPrefix },
        }),
        ErrorCode.LOAD_PRIVATELY,
        /weightPathPrefix is not an absolute http\(s\) URL: load it privately/,
      );
    for (const bad of ['bad-location', 'file-location'])
      await expectError(
        ask(daemon, 'open', { url: http.url(bad) }),
        ErrorCode.FETCH_FAILED,
        /HTTP 302 to a Location that is not an http\(s\) URL/,
      );
    await expectError(
      ask(daemon, 'open', { url: http.url('hangup/model.json') }),
      ErrorCode.FETCH_FAILED,
      /the connection closed before the response headers \(UND_ERR_SOCKET\)/,
    );
    await expectError(
      ask(daemon, 'open', { url: http.url(`short/${path.basename(good)}/model.json`) }),
      ErrorCode.FETCH_FAILED,
      /truncated: the body broke off after \d+ bytes \(declared \d+ content-length\)/,
    );
    await expectError(
      ask(daemon, 'open', { url: http.url(`auth/${path.basename(good)}/model.json`) }),
      ErrorCode.ACCESS_DENIED,
      /the origin refused this request \(HTTP 401\)/,
    );
    const authorized = await ask(daemon, 'open', {
      url: http.url(`auth/${path.basename(good)}/model.json`),
      options: { headers: { authorization: 'Bearer sesame' } },
    });
    expect(segmentOf(authorized.fds).tensors.length).to.be.greaterThan(0);
  });

  it('a failed load does not poison later attempts', async () => {
    const copy = copyModel(good);
    const json = fs.readFileSync(modelJsonPath(copy));
    fs.writeFileSync(modelJsonPath(copy), 'garbage');
    await expectError(ask(daemon, 'open', { url: modelJsonPath(copy) }), ErrorCode.CORRUPT_MODEL);
    fs.writeFileSync(modelJsonPath(copy), json);
    const fixed = await ask(daemon, 'open', { url: modelJsonPath(copy) });
    expect(segmentOf(fixed.fds).tensors.length).to.be.greaterThan(0);
  });

  it('Close of a handle this connection does not hold: UNKNOWN_HANDLE', async () => {
    await expectError(
      ask(daemon, 'close', { handle: 987654 }),
      ErrorCode.UNKNOWN_HANDLE,
      /handle 987654/,
    );
  });

  it('a bit flip in a cached file is detected after a restart and the model is refetched', async () => {
    const own = await Daemon.start();
    const url = modelJsonPath(zooModel('squeezenet1_1', 22));
    const first = await ask(own, 'open', { url });
    const firstSegment = segmentOf(first.fds);
    const original = Buffer.from(firstSegment.bytes);
    expect(await own.stop(), own.logs.slice(-4000)).to.equal(0); // drains: the disk copy is written
    const file = path.join(own.cacheDir, 'segments', `${first.reply.digest}.seg`);
    const bytes = fs.readFileSync(file);
    const at = firstSegment.tensors[3]!.offset + 5;
    bytes[at] = bytes[at]! ^ 0x10;
    fs.writeFileSync(file, bytes);
    const restarted = await Daemon.start([], { dir: own.dir, cacheDir: own.cacheDir });
    try {
      const again = await ask(restarted, 'open', { url });
      const served = Buffer.from(segmentOf(again.fds).bytes);
      expect(served.equals(original)).to.equal(true);
      const stats = (await ask(restarted, 'stats', {})).reply as { fetches: number };
      expect(stats.fetches).to.equal(1);
      expect(await restarted.logsWith('cached segment is corrupt')).to.contain(
        'cached segment is corrupt',
      );
    } finally {
      await restarted.stop();
    }
  });

  it("without --allow-root, local files are root's and the daemon's account's to load: another uid is refused, named", async function () {
    const account = peerUser(this, 'trims-files-d');
    const tenant = peerUser(this, 'trims-files-b');
    const models = tempDir('trims-no-roots-');
    fs.cpSync(good, path.join(models, 'm'), { recursive: true });
    spawnSync('chmod', ['-R', 'a+rX', models]); // any uid may read it
    const url = modelJsonPath(path.join(models, 'm'));
    const daemon = await Daemon.start(['--group-access'], {
      dir: peerReachableDir(),
      user: account,
    });
    const openAs = (user: string): Promise<string> =>
      runAsPeer(
        user,
        `const { TrimsClient, requestWithFiles } = require(${JSON.stringify(require.resolve('@trims/client'))});
        (async () => {
          const c = await TrimsClient.connect({ socketPath: ${JSON.stringify(daemon.socketPath)} });
          await requestWithFiles(c, 'open', { url: ${JSON.stringify(url)} }).then(
            () => process.stdout.write('served'), (e) => process.stdout.write(e.message));
          process.exit(0);
        })();`,
      );
    try {
      (await ask(daemon, 'open', { url })).fds.forEach(closeFd); // root
      expect(await openAs(account)).to.equal('served');
      expect(await openAs(tenant)).to.match(
        /uid \d+ may not load local files: the daemon has no --allow-root/,
      );
    } finally {
      await daemon.stop();
    }
  });

  it('a path outside the allowed roots: ACCESS_DENIED; `/` allows every path', async () => {
    const confined = await Daemon.start(['--allow-root', path.dirname(path.dirname(good))]);
    try {
      const outside = copyModel(good);
      await expectError(
        ask(confined, 'open', { url: modelJsonPath(outside) }),
        ErrorCode.ACCESS_DENIED,
        /outside the allowed roots/,
      );
      const inside = await ask(confined, 'open', { url: modelJsonPath(good) });
      inside.fds.forEach(closeFd);
    } finally {
      await confined.stop();
    }
    const everything = await Daemon.start(['--allow-root', '/']);
    try {
      (await ask(everything, 'open', { url: modelJsonPath(good) })).fds.forEach(closeFd);
    } finally {
      await everything.stop();
    }
  });

  it("a model mounted at an allowed path in a mount namespace of the client's own: ACCESS_DENIED", async function () {
    needsMountNamespaces(this);
    const root = tempDir('trims-allow-root-');
    const pub = path.join(root, 'pub');
    fs.cpSync(good, pub, { recursive: true }); // the model the admin allowed
    const confined = await Daemon.start(['--allow-root', root]);
    try {
      const url = modelJsonPath(pub);
      (await ask(confined, 'open', { url })).fds.forEach(closeFd);
      // another model at the same path, in a namespace where a tmpfs covers pub/
      expectRefusedUnderCover(confined, url, pub);
    } finally {
      await confined.stop();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it("a daemon in its own account, a directory it may not search: served when the file's mount is the daemon's, refused when a namespace's own or the file was replaced since", async function () {
    needsMountNamespaces(this);
    const user = peerUser(this, 'trims-closed-dir-d');
    const root = tempDir('trims-closed-dir-');
    fs.chmodSync(root, 0o755);
    const closed = path.join(root, 'closed');
    fs.cpSync(good, closed, { recursive: true });
    fs.chmodSync(closed, 0o700); // root's: the daemon's account cannot look a path up in it
    const confined = await Daemon.start(['--allow-root', root], { user });
    try {
      const url = modelJsonPath(closed);
      // This process (the daemon's mount namespace) may read it: served.
      (await ask(confined, 'open', { url })).fds.forEach(closeFd);
      expectRefusedUnderCover(confined, url, closed);
      // Opened, then replaced by a rename: no longer at its name, though on the daemon's mount.
      const files = openModelFiles(url);
      const client = await confined.client();
      try {
        const json = path.join(closed, 'model.json');
        fs.copyFileSync(json, `${json}.new`);
        fs.renameSync(`${json}.new`, json);
        await expectError(
          client.request('open', { url, attachedFiles: files.fds.length }, { fds: files.fds }),
          ErrorCode.ACCESS_DENIED,
          /is not, at that path as the daemon sees it, the file attached/,
        );
      } finally {
        client.close();
        files.close();
      }
    } finally {
      await confined.stop();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('an error repeats at most a few KiB of what the request said: never a spilled reply', async () => {
    const raw = Raw.open(daemon);
    await raw.hello();
    const request = {
      id: 2,
      open: { url: 'http://x/' + 'u'.repeat(20_000), device: 'g'.repeat(40_000) },
    };
    await raw.channel.send(encodeFrame(Request.encode(request).finish()));
    const [reply] = await raw.next();
    expect(raw.fdsPerReply.at(-1), 'fds with the reply').to.equal(0);
    expect(reply!.error!.code).to.equal(ErrorCode.BAD_REQUEST);
    expect(reply!.error!.message).to.match(/more characters left out\)$/);
    expect(reply!.error!.message!.length).to.be.below(4200);
    raw.channel.close();
  });

  it('files attached on fds not open for reading (O_PATH, write-only): ACCESS_DENIED, even for a cached model', async () => {
    const url = modelJsonPath(good);
    (await ask(daemon, 'open', { url })).fds.forEach(closeFd); // cached: a hit reads nothing through the fds
    const names = ['model.json', ...fs.readdirSync(good).filter((name) => name.endsWith('.bin'))];
    const O_PATH = 0o10000000; // Linux; node:fs does not export it
    for (const flags of [O_PATH, fs.constants.O_WRONLY]) {
      const fds = names.map((name) => fs.openSync(path.join(good, name), flags));
      const client = await daemon.client();
      try {
        await expectError(
          client.request('open', { url, attachedFiles: fds.length }, { fds }),
          ErrorCode.ACCESS_DENIED,
          /model\.json was attached on an fd not open for reading/,
        );
      } finally {
        client.close();
        fds.forEach((fd) => fs.closeSync(fd));
      }
    }
  });

  it('a daemon that is not there: UNAVAILABLE naming the socket', async () => {
    await expectError(
      TrimsClient.connect({ socketPath: '/tmp/trims-nobody/none.sock' }),
      ErrorCode.UNAVAILABLE,
      /no TrIMS daemon answers at \/tmp\/trims-nobody\/none\.sock/,
    );
  });
});
