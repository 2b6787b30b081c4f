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
