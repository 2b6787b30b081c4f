import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { loadFramework } from '@trims/tensorflow';

import {
  describeModel,
  generateModel,
  largeVariants,
  ModelJson,
  readIndex,
  SETS,
  SHARD_BYTES,
} from '../src';
import { valueChunks } from '../src/format/values';
import { GraphBuilder } from '../src/graph/builder';
import { architecture } from '../src/architectures';

const { tf } = loadFramework();
const CLI = path.join(__dirname, '..', '..', 'bin', 'trims-models.js');

function temp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'trims-zoo-test-'));
}

function digestOf(dir: string): string {
  const hash = createHash('sha256');
  for (const file of fs.readdirSync(dir).sort())
    hash.update(file).update(fs.readFileSync(path.join(dir, file)));
  return hash.digest('hex');
}

async function predict(dir: string, name: string, inputShape: number[]): Promise<Float32Array> {
  const model = await tf.loadGraphModel(`file://${path.join(dir, name, 'model.json')}`);
  const output = model.predict(
    tf.randomUniform(inputShape, 0, 1, 'float32', 11),
  ) as import('@tensorflow/tfjs-node-gpu').Tensor;
  expect(output.shape).to.deep.equal([1, 1000]);
  const values = output.dataSync() as Float32Array;
  model.dispose();
  return values;
}

