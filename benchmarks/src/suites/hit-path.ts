/**
 * The hit path against its floor. Per model, fresh processes (one load
 * each, the framework loaded first in all of them): the plain
 * tf.loadGraphModel, a TrIMS hit (the model in the daemon's host tier), and
 * the floor (a tf.GraphModel built with loadWithWeightMap from a topology
 * and weight tensors already in memory) and the floor with model.json read
 * and parsed on the clock; the hit also times require('@trims/tfjs').
 * Target: hit <= 1.3 x floor + 1 ms.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import { fileURLToPath } from 'node:url';

import { SETS } from '@trims/models';

import { SuiteOptions, withDaemon, zoo } from '../harness/context';
import { runWorker } from '../harness/processes';
import { writeResults } from '../output';
import { summarize } from '../stats';
import type { HitPathSample } from '../workers/hit-path';
import { QUICK_MODELS } from './zoo';

export const HIT_PATH_MODES = [
  'plain',
  'hit',
  'hit-uncached',
  'hit-warm',
  'floor',
  'floor-json',
] as const;
const MODES = HIT_PATH_MODES;
type Mode = (typeof MODES)[number];

export function hitPathModels(quick: boolean): string[] {
  return quick ? [...QUICK_MODELS, 'densenet121'] : SETS.paper;
}

export const hitPathRepetitions = (quick: boolean): number => (quick ? 9 : 15);

/** The target of issue 13: a hit costs at most 1.3 times the floor plus 1 ms. */
export const targetMs = (floorMs: number): number => 1.3 * floorMs + 1;

function graphSize(url: string): { nodes: number; weights: number } {
  const json = JSON.parse(fs.readFileSync(fileURLToPath(url), 'utf8')) as {
    modelTopology: { node: unknown[] };
    weightsManifest: Array<{ weights: unknown[] }>;
  };
  return {
    nodes: json.modelTopology.node.length,
    weights: json.weightsManifest.reduce((sum, group) => sum + group.weights.length, 0),
  };
}

const round = (value: number, digits = 2): number => +value.toFixed(digits);

export async function hitPathSuite(options: SuiteOptions): Promise<void> {
  const models = zoo(hitPathModels(options.quick));
  const repetitions = hitPathRepetitions(options.quick);
  const rows: Array<Record<string, string | number>> = [];
  await withDaemon(['--host-budget', '8GiB'], async (daemon) => {
    const run = (mode: Mode, url: string, warmUrl?: string): Promise<HitPathSample> =>
      runWorker<HitPathSample>('hit-path.js', { mode, url, warmUrl }, daemon.socketPath);
    for (const [at, model] of models.entries()) {
      // hit-warm loads the next model of the set first (each is in the daemon by then, or is at its turn: a miss there is not on the clock)
      const warmUrl = models[(at + 1) % models.length]!.url;
      await run('hit', model.url); // the first open fetches and converts: a miss, not counted
      const samples: Record<Mode, HitPathSample[]> = {
        plain: [],
        hit: [],
        'hit-uncached': [],
        'hit-warm': [],
        floor: [],
        'floor-json': [],
      };
      for (let r = 0; r < repetitions; r++) {
        // Rotated so that no mode always runs right after another.
        for (let m = 0; m < MODES.length; m++) {
          const mode = MODES[(r + m) % MODES.length]!;
          samples[mode].push(await run(mode, model.url, warmUrl));
          options.tick(`${model.name} ${mode}`);
        }
      }
      const median = (mode: Mode, pick: (s: HitPathSample) => number): number =>
        summarize(samples[mode].map(pick)).median;
      const wall = (s: HitPathSample): number => s.ms;
      const cpu = (s: HitPathSample): number => s.cpuMs;
      const hit = median('hit', wall);
      const floor = median('floor', wall);
      const floorJson = median('floor-json', wall);
      rows.push({
        model: model.name,
        megabytes: round(model.bytes / 2 ** 20, 1),
        ...graphSize(model.url),
        plain_ms: round(median('plain', wall), 1),
        hit_ms: round(hit),
        floor_ms: round(floor),
        hit_floor_ratio: round(hit / floor),
        target_ms: round(targetMs(floor)),
        within_target: hit <= targetMs(floor) ? 'yes' : 'no',
        floor_json_ms: round(floorJson),
        hit_floor_json_ratio: round(hit / floorJson),
        within_target_json: hit <= targetMs(floorJson) ? 'yes' : 'no',
        hit_min_ms: round(summarize(samples.hit.map(wall)).min),
        floor_min_ms: round(summarize(samples.floor.map(wall)).min),
        hit_cpu_ms: round(median('hit', cpu)),
        floor_cpu_ms: round(median('floor', cpu)),
        cpu_ratio: round(median('hit', cpu) / median('floor', cpu)),
        hit_uncached_ms: round(median('hit-uncached', wall)),
        hit_again_ms: round(median('hit', (s) => s.againMs!)),
        hit_warm_ms: round(median('hit-warm', wall)),
        import_ms: round(median('hit', (s) => s.importMs!)),
        import_uncached_ms: round(median('hit-uncached', (s) => s.importMs!)),
        import_cpu_ms: round(median('hit', (s) => s.importCpuMs!)),
        import_modules: samples.hit[0]!.importModules!,
      });
    }
  });
  writeResults('hit-path', rows, {
    method:
      `${repetitions} fresh processes per model and mode, one load each, median (min in the CSV); the framework is loaded and its backend up before the clock starts in every mode; ` +
      'hit: @trims/tfjs loadGraphModel with the model in the host tier (strict, no fallback), its bundle compiled from the code cache; hit_again: a second load of the same model in the hit process (code run once already); hit_uncached: the same with NODE_DISABLE_COMPILE_CACHE=1 (the first process per user and build); hit_warm: the first load of this model in a process that loaded another model of the set with @trims/tfjs before the clock; floor: new tf.GraphModel + loadWithWeightMap from a topology and weight tensors already in memory; floor_json: the same with model.json read and parsed on the clock; ' +
      'import: require(@trims/tfjs) after the framework; CPU columns: process CPU time over the same span',
    target: 'hit <= 1.3 x floor + 1 ms',
    // Wall-clock times mean little when other jobs share the cores: the report says how busy it was.
    loadAverage: +os.loadavg()[1]!.toFixed(1),
  });
}
