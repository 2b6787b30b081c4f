/**
 * One model load in a fresh process, for the hit-path suite. The framework
 * is loaded and its backend up first (every mode pays that alike), then:
 *   plain  tf.loadGraphModel(url);
 *   hit    require('@trims/tfjs') (timed apart: the import cost), then its
 *          loadGraphModel(url), the model in the daemon's host tier; then the
 *          same load again in the same process (timed apart: the hit with its
 *          code already run once, what is left without first-execution costs);
 *   hit-uncached  the same without the bundle's code cache (what the first
 *          process of a user pays, once per build of @trims/tfjs);
 *   hit-warm  the hit in a process that has already loaded another model
 *          (`warmUrl`) with @trims/tfjs: this model's own cost once the
 *          process has run the code of a load (what a process serving
 *          several models pays for each after its first);
 *   floor  a tf.GraphModel built with loadWithWeightMap from the topology and
 *          weight tensors already in memory (read and decoded before the clock
 *          starts): what no loader can go below;
 *   floor-json  the same, but model.json read and parsed on the clock: what no
 *          loader in a fresh process can go below, as the topology must come
 *          from the file the application named.
 * Usage: hit-path.js '{"mode":"plain"|"hit"|"hit-uncached"|"hit-warm"|"floor"|"floor-json","url":"file://...","warmUrl":"file://..."}'; prints JSON.
 */
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

import type { io } from '@tensorflow/tfjs-core';
import { loadFramework } from '@trims/tensorflow';

export interface HitPathSample {
  ms: number;
  /** CPU time of this process over the same span: less disturbed by other processes than wall time. */
  cpuMs: number;
  /** hit only: require('@trims/tfjs') with the framework already loaded, and the modules it added. */
  importMs?: number;
  importCpuMs?: number;
  importModules?: number;
  /** hit only: a second load of the same model in the same process. */
  againMs?: number;
}

/** Wall and CPU milliseconds of one call. */
async function timed(work: () => unknown): Promise<{ ms: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await work();
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { ms, cpuMs: (used.user + used.system) / 1000 };
}

async function measure(mode: string, url: string, warmUrl?: string): Promise<HitPathSample> {
  const { tf, internals } = loadFramework();
  tf.tidy(() => tf.add(tf.ones([1]), 1)); // the backend is up
  if (mode === 'plain') return timed(() => tf.loadGraphModel(url));
  if (mode === 'floor' || mode === 'floor-json') {
    const file = fileURLToPath(url);
    const artifacts = await tf.io.fileSystem(file).load();
    const weights = tf.io.decodeWeights(artifacts.weightData!, artifacts.weightSpecs!);
    if (mode === 'floor')
      return timed(() => internals.loadWithWeightMap(new tf.GraphModel(url), artifacts, weights));
    return timed(() => {
      // The manifest stays in (tfjs ignores it there): its specs are in the artifacts, the weights decoded.
      const json = JSON.parse(fs.readFileSync(file, 'utf8')) as Omit<
        io.ModelJSON,
        'weightsManifest'
      >;
      const parsed = { ...json, weightSpecs: artifacts.weightSpecs };
      internals.loadWithWeightMap(new tf.GraphModel(url), parsed, weights);
    });
  }
  if (mode === 'hit-warm') {
    const trims = require('@trims/tfjs') as typeof import('@trims/tfjs');
    await trims.loadGraphModel(warmUrl!, { strict: true });
    return timed(() => trims.loadGraphModel(url, { strict: true }));
  }
  if (mode === 'hit-uncached') process.env.NODE_DISABLE_COMPILE_CACHE = '1';
  const modulesBefore = Object.keys(require.cache).length;
  let trims: typeof import('@trims/tfjs') | undefined;
  const imported = await timed(() => (trims = require('@trims/tfjs') as typeof trims));
  const importModules = Object.keys(require.cache).length - modulesBefore;
  const hit = await timed(() => trims!.loadGraphModel(url, { strict: true }));
  const again = await timed(() => trims!.loadGraphModel(url, { strict: true }));
  return {
    ...hit,
    importMs: imported.ms,
    importCpuMs: imported.cpuMs,
    importModules,
    againMs: again.ms,
  };
}

const { mode, url, warmUrl } = JSON.parse(process.argv[2]!) as {
  mode: string;
  url: string;
  warmUrl?: string;
};
measure(mode, url, warmUrl).then(
  (sample) => process.stdout.write(JSON.stringify(sample) + '\n'),
  (error: Error) => {
    process.stderr.write(`${error.stack}\n`);
    process.exit(1);
  },
);
