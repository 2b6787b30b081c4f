import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { ErrorCode, Tier } from '@trims/protocol';
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
