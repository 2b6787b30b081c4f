/**
 * An application that loads several models at start, as libraries do, and
 * knows nothing of TrIMS: graph models by the handler-then-loadSync pattern
 * (a fetchFunc set), Layers models with tf.loadLayersModel. The suite runs
 * it plain and under `node -r @trims/tfjs/register`.
 * Argument: JSON [{url, format}]. Prints {loadMs, firstPredictMs, privateGrowthBytes}.
 */
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';

import type { io } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-node-gpu';

interface Wanted {
  url: string;
  format: 'graph' | 'layers';
}

/** GraphModel's steps such libraries call, though tfjs declares them private. */
interface ByHand {
  findIOHandler(): void;
  handler: io.IOHandler;
  loadSync(artifacts: io.ModelArtifacts): boolean;
}

async function graphByHand(url: string): Promise<tf.GraphModel> {
  const model = new tf.GraphModel(url, {
    fetchFunc: (input: string | URL | Request, init?: RequestInit) => fetch(input, init),
  });
  const steps = model as unknown as ByHand;
  steps.findIOHandler();
  steps.loadSync(await steps.handler.load!());
  return model;
}

function privateBytes(): number {
  const rollup = fs.readFileSync('/proc/self/smaps_rollup', 'utf8');
  const field = (name: string): number =>
    Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(rollup)?.[1] ?? 0);
  return (field('Private_Clean') + field('Private_Dirty')) * 1024;
}

async function main(): Promise<void> {
  const wanted = JSON.parse(process.argv[2]!) as Wanted[];
  tf.tidy(() => tf.add(tf.ones([2]), 1));
  const before = privateBytes();
  const started = performance.now();
  const models = await Promise.all(
    wanted.map(({ url, format }) =>
      format === 'graph' ? graphByHand(url) : tf.loadLayersModel(url),
    ),
  );
  const loadMs = performance.now() - started;
  const privateGrowthBytes = privateBytes() - before;
  const predicting = performance.now();
  for (const model of models) {
    const shape = model.inputs[0]!.shape!.map((d) => (d === null || d < 0 ? 1 : d));
    tf.dispose(model.predict(tf.zeros(shape)) as tf.Tensor);
  }
  const firstPredictMs = performance.now() - predicting;
  process.stdout.write(JSON.stringify({ loadMs, firstPredictMs, privateGrowthBytes }) + '\n');
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
