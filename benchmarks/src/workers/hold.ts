/**
 * A process that loads a model (plain or TrIMS), runs it once, says
 * "ready" and waits: for memory (PSS) measurements of N holders.
 */
import type * as TF from '@tensorflow/tfjs-node-gpu';
import { loadFramework } from '@trims/tensorflow';
import { loadGraphModel } from '@trims/tfjs';

async function main(): Promise<void> {
  const { mode, url, inputShape } = JSON.parse(process.argv[2]!) as {
    mode: 'plain' | 'trims';
    url: string;
    inputShape: number[];
  };
  const { tf } = loadFramework();
  const model =
    mode === 'trims' ? await loadGraphModel(url, { strict: true }) : await tf.loadGraphModel(url);
  tf.tidy(() => (model.predict(tf.zeros(inputShape)) as TF.Tensor).dataSync());
  process.stdout.write('ready\n');
  setInterval(() => undefined, 1 << 30);
}

void main();
