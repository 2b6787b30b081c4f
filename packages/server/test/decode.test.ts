import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { loadFramework } from '@trims/tensorflow';
import { Daemon, ask, modelJsonPath, segmentOf, tempDir, zooModel } from '@trims/testing';

const { tf } = loadFramework();

interface Manifest {
  weightsManifest: Array<{
    paths: string[];
    weights: Array<{ name: string; dtype: string; shape: number[] }>;
  }>;
}

/** tfjs's own decoding of a model directory's weights, by name. */
function tfjsDecode(dir: string): Record<string, import('@tensorflow/tfjs-node-gpu').Tensor> {
  const manifest = JSON.parse(fs.readFileSync(modelJsonPath(dir), 'utf8')) as Manifest;
  const data = Buffer.concat(
    manifest.weightsManifest.flatMap((g) => g.paths.map((p) => fs.readFileSync(path.join(dir, p)))),
  );
  const specs = manifest.weightsManifest.flatMap((g) => g.weights);
  return tf.io.decodeWeights(
    data.buffer.slice(data.byteOffset, data.byteOffset + data.length),
    specs as never,
  ) as never;
}

/** Every tensor of the daemon's segment equals tfjs's decoding bit for bit (strings: element for element). */
async function expectSameAsTfjs(daemon: Daemon, dir: string): Promise<number> {
  const { fds } = await ask(daemon, 'open', { url: modelJsonPath(dir) });
  const segment = segmentOf(fds);
  const expected = tfjsDecode(dir);
  expect(segment.tensors.map((t) => t.name).sort()).to.deep.equal(Object.keys(expected).sort());
  for (const entry of segment.tensors) {
    const reference = expected[entry.name]!;
    expect(entry.shape, entry.name).to.deep.equal(reference.shape);
    const bytes = Buffer.from(
      segment.bytes.buffer,
      segment.bytes.byteOffset + entry.offset,
      entry.byteLength,
    );
    if (entry.dtype === 'string') {
      const strings: string[] = [];
      for (let at = 0; at < bytes.length;) {
        const length = bytes.readUInt32LE(at);
        strings.push(bytes.subarray(at + 4, at + 4 + length).toString('utf8'));
        at += 4 + length;
      }
      expect(strings, entry.name).to.deep.equal(reference.dataSync());
      continue;
    }
    const values = reference.dataSync() as Float32Array | Int32Array | Uint8Array;
    const want = Buffer.from(values.buffer, values.byteOffset, values.byteLength);
    expect(bytes.equals(want), `${entry.name} (${entry.dtype})`).to.equal(true);
  }
  return segment.tensors.length;
}

describe('trims serve: weights decode exactly as tfjs decodes them', function () {
  let daemon: Daemon;

  before(async () => {
    daemon = await Daemon.start();
  });

  after(() => daemon.stop());

  for (const quantize of ['uint8', 'uint16', 'float16'] as const) {
    it(`${quantize}-quantized weights dequantize to tfjs's values`, async () => {
      const count = await expectSameAsTfjs(daemon, zooModel('squeezenet1_1', 31, quantize));
      expect(count).to.be.greaterThan(50);
    });
  }

  it('float16 NaNs keep their payload and sign, as in tfjs; infinities, zeros and subnormals too', async () => {
    const dir = path.join(tempDir('trims-halves-'), 'model');
    fs.mkdirSync(dir);
    const halves = [0x7e01, 0xfe00, 0x7c01, 0x7c00, 0xfc00, 0x0000, 0x8000, 0x0001, 0x83ff, 0x3c00];
    fs.writeFileSync(path.join(dir, 'w.bin'), Buffer.from(Uint16Array.from(halves).buffer));
    fs.writeFileSync(
      path.join(dir, 'model.json'),
      JSON.stringify({
        format: 'graph-model',
        modelTopology: { node: [] },
        weightsManifest: [
          {
            paths: ['w.bin'],
            weights: [
              {
                name: 'h',
                dtype: 'float32',
                shape: [halves.length],
                quantization: { dtype: 'float16' },
              },
            ],
          },
        ],
      }),
    );
    expect(await expectSameAsTfjs(daemon, dir)).to.equal(1);
  });

  it('float32 weights are the shard bytes, unchanged', async () => {
    await expectSameAsTfjs(daemon, zooModel('mobilenet_v2', 31));
  });

  it('int32, bool, string and quantized int32 weights, spanning tiny shards and two groups', async () => {
    const dir = path.join(tempDir('trims-dtypes-'), 'model');
    fs.mkdirSync(dir);
    const strings = ['alpha', '', 'γράμμα', 'z'];
    const stringBytes = Buffer.concat(
      strings.flatMap((s) => {
        const body = Buffer.from(s, 'utf8');
        const length = Buffer.alloc(4);
        length.writeUInt32LE(body.length);
        return [length, body];
      }),
    );
    const f32 = Buffer.from(new Float32Array([1.5, -2.25, 3e-8, 65504, -0]).buffer);
    const i32 = Buffer.from(new Int32Array([7, -8, 2 ** 30]).buffer);
    const bools = Buffer.from([1, 0, 1, 1, 0, 0, 1]);
    const q8 = Buffer.from([0, 17, 255, 128]);
    const group1 = Buffer.concat([f32, bools, stringBytes]);
    const group2 = Buffer.concat([i32, q8]);
    const shard = (data: Buffer, prefix: string): string[] =>
      Array.from({ length: Math.ceil(data.length / 10) }, (_, i) => {
        const name = `${prefix}-shard${i + 1}.bin`;
        fs.writeFileSync(path.join(dir, name), data.subarray(i * 10, i * 10 + 10));
        return name;
      });
    const model = {
      format: 'graph-model',
      modelTopology: { node: [] },
      weightsManifest: [
        {
          paths: shard(group1, 'group1'),
          weights: [
            { name: 'f', dtype: 'float32', shape: [5] },
            { name: 'mask', dtype: 'bool', shape: [7] },
            { name: 'words', dtype: 'string', shape: [2, 2] },
          ],
        },
        {
          paths: shard(group2, 'group2'),
          weights: [
            { name: 'ints', dtype: 'int32', shape: [3] },
            {
              name: 'q',
              dtype: 'int32',
              shape: [2, 2],
              quantization: { dtype: 'uint8', min: -3, scale: 0.5 },
            },
          ],
        },
      ],
    };
    fs.writeFileSync(modelJsonPath(dir), JSON.stringify(model));
    expect(await expectSameAsTfjs(daemon, dir)).to.equal(5);
  });
});
