import { expect } from 'chai';

import { HttpCache, MAX_KEYS_IN_MEMORY, ValidatorStore } from '../src/sources/http-cache';
import {
  persistable,
  restore,
  storeResponse,
  unchangedBy304,
  usableWithoutOrigin,
} from '../src/sources/stored-response';

const URL = 'https://models.example/m/model.json?token=url-secret-1';

/** The catalog's table, as a Map: what the daemon would find on disk after a restart. */
function diskOf(): {
  store: ValidatorStore;
  rows: Map<string, { digest: string; responses: string }>;
} {
  const rows = new Map<string, { digest: string; responses: string }>();
  return {
    rows,
    store: {
      get: (key) => rows.get(key),
      set: (key, digest, responses) => rows.set(key, { digest, responses }),
      delete: (key) => rows.delete(key),
    },
  };
}

describe('trims serve: HTTP responses kept across a restart', () => {
  it('keep no secret: no URL, no request header or Cache-Control, no cookie value', () => {
    const stored = storeResponse(
      URL,
      { 'cache-control': 'max-age=0, x-api-key=request-secret-2', 'x-api-key': 'request-secret-3' },
      {
        status: 200,
        headers: {
          etag: '"v1"',
          'cache-control': 's-maxage=600',
          'set-cookie': 'sid=cookie-secret-4',
          'x-amz-request-id': 'origin-detail-5',
        },
      },
    )!;
    const persisted = persistable(stored, null)!;
    const kept = JSON.stringify(persisted);
    for (const secret of [
      'url-secret-1',
      'request-secret-2',
      'request-secret-3',
      'cookie-secret-4',
    ])
      expect(kept, secret).to.not.contain(secret);
    expect(kept).to.not.contain('origin-detail-5'); // only what caching reads
    expect(persisted.policy.resh.etag).to.equal('"v1"'); // the validator is what it is kept for
  });

  it('restored, a response keeps the rules it had: a Set-Cookie one is never served unasked', () => {
    const head = {
      status: 200,
      headers: { etag: '"v1"', 'cache-control': 's-maxage=600', 'set-cookie': 'sid=a' },
    };
    const stored = storeResponse(URL, {}, head)!;
    const back = restore(persistable(stored, null)!, URL);
    const request = { 'user-agent': 'x' };
    expect(usableWithoutOrigin(back, request, 60_000)).to.equal(
      usableWithoutOrigin(stored, request, 60_000),
    );
    expect(usableWithoutOrigin(back, request, 60_000), 'Set-Cookie: asked').to.equal(false);
    const plain = storeResponse(
      URL,
      {},
      { status: 200, headers: { etag: '"v1"', 'cache-control': 's-maxage=600' } },
    )!;
    expect(usableWithoutOrigin(restore(persistable(plain, null)!, URL), request, 60_000)).to.equal(
      true,
    );
    expect(
      persistable(
        storeResponse(URL, {}, { status: 200, headers: { etag: '"v"', vary: 'accept' } })!,
        null,
      ),
      'Vary: kept in memory only',
    ).to.equal(undefined);
  });

  it('serve only the model they were fetched as; an unkept record leaves nothing of an older one', () => {
    const { store, rows } = diskOf();
    const cache = new HttpCache(store);
    const stored = [storeResponse(URL, {}, { status: 200, headers: { etag: '"v1"' } })!];
    cache.set('key', 'digest-1', stored, [persistable(stored[0]!, null)!]);
    expect(cache.get('key', 'digest-1')).to.equal(stored);
    expect(cache.get('key', 'digest-2'), "another model's validators prove nothing").to.equal(
      undefined,
    );
    const afterRestart = new HttpCache(store);
    expect(afterRestart.persisted('key', 'digest-1')).to.have.length(1);
    expect(afterRestart.persisted('key', 'digest-2')).to.equal(undefined);
    // the origin published a model whose responses cannot be kept on disk: the old record goes
    cache.set('key', 'digest-2', stored, undefined);
    expect(rows.has('key')).to.equal(false);
    expect(new HttpCache(store).persisted('key', 'digest-1')).to.equal(undefined);
    rows.set('key', { digest: 'digest-1', responses: '[{"path":7}]' });
    expect(new HttpCache(store).persisted('key', 'digest-1'), 'a row of the wrong shape').to.equal(
      undefined,
    );
  });

  it('a record judged by older sharing rules (before any header could be a credential) is not trusted', () => {
    const { store, rows } = diskOf();
    const stored = storeResponse(
      URL,
      { 'x-api-key': 'k' },
      { status: 200, headers: { etag: '"v"' } },
    )!;
    expect(stored.shareable, 'fetched with a header off the allowlist').to.equal(false);
    const { rules: _rules, ...older } = persistable(stored, null)!;
    void _rules;
    rows.set('key', {
      digest: 'digest-1',
      responses: JSON.stringify([{ ...older, shareable: true }]),
    });
    expect(new HttpCache(store).persisted('key', 'digest-1')).to.equal(undefined);
  });
});

