import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { listModels, TrimsClient } from '@trims/client';
import { closeFd, connect, Message } from '@trims/native-cuda';
import {
  decodeFrame,
  encodeFrame,
  PROTOCOL_VERSION,
  Reply,
  REPLY_FRAME_LIMIT,
  Request,
} from '@trims/protocol';
import { ask, Daemon, tempDir, writeTinyModel } from '@trims/testing';

/** Opens a model (and lets it go): its digest. */
async function opened(daemon: Daemon, modelJson: string): Promise<string> {
  const { reply, fds } = await ask(daemon, 'open', { url: modelJson });
  fds.forEach(closeFd);
  return (reply as { digest: string }).digest;
}

describe('trims serve: every reply fits one socket message', () => {
  let daemon: Daemon;
  let root: string;
  before(async () => {
    daemon = await Daemon.start();
    root = tempDir('trims-listed-');
  });
  after(async () => {
    await daemon.stop();
  });

  it('a listing comes in pages of at most 64 KiB with no fds, in digest order, each model once; listModels joins them', async () => {
    const digests: string[] = [];
    for (let seed = 0; seed < 300; seed++) {
      const model = writeTinyModel(path.join(root, `${'long-name-'.repeat(20)}${seed}`), seed);
      digests.push(await opened(daemon, model.modelJson));
    }
    const channel = connect(daemon.socketPath);
    try {
      const exchange = async (id: number, body: object): Promise<Message> => {
        const answer = new Promise<Message>((resolve) => channel.once('message', resolve));
        await channel.send(encodeFrame(Request.encode(Request.create({ id, ...body })).finish()));
        return answer;
      };
      await exchange(1, { hello: { protocolVersion: PROTOCOL_VERSION } });
      const pages: string[][] = [];
      let after = '';
      do {
        const { data, fds } = await exchange(2 + pages.length, { list: { after } });
        expect(fds, 'no memfd: the reply is the message').to.deep.equal([]);
        expect(data.length).to.be.at.most(REPLY_FRAME_LIMIT);
        const list = Reply.decode(decodeFrame(data)).list!;
        expect(list.tiers!.host!.models, 'the tiers on every page').to.equal(300);
        pages.push(list.models!.map((model: { digest?: string | null }) => model.digest!));
        after = list.next!;
      } while (after !== '');
      expect(pages.length, '300 long names take several pages').to.be.above(1);
      expect(pages.flat()).to.deep.equal([...digests].sort());
      const client = await TrimsClient.connect({ socketPath: daemon.socketPath });
      try {
        const all = await listModels(client);
        expect(all.models.map((model: { digest?: string | null }) => model.digest)).to.deep.equal(
          pages.flat(),
        );
        // after the last digest: an empty last page
        const { reply } = await client.request('list', { after: pages.flat().pop()! });
        expect([reply.models ?? [], reply.next]).to.deep.equal([[], '']);
      } finally {
        client.close();
      }
    } finally {
      channel.close();
    }
  });

  it("a model's URLs are shown up to 16 KiB, the rest counted; an evict names 256 digests of each kind and counts them all", async () => {
    // one model (the same bytes) reached by 24 paths of ~1.2 KB each: an admin sees them all
    const deep = Array.from({ length: 6 }, (_, i) => `${i}`.repeat(200)).join('/');
    const model = writeTinyModel(path.join(root, 'copies', '0', deep), 1000);
    let digest = '';
    for (let copy = 0; copy < 24; copy++) {
      const dir = path.join(root, 'copies', `${copy}`, deep);
      if (copy > 0) fs.cpSync(path.dirname(model.modelJson), dir, { recursive: true });
      digest = await opened(daemon, path.join(dir, 'model.json'));
    }
    const client = await TrimsClient.connect({ socketPath: daemon.socketPath });
    const listed = await listModels(client).finally(() => client.close());
    const info = listed.models.find((m: { digest?: string | null }) => m.digest === digest)!;
    expect(info.urls!.length + info.moreUrls!, 'every path it was opened by').to.be.at.least(24);
    expect(info.moreUrls).to.be.above(0);
    expect(info.urls!.join('').length).to.be.at.most(16 * 1024);
    const { reply: evicted } = await ask(daemon, 'evict', { all: true });
    expect(evicted).to.deep.include({ evictedCount: 301, keptCount: 0 });
    expect((evicted as { evicted: string[] }).evicted).to.have.length(256);
  });
});
