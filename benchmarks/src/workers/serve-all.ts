/**
 * The persistent-model server of the throughput suite: loads every model
 * once, then answers "<index>" lines on stdin with one inference each.
 */
import * as readline from 'node:readline';

import type * as TF from '@tensorflow/tfjs-node-gpu';
import { loadFramework } from '@trims/tensorflow';

async function main(): Promise<void> {
  const models = JSON.parse(process.argv[2]!) as Array<{ url: string; inputShape: number[] }>;
  const { tf } = loadFramework();
  const loaded = await Promise.all(models.map((m) => tf.loadGraphModel(m.url)));
  process.stdout.write('ready\n');
  readline.createInterface({ input: process.stdin }).on('line', (line) => {
    const i = Number(line);
    tf.tidy(() => (loaded[i]!.predict(tf.zeros(models[i]!.inputShape)) as TF.Tensor).dataSync());
    process.stdout.write('done\n');
  });
}

void main();