describe('trims serve: which stored HTTP responses another request may get unasked', () => {
  const fresh = { status: 200, headers: { etag: '"v"', 'cache-control': 'max-age=600' } };
  const shared = (request: Record<string, string>, vary?: string): boolean =>
    storeResponse(URL, request, {
      status: 200,
      headers: {
        ...fresh.headers,
        'cache-control': 'public, max-age=600',
        ...(vary ? { vary } : {}),
      },
    })!.shareable;

  it('only headers on the allowlist carry no credential; Authorization alone keeps RFC 9111 §3.5', () => {
    expect(storeResponse(URL, { Accept: '*/*', 'User-Agent': 'x' }, fresh)!.shareable).to.equal(
      true,
    );
    for (const header of ['X-Api-Key', 'Cookie', 'Authorization', 'X-Anything', 'Range'])
      expect(storeResponse(URL, { [header]: 's' }, fresh)!.shareable, header).to.equal(false);
    expect(shared({ authorization: 'Bearer a' }), 'public, Authorization').to.equal(true);
    for (const header of ['x-api-key', 'cookie', 'proxy-authorization'])
      expect(shared({ [header]: 's' }), `public, ${header}`).to.equal(false);
    expect(shared({ authorization: 'Bearer a', 'x-api-key': 's' })).to.equal(false);
  });

  it('a Vary on a header that may carry a credential, or on *, is never shared unasked', () => {
    for (const vary of ['Authorization', 'accept, Cookie', 'X-Api-Key', '*'])
      expect(shared({}, vary), vary).to.equal(false);
    expect(shared({}, 'Accept-Encoding, accept-language')).to.equal(true);
  });

  it("the daemon's default lifetime serves only the variant the request selects", () => {
    const stored = storeResponse(
      URL,
      { 'accept-language': 'en' },
      { status: 200, headers: { etag: '"v"', vary: 'Accept-Language' } },
    )!;
    expect(usableWithoutOrigin(stored, { 'Accept-Language': 'en' }, 60_000)).to.equal(true);
    expect(usableWithoutOrigin(stored, { 'accept-language': 'fr' }, 60_000)).to.equal(false);
    expect(usableWithoutOrigin(stored, {}, 60_000)).to.equal(false);
  });
});

describe('trims serve: what the daemon keeps in memory of HTTP responses is bounded', () => {
  it('keeps only the headers its rules read, each bounded; an overlong one as its strictest reading', () => {
    const stored = storeResponse(
      URL,
      {},
      {
        status: 200,
        headers: {
          etag: '"v1"',
          'cache-control': 'public, max-age=600',
          'x-padding': 'x'.repeat(15_000),
          vary: `accept, ${'x'.repeat(2_000)}`,
        },
      },
    )!;
    const headers = stored.policy.responseHeaders();
    expect(headers).not.to.have.property('x-padding');
    expect(headers.vary, 'an overlong Vary varies on everything').to.equal('*');
    expect(headers.etag).to.equal('"v1"');
    expect(JSON.stringify(stored.policy.toObject()).length).to.be.below(2_048);
    const overlong = {
      status: 200,
      headers: { 'cache-control': `max-age=600, ${'x'.repeat(2_000)}` },
    };
    expect(storeResponse(URL, {}, overlong), 'an overlong Cache-Control: no-store').to.equal(
      undefined,
    );
  });

  it(`holds at most ${MAX_KEYS_IN_MEMORY} URLs in memory, the least recently used going first`, () => {
    const cache = new HttpCache();
    const response = storeResponse(URL, {}, { status: 200, headers: { etag: '"v1"' } })!;
    cache.set('first', 'd', [response]);
    cache.set('used', 'd', [response]);
    for (let i = 0; i < MAX_KEYS_IN_MEMORY + 100; i++) {
      cache.set(`key ${i}`, 'd', [response]);
      if (i % 1000 === 0) expect(cache.get('used', 'd'), 'in use').not.to.equal(undefined);
    }
    expect(cache.size).to.equal(MAX_KEYS_IN_MEMORY);
    expect(cache.get('first', 'd'), 'the oldest').to.equal(undefined);
    expect(cache.get('used', 'd'), 'used all along').not.to.equal(undefined);
  });
});

describe('trims serve: what a 304 proves', () => {
  const stored = (requestHeaders: Record<string, string>, etag: string) =>
    storeResponse(URL, requestHeaders, {
      status: 200,
      headers: { etag, 'cache-control': 'no-cache' },
    })!;
  const bare304 = { status: 304, headers: {} };

  it('renews a shareable response on any 304, as a shared cache does (some origins send no validators)', () => {
    expect(unchangedBy304(stored({}, '"v1"'), bare304, false)).to.equal(true);
  });

  it('proves a response fetched with a credential only with the same strong ETag', () => {
    const credentialed = stored({ 'x-api-key': 'k' }, '"v1"');
    expect(unchangedBy304(credentialed, bare304, false), 'no validator').to.equal(false);
    expect(unchangedBy304(credentialed, { status: 304, headers: { etag: '"v1"' } }, true)).to.equal(
      true,
    );
    // marked public, but fetched with a credential the sharing rules do not let go (RFC 9111
    // §3.5 speaks of Authorization alone): a date is no proof
    const lastModified = 'Wed, 01 Jan 2025 00:00:00 GMT';
    const publicOne = storeResponse(
      URL,
      { 'x-api-key': 'k' },
      {
        status: 200,
        headers: { 'last-modified': lastModified, 'cache-control': 'public, no-cache' },
      },
    )!;
    const echo = { status: 304, headers: { 'last-modified': lastModified } };
    expect(unchangedBy304(publicOne, echo, true), 'public, its date').to.equal(false);
    expect(unchangedBy304(publicOne, bare304, false), 'public, no validator').to.equal(false);
    const weak = stored({ 'x-api-key': 'k' }, 'W/"64-1"');
    expect(
      unchangedBy304(weak, { status: 304, headers: { etag: 'W/"64-1"' } }, true),
      'weak',
    ).to.equal(false);
  });
});
