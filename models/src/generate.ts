import * as fs from 'node:fs';
import * as path from 'node:path';

import { architecture } from './architectures';
import { GraphBuilder } from './graph/builder';
import { elementsOf, WeightSpec } from './graph/weights';
import { ManifestWeight, modelJson } from './format/model-json';
import {
  affineRange,
  bytesPerElement,
  Quantization,
  quantizeAffine,
  quantizeFloat16,
} from './format/quantize';
import { ShardWriter, shardNames } from './format/shard-writer';
import { valueChunks } from './format/values';

export interface GenerateOptions {
  seed?: number;
  quantize?: Quantization;
  /** Called with bytes written so far, for progress bars. */
  onBytes?: (bytes: number) => void;
}

export interface GeneratedModel {
  name: string;
  parameters: number;
  published: number;
  bytes: number;
  inputShape: number[];
  shards: number;
}

function manifestEntry(
  spec: WeightSpec,
  seed: number,
  quantize: Quantization | undefined,
): ManifestWeight {
  const entry: ManifestWeight = { name: spec.name, shape: spec.shape, dtype: spec.dtype };
  if (quantize === undefined || spec.dtype !== 'float32') return entry;
  if (quantize === 'float16') return { ...entry, quantization: { dtype: 'float16' } };
  let min = Infinity;
  let max = -Infinity;
  for (const chunk of valueChunks(spec, seed)) {
    for (const value of chunk) {
      if (value < min) min = value;
      if (value > max) max = value;
    }
  }
  return { ...entry, quantization: { dtype: quantize, ...affineRange(min, max, quantize) } };
}

function encode(chunk: Float32Array | Int32Array, entry: ManifestWeight): Uint8Array {
  const q = entry.quantization;
  let out: ArrayBufferView;
  if (q === undefined || chunk instanceof Int32Array) out = chunk;
  else if (q.dtype === 'float16') out = quantizeFloat16(chunk);
  else out = quantizeAffine(chunk, q.min!, q.scale!, q.dtype);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/**
 * Writes DIR/<name>/model.json and its shards, streaming weight values
 * from their seeded generators; model.json is written last, so a model
 * directory with a model.json is complete.
 */
export function generateModel(
  name: string,
  outDir: string,
  options: GenerateOptions = {},
): GeneratedModel {
  const seed = options.seed ?? 1;
  const arch = architecture(name);
  const builder = new GraphBuilder();
  arch.build(builder);
  const entries = builder.weights.map((spec) => manifestEntry(spec, seed, options.quantize));
  const totalBytes = builder.weights.reduce(
    (sum, spec, i) =>
      sum +
      elementsOf(spec.shape) *
        (entries[i]!.quantization ? bytesPerElement(entries[i]!.quantization!.dtype) : 4),
    0,
  );
  const dir = path.join(outDir, name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const paths = shardNames(totalBytes);
  const writer = new ShardWriter(dir, paths);
  let written = 0;
  builder.weights.forEach((spec, i) => {
    for (const chunk of valueChunks(spec, seed)) {
      const bytes = encode(chunk, entries[i]!);
      writer.write(bytes);
      written += bytes.length;
      options.onBytes?.(written);
    }
  });
  writer.close();
  const input = builder.inputValue!;
  const output = builder.outputValue!;
  const json = modelJson(builder.nodes, input, output, paths, entries, {
    trims: {
      architecture: name,
      seed,
      quantization: options.quantize ?? null,
      parameters: builder.parameterCount(),
    },
  });
  fs.writeFileSync(path.join(dir, 'model.json.tmp'), JSON.stringify(json));
  fs.renameSync(path.join(dir, 'model.json.tmp'), path.join(dir, 'model.json'));
  return {
    name,
    parameters: builder.parameterCount(),
    published: arch.published,
    bytes: totalBytes,
    inputShape: [1, ...input.shape],
    shards: paths.length,
  };
}

/** Parameters and bytes without writing anything (for plans and progress bars). */
export function describeModel(name: string): {
  parameters: number;
  published: number;
  float32Bytes: number;
} {
  const arch = architecture(name);
  const builder = new GraphBuilder();
  arch.build(builder);
  const float32Bytes = builder.weights.reduce((sum, spec) => sum + elementsOf(spec.shape) * 4, 0);
  return { parameters: builder.parameterCount(), published: arch.published, float32Bytes };
}
