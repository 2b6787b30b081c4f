/**
 * Figure 5: best-case speedup against model size for the enlarged AlexNet
 * and VGG-16 series, with the share of time spent computing.
 */
import { largeVariants } from '@trims/models';
import { requestWithFiles } from '@trims/client';

import { invoke, Phases } from '../harness/processes';
import { SuiteOptions, withDaemon, zoo } from '../harness/context';
import { writeResults } from '../output';
import { summarize } from '../stats';

export function largeModels(quick: boolean): string[] {
  const names = largeVariants().variants.map((v) => v.name);
  return quick
    ? names.filter((name) =>
        ['alexnet_227x227', 'alexnet_454x454', 'vgg16_224x224', 'vgg16_448x448'].includes(name),
      )
    : names;
}

export const LARGE_REPETITIONS = 3;

export async function largeSuite(options: SuiteOptions): Promise<void> {
  const models = zoo(largeModels(options.quick));
  const rows: Array<Record<string, string | number>> = [];
  await withDaemon(['--host-budget', '12GiB', '--disk-budget', '40GiB'], async (daemon) => {
    const client = await daemon.client();
    try {
      for (const model of models) {
        await requestWithFiles(client, 'preload', { url: model.url });
        const plain: Phases[] = [];
        const best: Phases[] = [];
        for (let r = 0; r < LARGE_REPETITIONS; r++) {
          plain.push(await invoke('plain', model.url, model.inputShape, daemon.socketPath));
          options.tick(`${model.name} plain`);
          best.push(await invoke('trims', model.url, model.inputShape, daemon.socketPath));
          options.tick(`${model.name} trims`);
        }
        await client.request('evict', { url: model.url }); // make room for the next one
        const total = (p: Phases): number => p.startup + p.load + p.preprocess + p.inference;
        const p = summarize(plain.map(total));
        const b = summarize(best.map(total));
        rows.push({
          model: model.name,
          series: model.name.split('_')[0]!,
          input: model.inputShape.slice(1, 3).join('x'),
          megabytes: +(model.bytes / 2 ** 20).toFixed(0),
          plain_total_ms: +p.median.toFixed(0),
          plain_load_ms: +summarize(plain.map((x) => x.load)).median.toFixed(0),
          best_total_ms: +b.median.toFixed(0),
          best_load_ms: +summarize(best.map((x) => x.load)).median.toFixed(1),
          inference_ms: +summarize(best.map((x) => x.inference)).median.toFixed(0),
          compute_share_plain: +(
            summarize(plain.map((x) => x.inference)).median / p.median
          ).toFixed(3),
          compute_share_trims: +(summarize(best.map((x) => x.inference)).median / b.median).toFixed(
            3,
          ),
          best_speedup: +(p.median / b.median).toFixed(2),
          load_speedup: +(
            summarize(plain.map((x) => x.load)).median / summarize(best.map((x) => x.load)).median
          ).toFixed(0),
        });
      }
    } finally {
      client.close();
    }
  });
  writeResults('large', rows, {
    method: `${LARGE_REPETITIONS} fresh processes per model and mode, median; best case (model in the host tier); page cache warm`,
    pageCache: 'warm',
    limit: `models up to ${(largeVariants().limitBytes / 2 ** 30).toFixed(1)} GiB (a sixth of this machine's memory)`,
  });
}
