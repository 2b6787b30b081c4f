import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { ErrorCode } from '@trims/protocol';
import {
  ask,
  Daemon,
  expectError,
  GatedOrigin,
  OriginArea,
  segmentOf,
  tempDir,
  writeTinyModel,
} from '@trims/testing';

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

/** The origin's areas: every gate above, and /open/ for anyone (where /hop/ leads). */
const ORIGIN_AREAS: Record<string, OriginArea> = {
  open: {},
  ...Object.fromEntries(
    Object.entries(GATES).map(([name, { header, valid, caching }]) => [
      name,
      { gate: { header, valid }, caching },
    ]),
  ),
};

describe('trims serve: HTTP credentials in any header, and Vary on them', function () {
  this.timeout(120_000);
  let origin: GatedOrigin;
  let other: GatedOrigin;
  let daemon: Daemon;

  let root: string;

  before(async () => {
    root = tempDir('trims-credentials-');
    writeTinyModel(path.join(root, 'tiny'), 9);
    other = await new GatedOrigin(root, ORIGIN_AREAS).start();
    origin = await new GatedOrigin(root, ORIGIN_AREAS, {
      to: () => `http://127.0.0.1:${other.port}`,
      area: 'open',
    }).start();
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

  it('a request header that cannot be sent is named as such, its value not echoed (it may be a credential)', async () => {
    await expectError(
      ask(daemon, 'open', {
        url: origin.url('open/tiny/model.json'),
        options: { headers: { 'x-api-key': 'secret-1\r\nx-injected: 1' } },
      }),
      ErrorCode.FETCH_FAILED,
      /request failed: Headers\.append: "…" is an invalid header value/,
    );
    expect(daemon.logs).not.to.contain('secret-1');
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

  it("a shard path that names another origin stays on the model's origin, as tfjs joins it", async () => {
    const dir = path.join(root, 'hostile');
    writeTinyModel(dir, 10);
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8')) as {
      weightsManifest: Array<{ paths: string[] }>;
    };
    const elsewhere = [
      `http://127.0.0.1:${other.port}/open/tiny/w.bin`,
      `//127.0.0.1:${other.port}/open/tiny/w.bin`,
    ];
    for (const shard of elsewhere) {
      manifest.weightsManifest[0]!.paths = [shard];
      fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify(manifest));
      const before = other.seen.length;
      const asked = origin.seen.length;
      await expectError(
        ask(daemon, 'open', {
          url: origin.url('apikey/hostile/model.json'),
          options: { headers: { 'x-api-key': 'alice-key' } },
        }),
        ErrorCode.NOT_FOUND,
      );
      expect(other.seen.slice(before), shard).to.deep.equal([]); // the other origin heard nothing
      expect(origin.seen.slice(asked).map((s) => s.path)).to.include(`/apikey/hostile/${shard}`);
    }
  });
});
