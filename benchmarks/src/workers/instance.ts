/**
 * A warm function instance of the keep-alive suite: starts the framework,
 * loads its models once (plain or TrIMS), says "ready", then serves one
 * invocation per stdin line ("<model index>": preprocess, inference) and
 * answers "done" after each, until it is killed (evicted).
 * Usage: instance.js '{"mode":"plain"|"trims","models":[{"url":...,"inputShape":[...]}]}'
 */
import * as readline from 'node:readline';

import type * as TF from '@tensorflow/tfjs-node-gpu';
import { loadFramework } from '@trims/tensorflow';

import { loadModel, preprocess, WorkerArgs } from './worker-model';

async function main(): Promise<void> {
  const { mode, models } = JSON.parse(process.argv[2]!) as {
    mode: WorkerArgs['mode'];
    models: Array<Omit<WorkerArgs, 'mode'>>;
  };
  const { tf } = loadFramework();
  const loaded: TF.GraphModel[] = [];
  for (const model of models) loaded.push(await loadModel({ mode, ...model }));
  process.stdout.write('ready\n');
  // One at a time: the node sends the next line only after "done".
  readline.createInterface({ input: process.stdin }).on('line', (line) => {
    const i = Number(line);
    const input = preprocess(models[i]!.inputShape);
    tf.tidy(() => (loaded[i]!.predict(input) as TF.Tensor).dataSync());
    input.dispose();
    process.stdout.write('done\n');
  });
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
