import { expect } from 'chai';
import { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import {
  channelPair,
  closeFd,
  connect,
  createSealedSegment,
  isNativeError,
  mapReadOnly,
  SeqPacketServer,
} from '../src';
import {
  fdsOfMemfd,
  fixture,
  openFdCount,
  runCommand,
  runNode,
  startNode,
  tempDir,
} from './helpers';

interface ClientReport {
  sha256: string;
  seenByServer: { pid: number; uid: number; gid: number };
  pid: number;
  uid: number;
  gid: number;
}

describe('native-cuda: fd passing between real processes', function () {
  let dir: string;
  let server: ChildProcess;
  let socketPath: string;
  let expected: string;

  before(async () => {
    dir = tempDir();
    socketPath = path.join(dir, 'segment.sock');
    const started = await startNode<{ sha256: string }>([
      fixture('segment-server'),
      socketPath,
      String(3 << 20),
    ]);
    server = started.child;
    expected = started.first.sha256;
  });

  after(() => {
    server.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a separate process receives the sealed segment and reads identical bytes', async () => {
    const result = await runNode([fixture('segment-client'), socketPath]);
    expect(result.code, result.stderr).to.equal(0);
    const report = JSON.parse(result.stdout) as ClientReport;
    expect(report.sha256).to.equal(expected);
  });

  it('the server sees the real peer credentials (SO_PEERCRED)', async () => {
    const result = await runNode([fixture('segment-client'), socketPath]);
    const report = JSON.parse(result.stdout) as ClientReport;
    expect(report.seenByServer).to.deep.equal({
      pid: report.pid,
      uid: report.uid,
      gid: report.gid,
    });
  });

  it('a write through the read-only map kills only that client, and the segment is unchanged', async () => {
    const writer = await runNode([fixture('segment-client'), socketPath, 'write']);
    expect(writer.signal).to.equal('SIGSEGV');
    expect((JSON.parse(writer.stdout.split('\n')[0]!) as ClientReport).sha256).to.equal(expected);
    expect(server.exitCode).to.equal(null); // the server lives on
    const after = await runNode([fixture('segment-client'), socketPath]);
    expect((JSON.parse(after.stdout) as ClientReport).sha256).to.equal(expected);
  });

  it('connecting to a missing socket fails at once with ENOENT', () => {
    let caught: unknown;
    try {
      connect(path.join(dir, 'nobody.sock'));
    } catch (error) {
      caught = error;
    }
    expect(isNativeError(caught, 'ENOENT')).to.equal(true);
    expect((caught as Error).message).to.contain('nobody.sock');
  });

  it("a server's close removes its own socket file, never one another server has bound at that path since", () => {
    const at = path.join(dir, 'taken-over.sock');
    const first = SeqPacketServer.listen(at);
    fs.rmSync(at); // as a second daemon would after deciding it stale
    const second = SeqPacketServer.listen(at);
    first.close();
    expect(fs.lstatSync(at).isSocket(), "the second's socket stays").to.equal(true);
    connect(at).close(); // and answers
    second.close();
    expect(fs.existsSync(at)).to.equal(false);
  });
});

describe('native-cuda: channels', () => {
  it('leaks no fd over 10,000 send/receive cycles of a descriptor', async () => {
    const segment = createSealedSegment('trims-test-leak', 4096, (bytes) => bytes.fill(3));
    const [a, b] = channelPair();
    const before = openFdCount();
    const cycles = 10_000;
    let received = 0;
    await new Promise<void>((resolve, reject) => {
      b.on('message', ({ data, fds }) => {
        if (fds.length !== 1 || data.readUInt32LE(0) !== received)
          reject(new Error(`bad message ${received}`));
        for (const fd of fds) closeFd(fd);
        received++;
        if (received === cycles) resolve();
      });
      for (let i = 0; i < cycles; i++) {
        const header = Buffer.alloc(4);
        header.writeUInt32LE(i);
        a.send(header, [segment]).catch(reject);
      }
    });
    expect(fdsOfMemfd('trims-test-leak')).to.equal(1); // ours; none of the 10,000 received
    expect(openFdCount()).to.be.at.most(before);
    a.close();
    b.close();
    closeFd(segment);
  });

  it('keeps messages whole and in order under back-pressure', async () => {
    const [a, b] = channelPair({ maxMessageBytes: 1 << 20 });
    const sizes = Array.from({ length: 300 }, (_, i) => 1 + ((i * 7919) % 200_000));
    const got: number[] = [];
    const done = new Promise<void>((resolve) => {
      b.on('message', ({ data }) => {
        expect(data.length).to.equal(sizes[got.length]);
        expect(data[data.length - 1]).to.equal(got.length & 0xff);
        got.push(data.length);
        if (got.length === sizes.length) resolve();
      });
    });
    await Promise.all(sizes.map((size, i) => a.send(Buffer.alloc(size, i & 0xff))));
    await done;
    a.close();
    b.close();
  });

  it('refuses an oversized message, closes its fds and keeps the channel usable', async () => {
    const segment = createSealedSegment('trims-test-big', 4096, () => undefined);
    const [a, b] = channelPair({ maxMessageBytes: 1024 });
    const before = openFdCount();
    const events: string[] = [];
    const done = new Promise<void>((resolve) => {
      b.on('error', (error) => events.push(`error:${(error as { code?: string }).code}`));
      b.on('message', ({ data, fds }) => {
        events.push(`message:${data.toString()}`);
        for (const fd of fds) closeFd(fd);
        resolve();
      });
    });
    await a.send(Buffer.alloc(4096), [segment]);
    await a.send(Buffer.from('small'));
    await done;
    expect(events).to.deep.equal(['error:EMSGSIZE', 'message:small']);
    expect(fdsOfMemfd('trims-test-big')).to.equal(1);
    expect(openFdCount()).to.be.at.most(before);
    a.close();
    b.close();
    closeFd(segment);
  });

  it('wakes once at the time given: a later wakeIn replaces an earlier, and 0 cancels', async () => {
    const [a, b] = channelPair();
    const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
    try {
      const started = Date.now();
      const wakes: number[] = [];
      a.on('wake', () => wakes.push(Date.now() - started));
      a.wakeIn(60_000);
      a.wakeIn(50); // replaces the minute
      await sleep(400);
      expect(wakes).to.have.length(1);
      expect(wakes[0]).to.be.within(45, 390);
      let woken = false;
      b.on('wake', () => (woken = true));
      b.wakeIn(50);
      b.wakeIn(0);
      await sleep(200);
      expect(woken, 'cancelled').to.equal(false);
      expect(() => a.wakeIn('soon' as unknown as number)).to.throw(/must be a number/);
      expect(() => a.wakeIn(NaN), 'never a silent cancel').to.throw(/NaN/);
    } finally {
      a.close();
      b.close();
    }
  });

  it('a pending wake-up never keeps the process alive, and none comes after close', async () => {
    const script = `
      const { channelPair } = require(${JSON.stringify(path.join(__dirname, '..', 'src'))});
      const [a, b] = channelPair();
      a.unref(); b.unref();
      a.on('wake', () => console.log('woken'));
      a.wakeIn(60000);
      const [c, d] = channelPair();
      c.on('wake', () => console.log('woken after close'));
      c.wakeIn(30);
      c.close(); d.close();
      setTimeout(() => console.log('done'), 100);`;
    const started = Date.now();
    const finished = await runNode(['-e', script]);
    expect(finished.stderr).to.equal('');
    expect(finished.stdout.trim()).to.equal('done');
    expect(Date.now() - started).to.be.below(30_000);
  });

  it('a worker thread that ends with channels open (a wake-up armed) exits cleanly, as does the process', async () => {
    const src = JSON.stringify(path.join(__dirname, '..', 'src'));
    const script = `
      const { Worker } = require('node:worker_threads');
      const code = \`
        const { channelPair } = require(${src});
        const [a, b] = channelPair();
        a.unref(); b.unref();
        a.wakeIn(30000);\`;
      let exited = 0;
      for (let i = 0; i < 3; i++)
        new Worker(code, { eval: true }).on('exit', (code) => {
          if (code !== 0) throw new Error('worker exit ' + code);
          if (++exited === 3) console.log('workers done');
        });`;
    const finished = await runNode(['-e', script]);
    expect(finished.signal, finished.stderr).to.equal(null); // it was SIGSEGV: close callbacks ran after the addon was unloaded
    expect(finished.code, finished.stderr).to.equal(0);
    expect(finished.stdout.trim()).to.equal('workers done');
  });

  it('worker threads terminated while they load the addon leave the process running (no SIGABRT)', async () => {
    // The daemon's thread pool is torn down at SIGTERM, perhaps while a
    // thread is still loading the addon: its napi calls then fail and the
    // error, which cannot reach JS any more, once aborted the whole process.
    const script = `
      const { Worker } = require('node:worker_threads');
      const load = 'require(require("node:worker_threads").workerData)';
      (async () => {
        for (let i = 0; i < 150; i++) {
          const worker = new Worker(load, { eval: true, workerData: ${JSON.stringify(path.join(__dirname, '..', 'src'))} });
          await new Promise((resolve) => setTimeout(resolve, i % 30));
          await worker.terminate();
        }
        console.log('terminated 150');
      })();`;
    const finished = await runNode(['-e', script]);
    expect(finished.signal, finished.stderr).to.equal(null);
    expect(finished.code, finished.stderr).to.equal(0);
    expect(finished.stdout.trim()).to.equal('terminated 150');
  });

  it('pauseReading takes no message until resumeReading, then every one in order; sending goes on meanwhile', async () => {
    const [a, b] = channelPair();
    try {
      const got: string[] = [];
      b.on('message', ({ data }) => got.push(Buffer.from(data).toString()));
      b.pauseReading();
      for (let i = 0; i < 5; i++) await a.send(Buffer.from(`m${i}`));
      await b.send(Buffer.from('reply')); // a paused reader still sends
      const reply = await new Promise<string>((resolve) =>
        a.once('message', ({ data }) => resolve(Buffer.from(data).toString())),
      );
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(reply).to.equal('reply');
      expect(got).to.deep.equal([]);
      b.resumeReading();
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(got).to.deep.equal(['m0', 'm1', 'm2', 'm3', 'm4']);
    } finally {
      a.close();
      b.close();
    }
  });

  it('unreadBytes counts what the peer has not read, and is 0 once it has read everything', async () => {
    const [a, b] = channelPair();
    try {
      b.pauseReading();
      expect(a.unreadBytes()).to.equal(0);
      for (let i = 0; i < 3; i++) await a.send(Buffer.alloc(1000, i));
      const unread = a.unreadBytes();
      expect(unread).to.be.at.least(3000);
      let taken = 0;
      b.on('message', () => taken++);
      b.resumeReading();
      while (taken < 3) await new Promise((resolve) => setTimeout(resolve, 5));
      expect(a.unreadBytes()).to.equal(0);
    } finally {
      a.close();
      b.close();
    }
    expect(a.unreadBytes(), 'closed').to.equal(0);
  });

  it('discardQueued drops what the socket holds, unread, closing the fds it carries', async () => {
    const [a, b] = channelPair();
    try {
      let taken = 0;
      b.on('message', () => taken++);
      b.pauseReading();
      const fdsBefore = fs.readdirSync('/proc/self/fd').length;
      for (let i = 0; i < 3; i++) {
        const fd = fs.openSync('/dev/null', 'r');
        await a.send(Buffer.from(`m${i}`), [fd]);
        fs.closeSync(fd); // the kernel holds it in flight
      }
      expect(b.discardQueued()).to.equal(3);
      expect(fs.readdirSync('/proc/self/fd').length).to.equal(fdsBefore);
      b.resumeReading();
      await a.send(Buffer.from('after'));
      while (taken < 1) await new Promise((resolve) => setTimeout(resolve, 5));
      expect(taken, 'only what came after').to.equal(1);
    } finally {
      a.close();
      b.close();
    }
  });

  it('a channel that paused reading still closes when its peer hangs up', async () => {
    const [a, b] = channelPair();
    b.pauseReading();
    await a.send(Buffer.from('unread'));
    const closed = new Promise<void>((resolve) => b.once('close', () => resolve()));
    a.close();
    await closed; // without the hang-up watch this waits forever (mocha's timeout)
    expect(b.isClosed).to.equal(true);
  });

  it('closed channels are garbage-collected (the watcher holds its callback only while open)', async () => {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (gc === undefined) throw new Error('run mocha with --expose-gc (the root .mocharc.js does)');
    let collected = 0;
    const registry = new FinalizationRegistry(() => collected++);
    for (let i = 0; i < 100; i++) {
      const [a, b] = channelPair();
      registry.register(a, 0);
      registry.register(b, 0);
      a.close();
      b.close();
    }
    for (let i = 0; i < 20 && collected < 190; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      gc();
    }
    expect(collected).to.be.at.least(190);
  });

  it('receiveNow takes what the socket holds at once, without a turn of the event loop', async () => {
    const [a, b] = channelPair();
    try {
      const got: string[] = [];
      b.on('message', ({ data }) => got.push(data.toString()));
      b.receiveNow(); // nothing there yet: no event, no error
      await a.send(Buffer.from('one')); // settles in a microtask: the loop has not polled b
      await a.send(Buffer.from('two'));
      expect(got).to.deep.equal([]);
      b.receiveNow();
      expect(got).to.deep.equal(['one', 'two']);
      b.close();
      b.receiveNow(); // closed: nothing
    } finally {
      a.close();
      b.close();
    }
  });

  it('reports the peer closing', async () => {
    const [a, b] = channelPair();
    const closed = new Promise<void>((resolve) => b.on('close', resolve));
    a.close();
    await closed;
    expect(b.isClosed).to.equal(true);
    await b.send(Buffer.from('late')).then(
      () => expect.fail('send after close must fail'),
      (error: Error) => expect(error.message).to.match(/closed/),
    );
  });

  it('takes what the peer sent before it closed with messages of ours unread (the kernel resets such a connection)', async () => {
    // As a daemon at its connection limit does: it never reads the Hello, answers why, and closes.
    const [daemon, client] = channelPair();
    try {
      daemon.pauseReading();
      const events: string[] = [];
      client.on('message', ({ data }) => events.push(`message ${data.toString()}`));
      client.on('error', (error) => events.push(`error ${error.message}`));
      const closed = new Promise<void>((resolve) => client.on('close', resolve));
      await client.send(Buffer.from('hello'));
      await daemon.send(Buffer.from('refused: at the limit'));
      daemon.close(); // 'hello' unread: the client's end is reset (POLLERR), its queue kept
      await closed;
      expect(events).to.deep.equal(['message refused: at the limit']);
    } finally {
      daemon.close();
      client.close();
    }
  });

  it('maps what it receives without copying: views see the same pages', async () => {
    const fd = createSealedSegment('trims-test-views', 8192, (bytes) => bytes.fill(5));
    const [a, b] = channelPair();
    const received = new Promise<number>((resolve) =>
      b.on('message', ({ fds }) => resolve(fds[0]!)),
    );
    await a.send(Buffer.from('x'), [fd]);
    const theirs = await received;
    const map = mapReadOnly(theirs);
    expect(new Uint8Array(map, 4096, 16).every((v) => v === 5)).to.equal(true);
    closeFd(theirs);
    closeFd(fd);
    a.close();
    b.close();
  });
  it('past its fds in flight (ETOOMANYREFS, as an unprivileged user), a send fails by name and the channel stays open', async function () {
    if (process.getuid?.() !== 0) {
      console.log('      (skipped: needs root, to run the sender as an unprivileged user)');
      this.skip();
    }
    // nobody, under a limit of 32 fds: the kernel refuses the fds of the 33rd unread message.
    const run = await runCommand('setpriv', [
      '--reuid=65534',
      '--regid=65534',
      '--clear-groups',
      'prlimit',
      '--nofile=32:32',
      process.execPath,
      fixture('fds-in-flight'),
    ]);
    expect(run.code, run.stderr).to.equal(0);
    const result = JSON.parse(run.stdout) as {
      sent: number;
      failure?: { code?: string; message: string };
      stillOpen: boolean;
      plain: string;
    };
    expect(result.failure?.code, result.failure?.message).to.equal('ETOOMANYREFS');
    expect(result.sent).to.be.within(30, 40);
    expect(result.stillOpen, 'not taken for a peer gone').to.equal(true);
    expect(result.plain).to.equal('sent');
  });
});
