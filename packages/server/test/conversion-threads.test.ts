import { expect } from 'chai';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';

import { closeFd } from '@trims/native-cuda';
import { ErrorCode, TrimsError } from '@trims/protocol';
import { ask, Daemon, expectError, tempDir, writeTinyModel } from '@trims/testing';

import {
  conversionHold,
  conversionMemory,
  convertingBytes,
  endConversion,
} from '../src/ingest/conversion-memory';
import { peerOpens as peerOpensAs, peerReachableDir, peerUser } from './fixtures/peer-user';

/** This process's fds and maps of memfds named `name`. */
function memfdsNamed(name: string): { fds: number; maps: number } {
  const fds = fs.readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return fs.readlinkSync(`/proc/self/fd/${fd}`).startsWith(`/memfd:${name} `);
    } catch {
      return false; // the fd of readdir itself, gone
    }
  }).length;
  const maps = fs
    .readFileSync('/proc/self/maps', 'utf8')
    .split('\n')
    .filter((line) => line.includes(`/memfd:${name} `)).length;
  return { fds, maps };
}

/**
 * Conversions run in worker threads, several on one thread. A thread that
 * dies (out of memory) takes every conversion on it down, and gives back
 * nothing itself.
 */
describe('trims serve: conversion threads', function () {
  it('a conversion whose thread dies mid-fill is given back by the daemon: its reserved bytes and its memfd', async () => {
    const memory = conversionMemory(64 << 20);
    const share = conversionMemory(64 << 20, 1000);
    const account = { memory, share, hold: conversionHold() };
    const name = `trims-test-dies-${process.pid}`;
    // the worker reserves, starts filling a segment, says so and waits: then it is stopped dead
    const worker = new Worker(
      `const { parentPort, workerData } = require('node:worker_threads');
       const { reserveConversion, holdMemfd } = require(workerData.memoryModule);
       const { createSealedSegmentAsync } = require(workerData.nativeModule);
       reserveConversion(workerData.account, 48 << 20, 'dying');
       void createSealedSegmentAsync(workerData.name, 48 << 20, (bytes, fd) => {
         holdMemfd(workerData.account.hold, fd);
         bytes.fill(1, 0, 1 << 20);
         parentPort.postMessage('filling');
         return new Promise(() => undefined);
       });`,
      {
        eval: true,
        workerData: {
          account,
          name,
          memoryModule: require.resolve('../src/ingest/conversion-memory'),
          nativeModule: require.resolve('@trims/native-cuda'),
        },
      },
    );
    await new Promise((resolve) => worker.once('message', resolve));
    expect(memfdsNamed(name).fds).to.equal(1);
    await worker.terminate();
    expect(convertingBytes(memory), 'reserved by a thread that is gone').to.equal(48 << 20);
    expect(convertingBytes(share), 'of its uid').to.equal(48 << 20);
    expect(memfdsNamed(name), 'the thread took its map with it, not its fd').to.deep.equal({
      fds: 1,
      maps: 0,
    });
    endConversion(account);
    expect([convertingBytes(memory), convertingBytes(share)]).to.deep.equal([0, 0]);
    expect(memfdsNamed(name)).to.deep.equal({ fds: 0, maps: 0 });
    endConversion(account); // once only: nothing more to give back
    expect(convertingBytes(memory)).to.equal(0);
  });

  describe('model.json parsed on a thread', function () {
    let root: string;
    let server: http.Server;
    let letGo: () => void = () => undefined;
    let asked: Promise<void>;
    const url = (name: string): string =>
      `http://127.0.0.1:${(server.address() as AddressInfo).port}/${name}/model.json`;

    before(async () => {
      root = tempDir('trims-conversion-threads-');
      writeTinyModel(path.join(root, 'slow'), 1, { values: 1 << 16 });
      writeTinyModel(path.join(root, 'quick'), 2);
      // 10 MB of empty objects: ~24 bytes of heap per byte of text once parsed, past a
      // conversion thread's heap of 176 MB (--max-old-space-size=128)
      const objects = writeTinyModel(path.join(root, 'objects'), 3);
      const text = fs.readFileSync(objects.modelJson, 'utf8');
      const padding = `,"padding":[${'{},'.repeat((10 << 20) / 3)}{}]}`;
      fs.writeFileSync(objects.modelJson, text.slice(0, -1) + padding);
      for (const [name, seed, megabytes] of [
        ['held', 4, 2],
        ['second', 5, 2],
        ['held-small', 6, 1.2],
        ['small', 7, 0.3],
      ] as const)
        writeTinyModel(path.join(root, name), seed, {
          extra: { padding: 'x'.repeat(megabytes * 2 ** 20) },
        });
      let gateAsked = (): void => undefined;
      // /slow/w.bin waits to be let go; /held/model.json sends all but its last byte
      server = http.createServer((request, response) => {
        const file = path.join(root, request.url ?? '');
        if (!fs.existsSync(file)) return void response.writeHead(404).end();
        const body = fs.readFileSync(file);
        response.writeHead(200, { 'content-length': String(body.length) });
        if (request.url === '/held/model.json' || request.url === '/held-small/model.json')
          response.write(body.subarray(0, -1));
        else if (request.url === '/slow/w.bin') {
          gateAsked();
          const held = new Promise<void>((resolve) => (letGo = resolve));
          void held.then(() => response.end(body));
        } else response.end(body);
      });
      asked = new Promise((resolve) => (gateAsked = resolve));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    });

    after(() => {
      letGo();
      server.closeAllConnections();
      server.close();
      fs.rmSync(root, { recursive: true, force: true });
    });

    /** One conversion thread with a heap of 176 MB (half of it for model.json parses). */
    const smallHeapDaemon = (flags: string[] = [], dir?: string): Promise<Daemon> =>
      Daemon.start(['--host-budget', String(1 << 30), '--metrics-port', '0', ...flags], {
        env: { TRIMS_WORKER_THREADS: '1', NODE_OPTIONS: '--max-old-space-size=128' },
        dir,
      });
    const convertingBytes = async (daemon: Daemon): Promise<number> => {
      const port = Number(/"metricsPort":(\d+)/.exec(daemon.logs)?.[1]);
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      return Number(/^trims_converting_bytes (\d+)$/m.exec(text)?.[1]);
    };

    it("one whose parse would pass the thread's heap is refused before it is parsed, and the thread's other conversions go on", async () => {
      const daemon = await smallHeapDaemon();
      try {
        const slow = ask(daemon, 'open', { url: url('slow') });
        await asked; // converting on the one thread
        // Counted as its text comes: the chunk that crosses the thread's room is refused, as
        // too large for any thread, or (when it lands within what `slow` holds: ~300 bytes of
        // text) as too large beside the others for now. Either way before it is parsed.
        const refused = await ask(daemon, 'open', { url: url('objects') }).catch(
          (error: unknown) => error,
        );
        expect(refused).to.be.instanceOf(TrimsError);
        expect((refused as TrimsError).message).to.match(
          /model\.json would take over \d+ bytes of memory once parsed(; a conversion thread may take \d+: load it privately|, and its conversion thread holds \d+ of its \d+ for others: retry later)/,
        );
        expect([ErrorCode.LOAD_PRIVATELY, ErrorCode.UNAVAILABLE]).to.include(
          (refused as TrimsError).code,
        );
        letGo();
        const done = await slow; // its thread lived
        done.fds.forEach(closeFd);
        expect(done.reply.digest).to.be.a('string');
        // Alone on the thread: too large for any thread, whatever its chunks.
        await expectError(
          ask(daemon, 'open', { url: url('objects') }),
          ErrorCode.LOAD_PRIVATELY,
          /model\.json would take over \d+ bytes of memory once parsed; a conversion thread may take \d+: load it privately/,
        );
        const quick = await ask(daemon, 'open', { url: url('quick') });
        quick.fds.forEach(closeFd);
      } finally {
        await daemon.stop();
      }
    });

    it('those one thread has in hand together stay within half its heap: one more is refused, named, until they are done', async () => {
      const daemon = await smallHeapDaemon();
      const converting = (): Promise<number> => convertingBytes(daemon);
      try {
        const held = ask(daemon, 'open', { url: url('held') }).catch((error: Error) => error);
        // its model.json counted: all but one byte of it, at 32 bytes a byte
        const heldBytes = fs.statSync(path.join(root, 'held', 'model.json')).size;
        while ((await converting()) < (heldBytes - 1) * 32)
          await new Promise((resolve) => setTimeout(resolve, 20));
        await expectError(
          ask(daemon, 'open', { url: url('second') }),
          ErrorCode.UNAVAILABLE,
          /model\.json would take over \d+ bytes of memory once parsed, and its conversion thread holds \d+ of its \d+ for others: retry later/,
        );
        server.closeAllConnections(); // the held one fails: its part of the heap is given back
        expect(await held).to.be.instanceOf(Error);
        const second = await ask(daemon, 'open', { url: url('second') });
        second.fds.forEach(closeFd);
        expect(await converting()).to.equal(0);
      } finally {
        await daemon.stop();
      }
    });

    it("one uid's parses on a thread stay within its share of the thread's room: a tenant's slow model.json cannot hold it from the others", async function () {
      const user = peerUser(this, 'trims-conversion-peer');
      const daemon = await smallHeapDaemon(
        ['--group-access', '--uid-share', '0.5'],
        peerReachableDir(),
      );
      const peerOpens = (name: string): ReturnType<typeof peerOpensAs> =>
        peerOpensAs(user, daemon.socketPath, url(name));
      try {
        const held = peerOpens('held-small').catch(() => ({})); // 40 MB of its 44 MB share, held
        const heldBytes = fs.statSync(path.join(root, 'held-small', 'model.json')).size;
        while ((await convertingBytes(daemon)) < (heldBytes - 1) * 32)
          await new Promise((resolve) => setTimeout(resolve, 20));
        const more = await peerOpens('small'); // 10 MB more: past its share, not the thread's room
        expect(more.code).to.equal(ErrorCode.UNAVAILABLE);
        expect(more.message).to.match(
          /uid \d+'s other conversions on its thread hold \d+ of its share, \d+: retry later/,
        );
        // root's fit in what the peer's share leaves
        (await ask(daemon, 'open', { url: url('small') })).fds.forEach(closeFd);
        server.closeAllConnections();
        await held;
      } finally {
        await daemon.stop();
      }
    });
  });
});
