/**
 * One model, in a fresh process: load with the framework's own loader,
 * check the output ([1, 1000], finite, softmax sums to 1), and time
 * single-image CPU inference (median of 3 after one warm-up run).
 * Prints one JSON line.
 */
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';

import { loadFramework } from '@trims/tensorflow';

async function main(): Promise<void> {
  const [dir, name, shapeText] = process.argv.slice(2) as [string, string, string];
  const { tf } = loadFramework();
  const started = performance.now();
  const model = await tf.loadGraphModel(`file://${path.join(dir, name, 'model.json')}`);
  const loadMs = performance.now() - started;
  const input = tf.randomUniform(JSON.parse(shapeText) as number[], 0, 1, 'float32', 5);
  const times: number[] = [];
  let values: Float32Array = new Float32Array();
  let shape: number[] = [];
  for (let i = 0; i < 4; i++) {
    const t = performance.now();
    const output = model.predict(input) as import('@tensorflow/tfjs-node-gpu').Tensor;
    values = output.dataSync() as Float32Array;
    shape = output.shape;
    output.dispose();
    if (i > 0) times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const sum = values.reduce((a, b) => a + b, 0);
  const ok = shape.join() === '1,1000' && values.every(Number.isFinite) && Math.abs(sum - 1) < 1e-5;
  process.stdout.write(
    JSON.stringify({ name, ok, shape, sum, loadMs, inferenceMs: times[1] }) + '\n',
  );
}

main().catch((error: Error) => {
  process.stdout.write(
    JSON.stringify({ name: process.argv[3], ok: false, error: error.message }) + '\n',
  );
});
