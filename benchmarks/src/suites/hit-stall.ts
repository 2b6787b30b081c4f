/**
 * Hits while another client's cold open converts a large model: the
 * daemon's event loop must do bookkeeping only, so a hit's latency during
 * a cold conversion stays near its idle latency.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';

import { closeFd } from '@trims/native-cuda';
import { TrimsClient } from '@trims/protocol';

import { SuiteOptions, withDaemon, zoo } from '../harness/context';
import { writeResults } from '../output';

const DIR = path.join(os.tmpdir(), 'trims-bench-stall');
const SHARD = 4 << 20;
const GIGABYTE = 1e9;

/** A graph model of one float32 weight of `bytes`, in 4 MiB shards (kept between runs). */
function bigModel(bytes: number): string {
  const dir = path.join(DIR, `${bytes}`);
  const modelJson = path.join(dir, 'model.json');
  if (fs.existsSync(modelJson)) return modelJson;
  fs.mkdirSync(dir, { recursive: true });
  const values = Math.floor(bytes / 4);
  const paths: string[] = [];
  for (let at = 0, i = 0; at < values * 4; at += SHARD, i++) {
    const name = `group1-shard${i + 1}.bin`;
    const size = Math.min(SHARD, values * 4 - at);
    fs.writeFileSync(path.join(dir, name), Buffer.alloc(size, i % 251));
    paths.push(name);
  }
  fs.writeFileSync(
    modelJson,
    JSON.stringify({
      format: 'graph-model',
      modelTopology: {
        node: [{ name: 'w', op: 'Const', attr: { dtype: { type: 'DT_FLOAT' } } }],
      },
      weightsManifest: [{ paths, weights: [{ name: 'w', shape: [values], dtype: 'float32' }] }],
    }),
  );
  return modelJson;
}

function percentiles(samples: number[]): { p50: number; p99: number; max: number; n: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number): number =>
    sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
  return {
    p50: +at(50).toFixed(2),
    p99: +at(99).toFixed(2),
    max: +at(100).toFixed(2),
    n: sorted.length,
  };
}

/** Open+Close of a hot model, every 2 ms, until `until` resolves; the latency of each Open. */
async function hitWhile(
  client: TrimsClient,
  url: string,
  until: Promise<unknown>,
): Promise<number[]> {
  let done = false;
  void until.finally(() => (done = true));
  const latencies: number[] = [];
  while (!done) {
    const started = performance.now();
    const { reply, fds } = await client.request('open', { url });
    latencies.push(performance.now() - started);
    fds.forEach(closeFd);
    await client.request('close', { handle: reply.handle! });
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return latencies;
}

export const HIT_STALL_SIZES = [0.5, 1.5, 3];

/** The daemon's longest event-loop delay since the previous scrape, in ms (its own stall, apart from the machine's load). */
async function loopDelayMs(port: number): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  return +(Number(/^trims_event_loop_delay_max_seconds (\S+)$/m.exec(text)![1]) * 1000).toFixed(2);
}

export async function hitStallSuite(options: SuiteOptions): Promise<void> {
  const [hot] = zoo(['squeezenet1_1']);
  const rows: Array<Record<string, string | number>> = [];
  const flags = ['--host-budget', '8GiB', '--disk-budget', '16GiB', '--metrics-port', '0'];
  await withDaemon(flags, async (daemon) => {
    const port = Number(/"metricsPort":(\d+)/.exec(daemon.logs)![1]);
    const hitter = await daemon.client();
    const converter = await daemon.client();
    await hitter.request('preload', { url: hot!.url });
    for (const gigabytes of HIT_STALL_SIZES) {
      const url = `file://${bigModel(gigabytes * GIGABYTE)}`;
      const idle = percentiles(
        await hitWhile(hitter, hot!.url, new Promise((resolve) => setTimeout(resolve, 3000))),
      );
      const idleLoop = await loopDelayMs(port);
      const started = performance.now();
      const cold = converter.request('open', { url }).then(({ reply, fds }) => {
        fds.forEach(closeFd);
        return converter.request('close', { handle: reply.handle! });
      });
      const busy = percentiles(await hitWhile(hitter, hot!.url, cold));
      await cold;
      const coldSeconds = (performance.now() - started) / 1000;
      const busyLoop = await loopDelayMs(port);
      await converter.request('evict', { all: true });
      rows.push({
        model_gb: gigabytes,
        cold_open_s: +coldSeconds.toFixed(2),
        idle_p50_ms: idle.p50,
        idle_p99_ms: idle.p99,
        idle_max_ms: idle.max,
        busy_p50_ms: busy.p50,
        busy_p99_ms: busy.p99,
        busy_max_ms: busy.max,
        busy_hits: busy.n,
        p99_ratio: +(busy.p99 / idle.p99).toFixed(2),
        idle_loop_delay_max_ms: idleLoop,
        busy_loop_delay_max_ms: busyLoop,
      });
      options.tick(`${gigabytes} GB`);
    }
    hitter.close();
    converter.close();
  });
  writeResults('hit-stall', rows, {
    method:
      'one client opens and closes a hot 4.8 MB model (squeezenet1_1, a host hit) every 2 ms: for 3 s idle, then while another client cold-opens a synthetic model of the given size from local files (fetch, hash, decode, segment fill in a worker thread; write-behind to disk); all clients in one process, the daemon in another',
    load: os.loadavg().map((l) => +l.toFixed(1)),
  });
}
