/**
 * Figures 2 and 4 of the paper. For each model, fresh client processes:
 * the plain framework (its phases give the cold-start breakdown), TrIMS in
 * the best case (the model in the host tier), TrIMS in the worst case (a
 * miss in every memory tier: evicted to the disk tier before each run, so
 * the daemon reads its segment from disk and promotes it). The ideal is
 * the plain run without its model load (start-up + preprocessing + compute).
 */
import { SETS } from '@trims/models';
import { requestWithFiles, TrimsClient } from '@trims/client';
import { IModelInfo, Tier } from '@trims/protocol';

import { invoke, Phases } from '../harness/processes';
import { SuiteOptions, withDaemon, zoo } from '../harness/context';
import { writeResults } from '../output';
import { summarize } from '../stats';

export const QUICK_MODELS = [
  'squeezenet1_1',
  'mobilenet_v2',
  'googlenet',
  'resnet18',
  'resnet50',
  'alexnet',
];

export function zooModels(quick: boolean): string[] {
  return quick ? QUICK_MODELS : SETS.paper;
}

export const REPETITIONS = 5;

/** The disk copy is written behind; the worst case needs it there. */
async function untilOnDisk(client: TrimsClient, url: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    const { reply } = await client.request('list', {});
    if (
      reply.models?.some((m: IModelInfo) => m.urls?.includes(url) && m.tiers?.includes(Tier.DISK))
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`${url} never reached the disk tier`);
}

export async function zooSuite(options: SuiteOptions): Promise<void> {
  const models = zoo(zooModels(options.quick));
  const rows: Array<Record<string, string | number>> = [];
  await withDaemon(['--host-budget', '8GiB'], async (daemon) => {
    const client = await daemon.client();
    try {
      for (const model of models) {
        const runs: Record<'plain' | 'best' | 'worst', Phases[]> = {
          plain: [],
          best: [],
          worst: [],
        };
        await requestWithFiles(client, 'preload', { url: model.url });
        await untilOnDisk(client, model.url);
        for (let r = 0; r < REPETITIONS; r++) {
          runs.plain.push(await invoke('plain', model.url, model.inputShape, daemon.socketPath));
          options.tick(`${model.name} plain`);
          runs.best.push(await invoke('trims', model.url, model.inputShape, daemon.socketPath));
          options.tick(`${model.name} best`);
          await client.request('evict', { url: model.url, tier: Tier.HOST }); // demoted: only the disk tier has it
          runs.worst.push(await invoke('trims', model.url, model.inputShape, daemon.socketPath));
          options.tick(`${model.name} worst`);
        }
        const total = (p: Phases): number => p.startup + p.load + p.preprocess + p.inference;
        const median = (list: Phases[], pick: (p: Phases) => number): number =>
          summarize(list.map(pick)).median;
        const plainTotal = summarize(runs.plain.map(total));
        const best = summarize(runs.best.map(total));
        const worst = summarize(runs.worst.map(total));
        // The ideal: start-up plus compute, no load. Start-up varies by ±10% between processes, so its
        // median is taken over every run of this model; compute is a warm inference (the first one of
        // a plain load also has TensorFlow copying the weights it was handed).
        const all = [...runs.plain, ...runs.best, ...runs.worst];
        const ideal =
          median(all, (p) => p.startup) +
          median(runs.plain, (p) => p.preprocess) +
          median(all, (p) => p.computeOnly);
        rows.push({
          model: model.name,
          megabytes: +(model.bytes / 2 ** 20).toFixed(1),
          plain_startup_ms: +median(runs.plain, (p) => p.startup).toFixed(1),
          plain_load_ms: +median(runs.plain, (p) => p.load).toFixed(1),
          plain_preprocess_ms: +median(runs.plain, (p) => p.preprocess).toFixed(1),
          plain_inference_ms: +median(runs.plain, (p) => p.inference).toFixed(1),
          compute_only_ms: +median(all, (p) => p.computeOnly).toFixed(1),
          best_inference_ms: +median(runs.best, (p) => p.inference).toFixed(1),
          plain_total_ms: +plainTotal.median.toFixed(1),
          plain_total_min_ms: +plainTotal.min.toFixed(1),
          plain_total_max_ms: +plainTotal.max.toFixed(1),
          best_load_ms: +median(runs.best, (p) => p.load).toFixed(1),
          best_total_ms: +best.median.toFixed(1),
          best_total_min_ms: +best.min.toFixed(1),
          best_total_max_ms: +best.max.toFixed(1),
          worst_load_ms: +median(runs.worst, (p) => p.load).toFixed(1),
          worst_total_ms: +worst.median.toFixed(1),
          worst_total_min_ms: +worst.min.toFixed(1),
          worst_total_max_ms: +worst.max.toFixed(1),
          ideal_total_ms: +ideal.toFixed(1),
          best_speedup: +(plainTotal.median / best.median).toFixed(2),
          worst_speedup: +(plainTotal.median / worst.median).toFixed(2),
          ideal_speedup: +(plainTotal.median / ideal).toFixed(2),
          load_speedup_best: +(
            median(runs.plain, (p) => p.load) / median(runs.best, (p) => p.load)
          ).toFixed(1),
        });
      }
    } finally {
      client.close();
    }
  });
  writeResults('zoo', rows, {
    method:
      `${REPETITIONS} fresh processes per model and mode, median (min and max in the CSV); phases timed inside the process; ` +
      'start-up is from process start to a ready backend; best: model in the host tier; worst: evicted to the disk tier before each run; ' +
      'page cache warm (the model files, the segment files and libtensorflow were read before)',
    pageCache: 'warm',
  });
}
