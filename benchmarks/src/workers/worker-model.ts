import type * as TF from '@tensorflow/tfjs-node-gpu';
import { loadFramework } from '@trims/tensorflow';
import { loadGraphModel } from '@trims/tfjs';

/** What every benchmark worker is told: how to load which model, and its input shape. */
export interface WorkerArgs {
  mode: 'plain' | 'trims';
  url: string;
  inputShape: number[];
}

export function workerArgs(): WorkerArgs {
  return JSON.parse(process.argv[2]!) as WorkerArgs;
}

/** The framework's own loader, or TrIMS (strict: a benchmark must not silently fall back). */
export function loadModel({ mode, url }: WorkerArgs): Promise<TF.GraphModel> {
  return mode === 'trims'
    ? loadGraphModel(url, { strict: true })
    : loadFramework().tf.loadGraphModel(url);
}

/** A function's preprocessing: a raw 640x480 RGB image resized to the model's input and normalised. */
export function preprocess(inputShape: number[]): TF.Tensor {
  const { tf } = loadFramework();
  const [, height, width] = inputShape as [number, number, number, number];
  const pixels = new Uint8Array(480 * 640 * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 7) & 0xff;
  return tf.tidy(() =>
    tf.image
      .resizeBilinear(tf.tensor3d(pixels, [480, 640, 3], 'int32'), [height, width])
      .div(255)
      .expandDims(0),
  );
}