describe('@trims/models: the zoo', function () {
  let zoo: string;

  before(() => {
    zoo = temp();
    const started = Date.now();
    const result = spawnSync(process.execPath, [CLI, '--set', 'small', '--out', zoo, '--quiet'], {
      encoding: 'utf8',
    });
    expect(result.status, result.stderr).to.equal(0);
    console.log(
      `      (the small set took ${((Date.now() - started) / 1000).toFixed(1)} s to generate)`,
    );
  });

  after(() => fs.rmSync(zoo, { recursive: true, force: true }));

  it('writes index.json with name, parameters, bytes and input shape', () => {
    const index = readIndex(zoo);
    expect(index.map((e) => e.name)).to.deep.equal([...SETS.small].sort());
    for (const entry of index) {
      expect(entry.parameters).to.equal(describeModel(entry.name).parameters);
      const shards = fs.readdirSync(path.join(zoo, entry.name)).filter((f) => f.endsWith('.bin'));
      const onDisk = shards.reduce(
        (sum, f) => sum + fs.statSync(path.join(zoo, entry.name, f)).size,
        0,
      );
      expect(entry.bytes).to.equal(onDisk);
      expect(entry.inputShape[0]).to.equal(1);
    }
  });

  it("every small model loads with the framework's own loader and classifies: [1, 1000], finite, sums to 1", async () => {
    for (const { name, inputShape } of readIndex(zoo)) {
      const values = await predict(zoo, name, inputShape);
      let sum = 0;
      for (const v of values) {
        expect(Number.isFinite(v), `${name} output`).to.equal(true);
        sum += v;
      }
      expect(Math.abs(sum - 1), `${name} softmax sum`).to.be.below(1e-5);
    }
  });

  it('writes 4 MB shards, with weights spanning shard boundaries, in the converter format', () => {
    const json = JSON.parse(
      fs.readFileSync(path.join(zoo, 'resnet18', 'model.json'), 'utf8'),
    ) as ModelJson;
    expect(json.format).to.equal('graph-model');
    const { paths, weights } = json.weightsManifest[0]!;
    const sizes = paths.map((p) => fs.statSync(path.join(zoo, 'resnet18', p)).size);
    expect(sizes.slice(0, -1).every((size) => size === SHARD_BYTES)).to.equal(true);
    let offset = 0;
    let spanning = 0;
    for (const w of weights) {
      const bytes = w.shape.reduce((a, b) => a * b, 1) * 4;
      if (Math.floor(offset / SHARD_BYTES) !== Math.floor((offset + bytes - 1) / SHARD_BYTES))
        spanning++;
      offset += bytes;
    }
    expect(offset).to.equal(sizes.reduce((a, b) => a + b, 0));
    expect(spanning).to.be.greaterThan(0);
    const ops = new Set(json.modelTopology.node.map((n) => n.op));
    for (const op of [
      'Placeholder',
      'Const',
      '_FusedConv2D',
      '_FusedMatMul',
      'MaxPool',
      'Mean',
      'AddV2',
      'Softmax',
      'Identity',
    ]) {
      expect(ops.has(op), op).to.equal(true);
    }
  });

  it('the same seed gives byte-identical files; another seed does not', () => {
    const again = temp();
    const other = temp();
    try {
      generateModel('squeezenet1_1', again, { seed: 1 });
      generateModel('squeezenet1_1', other, { seed: 2 });
      expect(digestOf(path.join(again, 'squeezenet1_1'))).to.equal(
        digestOf(path.join(zoo, 'squeezenet1_1')),
      );
      expect(digestOf(path.join(other, 'squeezenet1_1'))).to.not.equal(
        digestOf(path.join(zoo, 'squeezenet1_1')),
      );
    } finally {
      fs.rmSync(again, { recursive: true, force: true });
      fs.rmSync(other, { recursive: true, force: true });
    }
  });

  for (const quantize of ['uint8', 'uint16', 'float16'] as const) {
    it(`${quantize}: tfjs decodes the weights to within one quantization step, and the model runs`, async () => {
      const dir = temp();
      try {
        generateModel('squeezenet1_1', dir, { seed: 1, quantize });
        const json = JSON.parse(
          fs.readFileSync(path.join(dir, 'squeezenet1_1', 'model.json'), 'utf8'),
        ) as ModelJson;
        const manifest = json.weightsManifest[0]!;
        const buffers = manifest.paths.map((p) =>
          fs.readFileSync(path.join(dir, 'squeezenet1_1', p)),
        );
        const all = Buffer.concat(buffers);
        const decoded = tf.io.decodeWeights(
          all.buffer.slice(all.byteOffset, all.byteOffset + all.length),
          manifest.weights,
        );
        const builder = new GraphBuilder();
        architecture('squeezenet1_1').build(builder);
        for (const spec of builder.weights.filter((w) => w.dtype === 'float32')) {
          const original = Float32Array.from(
            [...valueChunks(spec, 1)].flatMap((chunk) => Array.from(chunk)),
          );
          const got = decoded[spec.name]!.dataSync();
          const entry = manifest.weights.find((w) => w.name === spec.name)!;
          expect(entry.quantization?.dtype).to.equal(quantize);
          const step = quantize === 'float16' ? 0 : entry.quantization!.scale!;
          for (let i = 0; i < original.length; i++) {
            const tolerance =
              quantize === 'float16'
                ? Math.max(Math.abs(original[i]!) * 2 ** -11, 2 ** -24)
                : step / 2 + 1e-7;
            if (Math.abs(got[i]! - original[i]!) > tolerance) {
              expect.fail(`${spec.name}[${i}]: ${original[i]} decoded as ${got[i]}`);
            }
          }
        }
        const values = await predict(dir, 'squeezenet1_1', [1, 224, 224, 3]);
        expect(Math.abs(values.reduce((a, b) => a + b, 0) - 1)).to.be.below(1e-5);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});

describe('@trims/models: architectures', () => {
  it('every paper architecture is within 1% of its published parameter count', () => {
    expect(SETS.paper.length).to.be.at.least(20);
    for (const name of SETS.paper) {
      const { parameters, published } = describeModel(name);
      expect(Math.abs(parameters - published) / published, name).to.be.below(0.01);
    }
  });

  it('the zoo spans a few MB to over 500 MB', () => {
    const sizes = SETS.paper.map((name) => describeModel(name).float32Bytes);
    expect(Math.min(...sizes)).to.be.below(10 * 2 ** 20);
    expect(Math.max(...sizes)).to.be.above(500 * 2 ** 20);
  });

  it('the large series grows with the input and stops at the memory limit it states', () => {
    const { variants, limitBytes } = largeVariants(24 * 2 ** 30);
    expect(limitBytes).to.equal(4 * 2 ** 30);
    for (const base of ['alexnet', 'vgg16']) {
      const series = variants.filter((v) => v.base === base);
      expect(series.length).to.be.at.least(3);
      for (let i = 1; i < series.length; i++)
        expect(series[i]!.published).to.be.greaterThan(series[i - 1]!.published);
      expect(series.every((v) => v.published * 4 <= limitBytes)).to.equal(true);
    }
    expect(largeVariants(8 * 2 ** 30).variants.length).to.be.lessThan(variants.length);
  });

  it("every Layers model loads with the framework's own tf.loadLayersModel, its weights as the manifest says, and classifies", async () => {
    const dir = temp();
    for (const name of SETS.layers) {
      const generated = generateModel(name, dir, { seed: 2 });
      const json = JSON.parse(fs.readFileSync(path.join(dir, name, 'model.json'), 'utf8')) as {
        format: string;
        weightsManifest: Array<{ weights: Array<{ name: string }> }>;
      };
      expect(json.format).to.equal('layers-model');
      const model = await tf.loadLayersModel(`file://${path.join(dir, name, 'model.json')}`);
      expect(model.weights.map((w) => w.originalName)).to.deep.equal(
        json.weightsManifest[0]!.weights.map((w) => w.name),
      );
      expect(model.countParams()).to.equal(generated.parameters);
      const output = model.predict(
        tf.randomUniform(generated.inputShape, 0, 1, 'float32', 11),
      ) as import('@tensorflow/tfjs-node-gpu').Tensor;
      const values = Array.from(output.dataSync() as Float32Array);
      expect(values.every(Number.isFinite), name).to.equal(true);
      expect(values.reduce((sum, v) => sum + v, 0)).to.be.closeTo(1, 1e-4);
      model.dispose();
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('names an unknown model and lists the known ones', () => {
    const result = spawnSync(process.execPath, [CLI, '--set', 'lenet', '--out', temp()], {
      encoding: 'utf8',
    });
    expect(result.status).to.equal(1);
    expect(result.stderr).to.contain('unknown model "lenet"').and.contain('resnet50');
  });
});
