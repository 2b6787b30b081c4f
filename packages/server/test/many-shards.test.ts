import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';

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
import { Daemon, ask, expectError, segmentOf, tempDir } from '@trims/testing';

/** A graph model whose one weight spans `shards` files of 4 bytes each (value i in shard i). */
function manyShardModel(shards: number): string {
  const dir = tempDir('trims-many-shards-');
  const paths = Array.from({ length: shards }, (_, i) => `group1-shard${i + 1}of${shards}.bin`);
  paths.forEach((name, i) =>
    fs.writeFileSync(path.join(dir, name), Buffer.from(new Float32Array([i]).buffer)),
  );
  const modelJson = {
    format: 'graph-model',
    modelTopology: {
      node: [
        { name: 'w', op: 'Const', attr: { dtype: { type: 'DT_FLOAT' } } },
        { name: 'out', op: 'Identity', input: ['w'], attr: { T: { type: 'DT_FLOAT' } } },
      ],
    },
    weightsManifest: [{ paths, weights: [{ name: 'w', shape: [shards], dtype: 'float32' }] }],
  };
  fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify(modelJson));
  return `file://${path.join(dir, 'model.json')}`;
}

describe('trims serve: a file:// model with more shards than one message carries fds', function () {
  it('gets all 600 shard fds over several frames and serves the model from host memory', async () => {
    const url = manyShardModel(600);
    const daemon = await Daemon.start();
    try {
      const { reply, fds } = await ask(daemon, 'open', { url });
      expect(reply.tier).to.equal(Tier.HOST);
      const segment = segmentOf(fds);
      const [w] = segment.tensors;
      expect(w!.name).to.equal('w');
      const values = new Float32Array(
        segment.bytes.buffer,
        segment.bytes.byteOffset + w!.offset,
        600,
      );
      expect(Array.from(values)).to.deep.equal(Array.from({ length: 600 }, (_, i) => i));
    } finally {
      await daemon.stop();
    }
  });

  it('refuses more held files than the shard limit allows, naming the bound', async () => {
    const url = manyShardModel(300);
    const daemon = await Daemon.start([], { env: { TRIMS_MAX_SHARDS: '100' } });
    try {
      await expectError(
        ask(daemon, 'open', { url }),
        ErrorCode.BAD_REQUEST,
        /more than 101 attached files/,
      );
      expect(daemon.alive).to.equal(true);
    } finally {
      await daemon.stop();
    }
  });
});

describe('trims serve: held MoreFiles fds are bounded per uid', function () {
  it("refuses a uid that holds four full sets of files across its connections (an Open's own fds included), and frees them when they close", async () => {
    const daemon = await Daemon.start([], { env: { TRIMS_MAX_SHARDS: '99' } }); // sets of 100, 400 per uid
    const channels: SeqPacketChannel[] = [];
    const hello = encodeFrame(
      Request.encode({
        id: 1,
        hello: { protocolVersion: PROTOCOL_VERSION, client: 'test' },
      }).finish(),
    );
    const more = encodeFrame(Request.encode({ id: 0, moreFiles: {} }).finish());
    /** The error a new connection gets for `frame` carrying `count` fds (of one file, opened anew each), if any. */
    const answerTo = async (frame: Buffer, count: number): Promise<string | undefined> => {
      const channel = connect(daemon.socketPath);
      channels.push(channel);
      const answers: string[] = [];
      channel.on('message', ({ data, fds }) => {
        fds.forEach(closeFd);
        const reply = Reply.decode(decodeFrame(data));
        if (reply.error?.message) answers.push(reply.error.message);
      });
      await channel.send(hello);
      const fds = Array.from({ length: count }, () => fs.openSync(__filename, 'r'));
      await channel.send(frame, fds);
      fds.forEach((fd) => fs.closeSync(fd));
      await new Promise((resolve) => setTimeout(resolve, 300));
      return answers[0];
    };
    /** A connection holding `count` fds for an Open that never comes. */
    const holding = (count: number): Promise<string | undefined> => answerTo(more, count);
    const open = (url: string): Buffer =>
      encodeFrame(Request.encode({ id: 2, open: { url, attachedFiles: 5 } }).finish());
    try {
      for (let i = 0; i < 4; i++) expect(await holding(100)).to.equal(undefined);
      expect(await holding(100)).to.match(/holds too many attached files/);
      // An Open's own fds count too (it may wait long on another's fetch, holding them).
      expect(await answerTo(open(`file://${__filename}`), 5)).to.match(
        /holds too many attached files/,
      );
      channels.shift()!.close(); // its 100 go back to the uid
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await holding(100)).to.equal(undefined);
      channels.shift()!.close();
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await answerTo(open('http://127.0.0.1:9/model.json'), 5)).to.match(
        /an http\(s\) model takes no attached files \(5 came with the request\)/,
      );
      expect(daemon.alive).to.equal(true);
    } finally {
      channels.forEach((channel) => channel.close());
      await daemon.stop();
    }
  });
});
