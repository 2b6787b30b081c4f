import { expect } from 'chai';
import * as path from 'node:path';

import { ModelHttpServer, tempDir } from '@trims/testing';

import { HttpCache } from '../src/sources/http-cache';
import { HttpSettings, HttpSource } from '../src/sources/http-source';
import { OutboundPolicy } from '../src/sources/outbound-policy';
import { writeTinyModel } from './fixtures/tiny-model';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe("trims serve: an origin's time limits", () => {
  let http: ModelHttpServer;

  before(async () => {
    const root = tempDir();
    writeTinyModel(path.join(root, 'tiny'), 1);
    http = await new ModelHttpServer(root).start();
  });

  after(() => http.close());

  it('each revalidation has the whole time limit of its own, even on a source that fetched before', async () => {
    // An Open revalidates, may wait (for another Open's fetch of the model), and
    // revalidates again: the first one's clock must not end the second.
    const settings: HttpSettings = {
      timeouts: { headersMs: 5000, idleMs: 5000, totalMs: 300 },
      outbound: new OutboundPolicy(['127.0.0.1']),
      cache: new HttpCache(),
      defaultFreshnessMs: 0, // every revalidation asks the origin
    };
    const source = new HttpSource(http.url('tiny/model.json'), undefined, settings);
    const request = { headers: {}, peerUid: process.getuid!() };
    const { head } = await source.read(source.canonicalUrl, request, { maxBytes: 1 << 20 });
    source.remember([{ url: source.canonicalUrl, head: head! }], request, 'digest-1');
    for (let i = 0; i < 2; i++) {
      await sleep(400); // past the limit since the last request
      expect(await source.revalidate(request, 'digest-1'), `revalidation ${i + 1}`).to.equal(true);
    }
  });
});
