import { expect } from 'chai';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';

import { closeFd } from '@trims/native-cuda';
import { ErrorCode } from '@trims/protocol';
import { ask, Daemon, expectError, tempDir, writeTinyModel } from '@trims/testing';

/**
 * A per-user registry: one URL gives each API key its own model. It
 * answers If-Modified-Since as many servers do (Express, serve-static,
 * Apache): 304 whenever its content is no newer than the date asked about,
 * whoever's date that was, or for the weak ETag it would send. Under /vary/
 * it says Vary: x-api-key and gives both users one Last-Modified; under
 * /plain/ no Vary, and each user a date of its own; under /same-date/ no
 * Vary and one date; under /weak/ no Vary and one weak ETag (one size, one
 * time) for both.
 */
class PerUserRegistry {
  private readonly server: http.Server;
  readonly answered: Array<{ key: string; status: number }> = [];

  constructor(private readonly dirs: Record<string, string>) {
    this.server = http.createServer((request, response) => {
      const key = String(request.headers['x-api-key'] ?? '');
      const dir = this.dirs[key];
      const [, area, file] =
        /^\/(vary|plain|same-date|weak)\/(model\.json|w\.bin)$/.exec(request.url ?? '') ?? [];
      if (dir === undefined || area === undefined) {
        this.answered.push({ key, status: 404 });
        response.writeHead(404).end();
        return;
      }
      const modified = new Date(area !== 'plain' || key === 'alice' ? '2025-01-01' : '2024-06-01');
      // a weak ETag as serve-static makes it: size and time, the same for both users' models
      const etag = `W/"${fs.statSync(path.join(dir, file!)).size}-${modified.getTime()}"`;
      const headers: Record<string, string> = {
        'cache-control': 'no-cache',
        ...(area === 'weak' ? { etag } : { 'last-modified': modified.toUTCString() }),
        ...(area === 'vary' ? { vary: 'x-api-key' } : {}),
      };
      const since = request.headers['if-modified-since'];
      const status =
        (since !== undefined && modified <= new Date(since)) ||
        request.headers['if-none-match'] === etag
          ? 304
          : 200;
      this.answered.push({ key, status });
      if (status === 304) response.writeHead(304, headers).end();
      else response.writeHead(200, headers).end(fs.readFileSync(path.join(dir, file!)));
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  url(relative: string): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/${relative}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe('trims serve: a 304 proves only what its validators say', function () {
  let root: string;
  let registry: PerUserRegistry;

  before(async () => {
    root = tempDir('trims-revalidation-');
    registry = await new PerUserRegistry({
      alice: writeTinyModel(path.join(root, 'alice'), 1).dir,
      bob: writeTinyModel(path.join(root, 'bob'), 2).dir,
    }).start();
  });

  after(async () => {
    await registry.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  const open = async (daemon: Daemon, url: string, key: string): Promise<string> => {
    const { reply, fds } = await ask(daemon, 'open', {
      url,
      options: { headers: { 'x-api-key': key } },
    });
    fds.forEach(closeFd);
    return reply.digest!;
  };

  for (const area of ['vary', 'plain', 'same-date', 'weak'])
    it(`${area}: another user's model is not lent on a 304 that does not prove it is theirs`, async () => {
      const daemon = await Daemon.start();
      try {
        const url = registry.url(`${area}/model.json`);
        const alice = await open(daemon, url, 'alice');
        const bob = await open(daemon, url, 'bob');
        expect(bob, "bob's own model, not alice's").not.to.equal(alice);
        expect(await open(daemon, url, 'alice'), 'alice again: her own').to.equal(alice);
        expect(await open(daemon, url, 'bob'), 'bob again: his own').to.equal(bob);
      } finally {
        await daemon.stop();
      }
    });
});

describe('trims serve: revalidations are bounded', function () {
  const SHARDS = 20;
  let root: string;
  let server: http.Server;
  let inFlight = 0;
  let mostInFlight = 0;
  /** The origin refuses a conditional model.json (403) at once, while it holds the shards'. */
  let refuseModelJson = false;

  before(async () => {
    root = tempDir('trims-revalidation-bounds-');
    const paths = Array.from({ length: SHARDS }, (_, i) => `s${i}.bin`);
    paths.forEach((name, i) =>
      fs.writeFileSync(path.join(root, name), Buffer.from(new Float32Array([i]).buffer)),
    );
    fs.writeFileSync(
      path.join(root, 'model.json'),
      JSON.stringify({
        format: 'graph-model',
        modelTopology: {
          node: [{ name: 'w', op: 'Const', attr: { dtype: { type: 'DT_FLOAT' } } }],
        },
        weightsManifest: [{ paths, weights: [{ name: 'w', shape: [SHARDS], dtype: 'float32' }] }],
      }),
    );
    // Answers a first fetch; a conditional request it holds without an answer, counted.
    server = http.createServer((request, response) => {
      if (request.headers['if-none-match'] === undefined) {
        const body = fs.readFileSync(path.join(root, request.url ?? ''));
        response.writeHead(200, { etag: '"v1"', 'cache-control': 'no-cache' }).end(body);
        return;
      }
      if (refuseModelJson && request.url === '/model.json') {
        response.writeHead(403).end();
        return;
      }
      inFlight++;
      mostInFlight = Math.max(mostInFlight, inFlight);
      request.socket.once('close', () => inFlight--);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  after(() => {
    server.closeAllConnections();
    server.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  /** A daemon allowing 2 cold opens per uid, and an Open of the model with the API key `key`. */
  async function daemonAndOpen(
    headersMs: number,
    key: string,
  ): Promise<{ daemon: Daemon; open: () => ReturnType<typeof ask> }> {
    const env = { TRIMS_COLD_OPENS_PER_UID: '2', TRIMS_ORIGIN_HEADERS_TIMEOUT_MS: `${headersMs}` };
    const daemon = await Daemon.start([], { env });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/model.json`;
    const options = { headers: { 'x-api-key': key } };
    return { daemon, open: () => ask(daemon, 'open', { url, options }) };
  }

  it("a uid's revalidations in flight, and each one's requests at once, are bounded: the one past the limit is refused, named", async () => {
    const { daemon, open } = await daemonAndOpen(2000, 'k');
    try {
      (await open()).fds.forEach(closeFd); // fetched, and revalidated by every later Open
      const waiting = [open(), open()].map((opening) => opening.catch((error: Error) => error));
      await new Promise((resolve) => setTimeout(resolve, 500));
      await expectError(
        open(),
        ErrorCode.UNAVAILABLE,
        /uid \d+ already has 2 revalidations in flight \(the limit\): retry when one is done/,
      );
      for (const outcome of await Promise.all(waiting))
        expect(String(outcome)).to.match(/no response headers within 2000 ms/);
      expect(mostInFlight, 'conditional requests at once').to.be.within(1, 2 * 8);
    } finally {
      await daemon.stop();
    }
  });

  it("a revalidation that fails keeps its uid's slot until its other requests have ended", async () => {
    const { daemon, open } = await daemonAndOpen(1000, 'k2');
    try {
      (await open()).fds.forEach(closeFd);
      refuseModelJson = true;
      mostInFlight = 0;
      // one after another: each refused at once by its model.json, its shards' requests still held
      for (let i = 0; i < 4; i++) await expectError(open(), ErrorCode.ACCESS_DENIED, /HTTP 403/);
      expect(mostInFlight, 'conditional requests held at once').to.be.within(1, 8);
    } finally {
      refuseModelJson = false;
      await daemon.stop();
    }
  });
});
