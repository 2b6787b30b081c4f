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
import { LAYERS_ARCHITECTURES } from './layers/sequential';
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

/** Writes the shards of these weights into a fresh DIR/<name>; returns the manifest group. */
function writeWeights(
  dir: string,
  weights: readonly WeightSpec[],
  options: GenerateOptions,
): { paths: string[]; entries: ManifestWeight[]; totalBytes: number } {
  const seed = options.seed ?? 1;
  const entries = weights.map((spec) => manifestEntry(spec, seed, options.quantize));
  const totalBytes = weights.reduce(
    (sum, spec, i) =>
      sum +
      elementsOf(spec.shape) *
        (entries[i]!.quantization ? bytesPerElement(entries[i]!.quantization!.dtype) : 4),
    0,
  );
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const paths = shardNames(totalBytes);
  const writer = new ShardWriter(dir, paths);
  let written = 0;
  weights.forEach((spec, i) => {
    for (const chunk of valueChunks(spec, seed)) {
      const bytes = encode(chunk, entries[i]!);
      writer.write(bytes);
      written += bytes.length;
      options.onBytes?.(written);
    }
  });
  writer.close();
  return { paths, entries, totalBytes };
}

/** model.json last, so a model directory with one is complete. */
function writeModelJson(dir: string, json: object): void {
  fs.writeFileSync(path.join(dir, 'model.json.tmp'), JSON.stringify(json));
  fs.renameSync(path.join(dir, 'model.json.tmp'), path.join(dir, 'model.json'));
}

/** A Layers-format model (tf.loadLayersModel's format), written like the graph models. */
function generateLayersModel(
  name: string,
  outDir: string,
  options: GenerateOptions,
): GeneratedModel {
  const builder = LAYERS_ARCHITECTURES[name]!();
  const dir = path.join(outDir, name);
  const { paths, entries, totalBytes } = writeWeights(dir, builder.weights, options);
  writeModelJson(dir, {
    format: 'layers-model',
    generatedBy: 'TensorFlow.js tfjs-layers v4.22.0 (layout reproduced by @trims/models)',
    convertedBy: null,
    modelTopology: builder.topology(name),
    weightsManifest: [{ paths, weights: entries }],
    userDefinedMetadata: {
      trims: {
        architecture: name,
        seed: options.seed ?? 1,
        quantization: options.quantize ?? null,
      },
    },
  });
  return {
    name,
    parameters: builder.parameterCount(),
    published: builder.parameterCount(),
    bytes: totalBytes,
    inputShape: [1, ...builder.inputShape],
    shards: paths.length,
  };
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
  if (name in LAYERS_ARCHITECTURES) return generateLayersModel(name, outDir, options);
  const seed = options.seed ?? 1;
  const arch = architecture(name);
  const builder = new GraphBuilder();
  arch.build(builder);
  const dir = path.join(outDir, name);
  const { paths, entries, totalBytes } = writeWeights(dir, builder.weights, options);
  const input = builder.inputValue!;
  const output = builder.outputValue!;
  writeModelJson(
    dir,
    modelJson(builder.nodes, input, output, paths, entries, {
      trims: {
        architecture: name,
        seed,
        quantization: options.quantize ?? null,
        parameters: builder.parameterCount(),
      },
    }),
  );
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
  if (name in LAYERS_ARCHITECTURES) {
    const layers = LAYERS_ARCHITECTURES[name]!();
    const parameters = layers.parameterCount();
    return { parameters, published: parameters, float32Bytes: parameters * 4 };
  }
  const arch = architecture(name);
  const builder = new GraphBuilder();
  arch.build(builder);
  const float32Bytes = builder.weights.reduce((sum, spec) => sum + elementsOf(spec.shape) * 4, 0);
  return { parameters: builder.parameterCount(), published: arch.published, float32Bytes };
}
