/**
 * One short-lived demo process, as a function invocation would be: start
 * the framework, load the model privately (tf.loadGraphModel) or through
 * TrIMS, classify one input, report the times and the output.
 */
import { performance } from 'node:perf_hooks';

const started = performance.now();
import type * as TF from '@tensorflow/tfjs-node-gpu';
import { loadFramework } from '@trims/tensorflow';
import { loadGraphModel } from '@trims/tfjs';

async function main(): Promise<void> {
  const [mode, url, shape] = process.argv.slice(2) as ['plain' | 'trims', string, string];
  const [, height, width] = shape.split(',').map(Number) as [number, number, number, number];
  const { tf } = loadFramework();
  tf.tidy(() => tf.add(tf.ones([1]), 1));
  const ready = performance.now();
  const model =
    mode === 'trims' ? await loadGraphModel(url, { strict: true }) : await tf.loadGraphModel(url);
  const loaded = performance.now();
  // A synthetic image of the model's input size: a smooth colour gradient.
  const image = tf.tidy(() => {
    const rows = tf.linspace(0, 1, height).reshape([height, 1, 1]).tile([1, width, 1]);
    const cols = tf.linspace(0, 1, width).reshape([1, width, 1]).tile([height, 1, 1]);
    return tf.concat([rows, cols, rows.mul(cols)], 2).expandDims(0);
  });
  const probabilities = model.predict(image) as TF.Tensor;
  const values = probabilities.dataSync();
  const inferred = performance.now();
  let top = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[top]!) top = i;
  let checksum = 0;
  for (let i = 0; i < values.length; i++)
    checksum = (checksum * 31 + Math.round(values[i]! * 1e9)) % 2 ** 31;
  process.stdout.write(
    JSON.stringify({
      startup: ready - started,
      load: loaded - ready,
      inference: inferred - loaded,
      top,
      probability: values[top],
      checksum,
    }),
  );
}

main().catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
