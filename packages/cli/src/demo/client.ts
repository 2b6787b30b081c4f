/**
 * One short-lived demo process: gets the model's weights privately (read
 * the file, copy into tensors) or from the demo daemon (a sealed segment
 * mapped read-only, tensors over it), runs one forward pass and reports.
 */
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';

const started = performance.now();
import { connect, mapReadOnly } from '@trims/native-cuda';
import { createTensorFromMemory, loadFramework } from '@trims/tensorflow';

import { DemoModel, layerBytes } from './weights';

interface Args {
  mode: 'private' | 'shared';
  file: string;
  socket: string;
  model: DemoModel;
}

function receiveSegment(socket: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const channel = connect(socket);
    channel.on('message', ({ fds }) => {
      channel.close();
      if (fds.length === 1) resolve(fds[0]!);
      else reject(new Error(`expected one fd, got ${fds.length}`));
    });
    channel.on('error', reject);
    channel.send(Buffer.from('open'));
  });
}

async function main(): Promise<void> {
  const args = JSON.parse(process.argv[2]!) as Args;
  const { tf } = loadFramework();
  const frameworkReady = performance.now();
  const { layers, width } = args.model;
  const weights: import('@tensorflow/tfjs-node-gpu').Tensor[] = [];
  if (args.mode === 'private') {
    const bytes = fs.readFileSync(args.file);
    for (let i = 0; i < layers; i++) {
      const view = new Float32Array(
        bytes.buffer,
        bytes.byteOffset + i * layerBytes(args.model),
        width * width,
      );
      weights.push(tf.tensor2d(view.slice(), [width, width]));
    }
  } else {
    const fd = await receiveSegment(args.socket);
    const segment = mapReadOnly(fd);
    fs.closeSync(fd);
    for (let i = 0; i < layers; i++) {
      const view = new Float32Array(segment, i * layerBytes(args.model), width * width);
      weights.push(createTensorFromMemory(view, [width, width], 'float32'));
    }
  }
  const loaded = performance.now();
  let x = tf.ones([1, width]);
  for (const w of weights) x = tf.relu(tf.matMul(x, w));
  const output = x.dataSync();
  const inferred = performance.now();
  let checksum = 0;
  for (let i = 0; i < output.length; i++) checksum += output[i]! * (i + 1);
  process.stdout.write(
    JSON.stringify({
      startup: frameworkReady - started,
      load: loaded - frameworkReady,
      inference: inferred - loaded,
      checksum,
    }),
  );
}

main().catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
