import { expect } from 'chai';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';

import { ErrorCode } from '@trims/protocol';
import { ask, Daemon, expectError, LoopbackHttpServer, segmentOf, tempDir } from '@trims/testing';

import { writeTinyModel } from './fixtures/tiny-model';

interface Seen {
  path: string;
  headers: http.IncomingHttpHeaders;
  status: number;
}

/**
 * Each area gates the model behind a credential of its own, as origins do:
 * the header that proves access, the valid values, and what the 200 says
 * about caching. A request without a valid credential is 401, a
 * conditional one with a valid credential and the ETag is 304.
 */
const AREAS: Record<
  string,
  { header: string; valid: [string, string]; caching: Record<string, string> }
> = {
  // no Cache-Control at all: what the daemon's default freshness would serve unasked
  apikey: { header: 'x-api-key', valid: ['alice-key', 'bob-key'], caching: {} },
  // public, but to a request that carried a header other than Authorization
  'apikey-public': {
    header: 'x-api-key',
    valid: ['alice-key', 'bob-key'],
    caching: { 'cache-control': 'public, max-age=600' },
  },
  vary: {
    header: 'authorization',
    valid: ['Bearer alpha', 'Bearer beta'],
    caching: { 'cache-control': 'public, max-age=600', vary: 'Authorization' },
  },
  'vary-cookie': {
    header: 'cookie',
    valid: ['session=alpha', 'session=beta'],
    caching: { 'cache-control': 'public, max-age=600', vary: 'Accept, Cookie' },
  },
  'vary-star': {
    header: 'authorization',
    valid: ['Bearer alpha', 'Bearer beta'],
    caching: { 'cache-control': 'public, max-age=600', vary: '*' },
  },
};

/** Authorization alone under public: the one case RFC 9111 §3.5 lets a shared cache reuse unasked. */
const GATES: typeof AREAS = {
  ...AREAS,
  'auth-public': {
    header: 'authorization',
    valid: ['Bearer alpha', 'Bearer beta'],
    caching: { 'cache-control': 'public, max-age=600' },
  },
};

class GatedOrigin extends LoopbackHttpServer {
  readonly seen: Seen[] = [];

  constructor(
    private readonly root: string,
    private readonly hopTo?: () => string,
  ) {
    super();
  }

  protected handle(request: http.IncomingMessage, response: http.ServerResponse): void {
    const url = new URL(request.url ?? '/', 'http://x');
    const note = (status: number): void => {
      this.seen.push({ path: url.pathname, headers: request.headers, status });
    };
    const [, area, ...rest] = url.pathname.split('/');
    if (area === 'hop' && this.hopTo) {
      note(302);
      response.writeHead(302, { location: `${this.hopTo()}/open/${rest.join('/')}` }).end();
      return;
    }
    const gate = GATES[area!];
    const file = path.join(this.root, ...rest);
    if ((gate === undefined && area !== 'open') || !fs.existsSync(file)) {
      note(404);
      response.writeHead(404).end();
      return;
    }
    if (gate !== undefined && !gate.valid.includes(String(request.headers[gate.header]))) {
      note(401);
      response.writeHead(401).end('who are you?');
      return;
    }
    const body = fs.readFileSync(file);
    const etag = `"${body.length}"`;
    const caching = gate?.caching ?? {};
    if (request.headers['if-none-match'] === etag) {
      note(304);
      response.writeHead(304, { etag, ...caching }).end();
      return;
    }
    note(200);
    response.writeHead(200, { etag, 'content-length': body.length, ...caching }).end(body);
  }
}

describe('trims serve: HTTP credentials in any header, and Vary on them', function () {
  this.timeout(120_000);
  let origin: GatedOrigin;
  let other: GatedOrigin;
  let daemon: Daemon;

  before(async () => {
    const root = tempDir('trims-credentials-');
    writeTinyModel(path.join(root, 'tiny'), 9);
    other = await new GatedOrigin(root).start();
    origin = await new GatedOrigin(root, () => `http://127.0.0.1:${other.port}`).start();
    daemon = await Daemon.start(); // the default freshness (60 s): a shareable response is served unasked
  });

  after(async () => {
    await daemon?.stop();
    await origin?.close();
    await other?.close();
  });

  for (const [area, { header, valid }] of Object.entries(AREAS))
    it(`${area}: a response fetched with ${header} is lent to another request only after the origin answers that request's own ${header}`, async () => {
      const url = origin.url(`${area}/tiny/model.json`);
      const alice = await ask(daemon, 'open', {
        url,
        options: { headers: { [header]: valid[0] } },
      });
      const fetched = origin.seen.filter((s) => s.status === 200).length;
      for (const headers of [{}, { [header]: 'stolen?' }, { 'user-agent': 'bob' }]) {
        const before = origin.seen.length;
        await expectError(
          ask(daemon, 'open', { url, options: { headers } }),
          ErrorCode.ACCESS_DENIED,
          /the origin refused this request \(HTTP 401\)/,
        );
        expect(origin.seen.length, 'the origin was asked').to.be.greaterThan(before);
      }
      const before = origin.seen.length;
      const bob = await ask(daemon, 'open', { url, options: { headers: { [header]: valid[1] } } });
      expect(bob.reply.digest).to.equal(alice.reply.digest);
      segmentOf(bob.fds);
      segmentOf(alice.fds);
      const asked = origin.seen.slice(before);
      expect(asked).to.have.length.greaterThan(0);
      // Vary: * matches no stored response (RFC 9111 §4.1): fetched again, with Bob's credential
      const proof = area === 'vary-star' ? 200 : 304;
      for (const s of asked) {
        expect(s.status, s.path).to.equal(proof); // proven, not fetched again
        expect(s.headers[header], s.path).to.equal(valid[1]); // with Bob's own credential
      }
      if (proof === 304)
        expect(origin.seen.filter((s) => s.status === 200).length).to.equal(fetched);
    });

  it('Authorization alone under Cache-Control public: shared unasked while fresh (RFC 9111 §3.5)', async () => {
    const url = origin.url('auth-public/tiny/model.json');
    const alice = await ask(daemon, 'open', {
      url,
      options: { headers: { authorization: 'Bearer alpha' } },
    });
    segmentOf(alice.fds);
    const before = origin.seen.length;
    const bob = await ask(daemon, 'open', { url });
    segmentOf(bob.fds);
    expect(bob.reply.digest).to.equal(alice.reply.digest);
    expect(origin.seen.length, 'the origin allowed it: not asked').to.equal(before);
  });

  it('no header off the allowlist follows a redirect to another origin', async () => {
    const before = other.seen.length;
    const hopped = await ask(daemon, 'open', {
      url: origin.url('hop/tiny/model.json'),
      options: {
        headers: { 'x-api-key': 'alice-key', authorization: 'Bearer alpha', accept: '*/*' },
      },
    });
    segmentOf(hopped.fds);
    const arrived = other.seen.slice(before);
    expect(arrived).to.have.length.greaterThan(0);
    for (const s of arrived) {
      expect(s.headers['x-api-key'], s.path).to.equal(undefined);
      expect(s.headers.authorization, s.path).to.equal(undefined);
      expect(s.headers.accept, s.path).to.equal('*/*'); // credential-free headers do follow
    }
  });
});
