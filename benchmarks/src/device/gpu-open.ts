/**
 * The gpu tier on real silicon, without TensorFlow (the device machine has
 * no GPU build of libtensorflow): per model, the least a private load pays
 * to put its weights on the device (read the shards, allocate, copy host ->
 * device) against a TrIMS gpu-tier hit (Open, map the metadata, import and
 * map the daemon's allocation), both in one process with CUDA initialized,
 * plus the daemon's promotion (host -> gpu, the first gpu Open) and the CUDA
 * start-up every fresh process pays either way.
 *
 *   node benchmarks/dist/src/device/gpu-open.js [MODEL...] > gpu-open.json
 *
 * Run by native-cuda/gpu-check/on-device.sh. One JSON object on stdout.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { requestWithFiles, TrimsClient } from '@trims/client';
import {
  closeFd,
  cuda,
  DeviceAllocation,
  DeviceMapping,
  mapReadOnly,
  unmap,
} from '@trims/native-cuda';
import { readContents } from '@trims/protocol';
import { Daemon, modelJsonPath, tempDir, writeTinyModel, zooModel } from '@trims/testing';

import { summarize } from '../stats';

const REPETITIONS = 5;

function millis(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e6;
}

function median(values: number[]): number {
  return Math.round(summarize(values).median * 1000) / 1000;
}

/** Reads every shard and copies it to a fresh device allocation: the floor of a private load's weight upload. */
function privateUpload(modelJson: string): number {
  const started = process.hrtime.bigint();
  const manifest = (
    JSON.parse(fs.readFileSync(modelJson, 'utf8')) as {
      weightsManifest: Array<{ paths: string[] }>;
    }
  ).weightsManifest;
  const shards = manifest.flatMap((group) =>
    group.paths.map((p) => fs.readFileSync(path.join(path.dirname(modelJson), p))),
  );
  const allocation = DeviceAllocation.allocate(shards.reduce((sum, s) => sum + s.length, 0));
  let offset = 0;
  for (const shard of shards) {
    allocation.write(shard, offset);
    offset += shard.length;
  }
  const elapsed = millis(started);
  allocation.release();
  return elapsed;
}

/** One gpu-tier Open made usable: the metadata parsed and the allocation mapped. */
async function gpuHit(client: TrimsClient, url: string): Promise<{ ms: number; handle: number }> {
  const started = process.hrtime.bigint();
  const { reply, fds } = await requestWithFiles(client, 'open', { url, device: 'gpu:0' });
  if (fds.length !== 2) throw new Error(`${url}: served from tier ${reply.tier}, not the gpu`);
  const metadata = mapReadOnly(fds[0]!);
  readContents(new Uint8Array(metadata), 'gpu', Number(reply.segmentBytes));
  unmap(metadata);
  const mapping = DeviceMapping.import(fds[1]!, Number(reply.gpuAllocationBytes));
  const ms = millis(started);
  fds.forEach(closeFd);
  mapping.release();
  return { ms, handle: reply.handle! };
}

/** A fresh process's CUDA start-up (driver, context, first allocation): both ways pay it. */
function cudaStartMs(): number {
  const script = `const n = require(${JSON.stringify(require.resolve('@trims/native-cuda'))});
    const t = process.hrtime.bigint(); n.DeviceAllocation.allocate(1).release();
    process.stdout.write(String(Number(process.hrtime.bigint() - t) / 1e6));`;
  const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`CUDA start-up probe failed: ${run.stderr}`);
  return Number(run.stdout);
}

async function measure(name: string): Promise<Record<string, number | string>> {
  const url = modelJsonPath(zooModel(name, 1));
  const daemon = await Daemon.start(['--gpu-budget', '32GiB']);
  const client = await daemon.client();
  try {
    // The daemon's own CUDA start-up, out of the promotion's time: a tiny model goes first.
    const tiny = writeTinyModel(path.join(tempDir('trims-gpu-open-'), 'tiny'), 1).modelJson;
    await client.request('close', { handle: (await gpuHit(client, tiny)).handle });
    let started = process.hrtime.bigint();
    const host = await requestWithFiles(client, 'open', { url });
    const coldHostMs = millis(started);
    host.fds.forEach(closeFd);
    await client.request('close', { handle: host.reply.handle! });
    started = process.hrtime.bigint();
    const promoted = await gpuHit(client, url);
    const promotionMs = millis(started);
    await client.request('close', { handle: promoted.handle });
    const hits: number[] = [];
    const uploads: number[] = [];
    for (let i = 0; i < REPETITIONS; i++) {
      const hit = await gpuHit(client, url);
      hits.push(hit.ms);
      await client.request('close', { handle: hit.handle });
      uploads.push(privateUpload(url));
    }
    const bytes = Number(host.reply.segmentBytes);
    return {
      model: name,
      megabytes: Math.round(bytes / 1e5) / 10,
      coldHostMs: Math.round(coldHostMs),
      promotionMs: Math.round(promotionMs),
      privateUploadMs: median(uploads),
      gpuHitMs: median(hits),
      speedup: Math.round((median(uploads) / median(hits)) * 10) / 10,
    };
  } finally {
    client.close();
    await daemon.stop();
  }
}

async function main(): Promise<void> {
  const status = cuda.status();
  if (!status.available) throw new Error(`CUDA is unavailable: ${status.reason}`);
  const models = process.argv.slice(2);
  const rows = [];
  for (const name of models.length > 0 ? models : ['resnet50']) {
    rows.push(await measure(name));
    process.stderr.write(`gpu-open: ${JSON.stringify(rows[rows.length - 1])}\n`);
  }
  const starts = [0, 1, 2].map(cudaStartMs);
  process.stdout.write(
    JSON.stringify(
      { device: cuda.devices()[0], driver: status, cudaStartMs: median(starts), rows },
      null,
      2,
    ) + '\n',
  );
}

main().catch((error: Error) => {
  process.stderr.write(`gpu-open: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
