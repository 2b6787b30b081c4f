/**
 * A multi-model application (several models loaded at start, as libraries
 * do, graph and Layers formats) in a fresh process: plain, and unmodified
 * under `node -r @trims/tfjs/register`, alternating in one run. The
 * daemon's first serving (it reads and lays out every model) is its own row.
 */
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';

import { SuiteOptions, withDaemon, zoo } from '../harness/context';
import { writeResults } from '../output';
import { summarize } from '../stats';

export const MULTI_MODEL_REPETITIONS = 5;
const GRAPH = ['squeezenet1_1', 'mobilenet_v2', 'googlenet', 'resnet18', 'densenet121'];
const LAYERS = ['lenet5_layers', 'mlp_layers', 'convnet_layers'];
const APP = path.resolve(__dirname, '..', 'workers', 'multi-model-app.js');

interface AppRun {
  loadMs: number;
  firstPredictMs: number;
  privateGrowthBytes: number;
  endToEndMs: number;
}

function runApp(hooked: boolean, models: unknown, socket: string): Promise<AppRun> {
  const args = [...(hooked ? ['-r', '@trims/tfjs/register'] : []), APP, JSON.stringify(models)];
  const started = performance.now();
  return new Promise((resolve, reject) =>
    execFile(
      process.execPath,
      args,
      // TRIMS_STRICT: a benchmark must not silently load privately.
      {
        cwd: path.resolve(__dirname, '..', '..'),
        env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2', TRIMS_SOCKET: socket, TRIMS_STRICT: '1' },
      },
      (error, stdout, stderr) =>
        error
          ? reject(new Error(`multi-model app (${hooked ? 'hooked' : 'plain'}) failed: ${stderr}`))
          : resolve({
              ...(JSON.parse(stdout) as Omit<AppRun, 'endToEndMs'>),
              endToEndMs: performance.now() - started,
            }),
    ),
  );
}

export async function multiModelSuite(options: SuiteOptions): Promise<void> {
  const models = zoo([...GRAPH, ...LAYERS]);
  const wanted = models.map((m) => ({
    url: m.url,
    format: LAYERS.includes(m.name) ? 'layers' : 'graph',
  }));
  const megabytes = models.reduce((sum, m) => sum + m.bytes, 0) / 2 ** 20;
  const runs: Record<string, AppRun[]> = { plain: [], trims: [], 'trims, first': [] };
  await withDaemon([], async (daemon) => {
    runs['trims, first']!.push(await runApp(true, wanted, daemon.socketPath));
    options.tick('first');
    for (let i = 0; i < MULTI_MODEL_REPETITIONS; i++) {
      runs.plain!.push(await runApp(false, wanted, daemon.socketPath));
      runs.trims!.push(await runApp(true, wanted, daemon.socketPath));
      options.tick(`repetition ${i + 1}`);
    }
  });
  const median = (config: string, key: keyof AppRun): number =>
    summarize(runs[config]!.map((r) => r[key])).median;
  const rows = Object.keys(runs).map((config) => ({
    config,
    models: models.length,
    megabytes: +megabytes.toFixed(1),
    runs: runs[config]!.length,
    load_ms: +median(config, 'loadMs').toFixed(1),
    first_predict_ms: +median(config, 'firstPredictMs').toFixed(1),
    end_to_end_ms: +median(config, 'endToEndMs').toFixed(1),
    private_growth_mib: +(median(config, 'privateGrowthBytes') / 2 ** 20).toFixed(1),
    load_speedup: +(median('plain', 'loadMs') / median(config, 'loadMs')).toFixed(2),
  }));
  writeResults('multi-model', rows, {
    method: `one unmodified application loads ${models.length} models at start (${GRAPH.join(', ')} by findIOHandler + handler.load() + loadSync with a fetchFunc set; ${LAYERS.join(', ')} by tf.loadLayersModel), concurrently, then runs each once; a fresh process per run, plain and under node -r @trims/tfjs/register alternating, medians of ${MULTI_MODEL_REPETITIONS}; "trims, first" is the first run against a fresh daemon (it reads and lays out every model)`,
  });
}
