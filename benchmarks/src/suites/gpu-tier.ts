/**
 * The gpu tier's orchestration cost: open -> ready model through the gpu
 * tier against the host tier, each in a fresh client process, and the
 * first open of a model not yet on the device (host -> gpu promotion).
 * Without a GPU it runs on the CUDA driver stand-in (TRIMS_CUDA_DRIVER=standin),
 * whose "device" is host memory: it measures the daemon and client work
 * (export, import, map, tensors over the mapping), not the device.
 * `npm run bench -- gpu-tier` (runs only when named).
 */
import { cuda } from '@trims/native-cuda';
import { Tier } from '@trims/protocol';
import { ask } from '@trims/testing';

import { SuiteOptions, withDaemon, zoo, ZooModel } from '../harness/context';
import { invoke, Phases } from '../harness/processes';
import { writeResults } from '../output';
import { summarize } from '../stats';

export const GPU_TIER_MODELS = ['squeezenet1_1', 'resnet18', 'resnet50'];
const REPETITIONS = 5;

interface Row {
  model: string;
  megabytes: number;
  hostLoadMs: number;
  gpuLoadMs: number;
  gpuOverHost: number;
  promotionLoadMs: number;
  hostFirstPredictMs: number;
  gpuFirstPredictMs: number;
}

function onDevice(device: string, run: () => Promise<Phases>): Promise<Phases> {
  process.env.TRIMS_DEVICE = device;
  return run();
}

async function measure(model: ZooModel): Promise<Row> {
  return withDaemon(['--gpu-budget', '4GiB'], async (daemon) => {
    const once = (device: string): Promise<Phases> =>
      onDevice(device, () => invoke('trims', model.url, model.inputShape, daemon.socketPath));
    await once('cpu'); // fetched and converted: in the host tier now
    const promotion = await once('gpu:0'); // host -> gpu, then served from the device
    const { reply } = await ask(daemon, 'list', {});
    const tiers = (reply as { models: Array<{ tiers: Tier[] }> }).models[0]!.tiers;
    if (!tiers.includes(Tier.GPU)) throw new Error(`${model.name} did not reach the gpu tier`);
    const host: Phases[] = [];
    const gpu: Phases[] = [];
    for (let i = 0; i < REPETITIONS; i++) {
      host.push(await once('cpu'));
      gpu.push(await once('gpu:0'));
    }
    const median = (phases: Phases[], key: keyof Phases): number =>
      Math.round(summarize(phases.map((p) => p[key])).median * 100) / 100;
    const hostLoadMs = median(host, 'load');
    const gpuLoadMs = median(gpu, 'load');
    return {
      model: model.name,
      megabytes: Math.round((model.bytes / 1e6) * 10) / 10,
      hostLoadMs,
      gpuLoadMs,
      gpuOverHost: Math.round((gpuLoadMs / hostLoadMs) * 100) / 100,
      promotionLoadMs: Math.round(promotion.load * 100) / 100,
      hostFirstPredictMs: median(host, 'inference'),
      gpuFirstPredictMs: median(gpu, 'inference'),
    };
  });
}

/** Runs on a GPU, or on the driver stand-in when TRIMS_CUDA_DRIVER=standin names it (never chosen silently). */
export async function gpuTierSuite(options: SuiteOptions): Promise<void> {
  const status = cuda.status();
  if (!status.available) {
    console.error(
      `gpu-tier: skipped: CUDA is unavailable (${status.reason?.split('\n')[0]}); set TRIMS_CUDA_DRIVER=standin to measure the orchestration without a GPU`,
    );
    return;
  }
  const rows: Array<Record<string, string | number>> = [];
  for (const model of zoo(GPU_TIER_MODELS)) {
    rows.push({ ...(await measure(model)) });
    options.tick(model.name);
  }
  writeResults('gpu-tier', rows, {
    driver: status.standIn ?? `${status.library} ${status.driverVersion}`,
    standIn: !!status.standIn,
    method: `one daemon per model with \`--gpu-budget 4GiB\`; the model is loaded once on the host tier, then once with TRIMS_DEVICE=gpu:0 (promotionLoadMs: the host -> gpu upload inside the open), then ${REPETITIONS} times each through the host tier and the gpu tier, alternating, each in a fresh client process. LoadMs is open -> ready tf.GraphModel (medians); FirstPredictMs is the first inference after it`,
  });
}
