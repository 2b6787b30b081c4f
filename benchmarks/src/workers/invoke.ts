/**
 * One function invocation, in a fresh process: framework start-up, model
 * load (plain tf.loadGraphModel or TrIMS), input preprocessing (a raw RGB
 * image resized and normalised), inference. Prints the phases in ms.
 * Usage: invoke.js '{"mode":"plain"|"trims","url":...,"inputShape":[1,H,W,3]}'
 */
import { performance } from 'node:perf_hooks';

import type * as TF from '@tensorflow/tfjs-node-gpu';
import { loadFramework } from '@trims/tensorflow';

import { loadModel, preprocess, workerArgs } from './worker-model';

async function main(): Promise<void> {
  const args = workerArgs();
  const { inputShape } = args;
  const { tf } = loadFramework();
  tf.tidy(() => tf.add(tf.ones([1]), 1)); // the backend is up
  const started = performance.now(); // time since the process began: node and framework start-up
  const model = await loadModel(args);
  const loaded = performance.now();
  const input = preprocess(inputShape);
  input.dataSync();
  const preprocessed = performance.now();
  const output = model.predict(input) as TF.Tensor;
  output.dataSync();
  const inferred = performance.now();
  // Compute alone, for the ideal: a second inference, the weights already inside TensorFlow.
  (model.predict(input) as TF.Tensor).dataSync();
  const computeOnly = performance.now() - inferred;
  process.stdout.write(
    JSON.stringify({
      startup: started,
      load: loaded - started,
      preprocess: preprocessed - loaded,
      inference: inferred - preprocessed,
      computeOnly,
    }) + '\n',
  );
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
