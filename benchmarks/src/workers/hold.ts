/**
 * A process that loads a model (plain or TrIMS), runs it once, says
 * "ready" and waits: for memory (PSS) measurements of N holders.
 */
import type * as TF from '@tensorflow/tfjs-node-gpu';
import { loadFramework } from '@trims/tensorflow';

import { loadModel, workerArgs } from './worker-model';

async function main(): Promise<void> {
  const args = workerArgs();
  const { inputShape } = args;
  const { tf } = loadFramework();
  const model = await loadModel(args);
  tf.tidy(() => (model.predict(tf.zeros(inputShape)) as TF.Tensor).dataSync());
  process.stdout.write('ready\n');
  setInterval(() => undefined, 1 << 30);
}

void main();
