#!/usr/bin/env node
/**
 * The gpu tier's orchestration cost: open -> ready model through the gpu
 * tier against the host tier, each in a fresh client process, and the
 * first open of a model not yet on the device (host -> gpu promotion).
 * Without a GPU it runs on the CUDA driver stand-in (TRIMS_CUDA_DRIVER=standin),
 * whose "device" is host memory: it measures the daemon and client work
 * (export, import, map, tensors over the mapping), not the device.
 *
 *   node benchmarks/dist/src/gpu-tier.js [--append]   (--append: REPORT.md's last section)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { cuda } from '@trims/native-cuda';
import { Tier } from '@trims/protocol';
import { ask } from '@trims/testing';

import { withDaemon, zoo, ZooModel } from './harness/context';
import { invoke, Phases } from './harness/processes';
import { summarize } from './stats';

process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';

const MODELS = ['squeezenet1_1', 'resnet18', 'resnet50'];
const REPETITIONS = 5;
const HEADING = '## GPU tier (CUDA VMM)';
const REPORT = path.resolve(__dirname, '..', '..', 'REPORT.md');

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

function section(rows: Row[], driver: string, standIn: boolean): string {
  const columns = Object.keys(rows[0]!) as Array<keyof Row>;
  return [
    HEADING,
    '',
    standIn
      ? `Measured on the CUDA driver stand-in (${driver}): there is no GPU on this machine, so the "device" is host memory and these numbers are the orchestration cost only: the daemon exporting the allocation fd, the client importing, reserving, mapping read-only and building tensors over the mapping. **Device numbers (import+map latency of a real block, host-to-device bandwidth) come only from a real GPU**: run \`native-cuda/gpu-check/run.sh\` on one; native-cuda/README.md records its runs.`
      : `Measured on a real GPU (${driver}).`,
    '',
    `Method: one daemon per model with \`--gpu-budget 4GiB\`; the model is loaded once on the host tier, then once with TRIMS_DEVICE=gpu:0 (promotionLoadMs: the host -> gpu upload inside the open), then ${REPETITIONS} times each through the host tier and the gpu tier, alternating, each in a fresh client process. LoadMs is open -> ready tf.GraphModel (medians); FirstPredictMs is the first inference after it. On the stand-in the gpu path is not slower than the host path for the larger models; a likely cause (not isolated) is that the host path maps the segment as one external ArrayBuffer reported to V8, which the device path does not make. Timings are from a shared 2-core machine; read the ratios, not the milliseconds. Produced by \`node benchmarks/dist/src/gpu-tier.js --append\`.`,
    '',
    `| ${columns.join(' | ')} |`,
    `|${columns.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${columns.map((c) => String(row[c])).join(' | ')} |`),
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const status = cuda.status();
  if (!status.available) {
    console.error(
      `gpu-tier: CUDA is unavailable (${status.reason?.split('\n')[0]}); set TRIMS_CUDA_DRIVER=standin to measure the orchestration without a GPU`,
    );
    process.exitCode = 3;
    return;
  }
  const rows: Row[] = [];
  for (const model of zoo(MODELS)) {
    rows.push(await measure(model));
    console.error(`gpu-tier: ${model.name} done`);
  }
  const text = section(
    rows,
    status.standIn ?? `${status.library} ${status.driverVersion}`,
    !!status.standIn,
  );
  process.stdout.write(text);
  if (process.argv.includes('--append')) {
    const report = fs.readFileSync(REPORT, 'utf8');
    const at = report.indexOf(HEADING);
    const kept = (at >= 0 ? report.slice(0, at) : report).trimEnd();
    fs.writeFileSync(REPORT, `${kept}\n\n${text}`);
  }
}

main().catch((error: Error) => {
  console.error(`gpu-tier: ${error.stack}`);
  process.exitCode = 1;
});
