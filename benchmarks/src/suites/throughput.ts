/**
 * A function workload: a stream of invocations, each a fresh process that
 * loads one model and runs it, the model drawn from a popularity
 * distribution over a catalog larger than the host budget, with concurrent
 * workers. Plain framework, TrIMS with each eviction policy, and a
 * persistent-model server (every model loaded, in each worker).
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as readline from 'node:readline';

import { pssBytes, invoke } from '../harness/processes';
import { Distribution, popularity, seededRandom } from '../harness/popularity';
import { SuiteOptions, withDaemon, zoo, ZooModel } from '../harness/context';
import { writeResults } from '../output';
import { percentile } from '../stats';

const CATALOG = [
  'squeezenet1_1',
  'squeezenet1_0',
  'mobilenet_v1',
  'mobilenet_v2',
  'googlenet',
  'densenet121',
  'resnet18',
  'nin',
  'resnet34',
  'inception_v3',
  'resnet50',
  'xception',
];
const WORKERS = 2;

async function stream(
  count: number,
  next: () => number,
  run: (model: number) => Promise<number>,
): Promise<{ perSecond: number; p50: number; p99: number }> {
  const queue = Array.from({ length: count }, next);
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: WORKERS }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift())
        latencies.push(await run(item));
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    perSecond: count / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

async function persistentServer(
  models: ZooModel[],
  count: number,
  next: () => number,
): Promise<{ perSecond: number; p50: number; p99: number; pssMiB: number }> {
  const servers = await Promise.all(
    Array.from({ length: WORKERS }, () => {
      const child = spawn(
        process.execPath,
        [
          path.join(__dirname, '..', 'workers', 'serve-all.js'),
          JSON.stringify(models.map((m) => ({ url: m.url, inputShape: m.inputShape }))),
        ],
        {
          env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' },
          stdio: ['pipe', 'pipe', 'inherit'],
        },
      );
      const lines = readline.createInterface({ input: child.stdout! });
      return new Promise<{ child: typeof child; lines: typeof lines }>((resolve) =>
        lines.once('line', () => resolve({ child, lines })),
      );
    }),
  );
  const idle = [...servers];
  const result = await stream(count, next, async (model) => {
    const server = idle.shift()!;
    const started = performance.now();
    await new Promise<void>((resolve) => {
      server.lines.once('line', () => resolve());
      server.child.stdin!.write(`${model}\n`);
    });
    idle.push(server);
    return performance.now() - started;
  });
  const pss = servers.reduce((sum, s) => sum + pssBytes(s.child.pid!), 0);
  servers.forEach((s) => s.child.kill('SIGKILL'));
  return { ...result, pssMiB: pss / 2 ** 20 };
}

export async function throughputSuite(options: SuiteOptions): Promise<void> {
  const models = zoo(options.quick ? CATALOG.slice(0, 8) : CATALOG);
  const catalogBytes = models.reduce((sum, m) => sum + m.bytes, 0);
  const hostBudget = Math.floor(catalogBytes * 0.4);
  const invocations = options.quick ? 24 : 80;
  const distributions: Distribution[] = options.quick
    ? ['zipf']
    : ['uniform', 'zipf', 'exponential'];
  const rows: Array<Record<string, string | number>> = [];
  for (const distribution of distributions) {
    const configs: Array<{ config: string; policy?: string }> = [
      { config: 'plain' },
      ...['lru', 'lfu', 'fifo', 'gdsf'].map((policy) => ({ config: `trims-${policy}`, policy })),
      { config: 'persistent server' },
    ];
    for (const { config, policy } of configs) {
      const next = popularity(distribution, models.length, seededRandom(7));
      let result: { perSecond: number; p50: number; p99: number; pssMiB?: number };
      let evictions = 0;
      if (config === 'persistent server') {
        result = await persistentServer(models, invocations, next);
      } else {
        result = await withDaemon(
          ['--host-budget', String(hostBudget), '--policy', policy ?? 'lru'],
          async (daemon) => {
            const measured = await stream(
              invocations,
              next,
              async (i) =>
                (
                  await invoke(
                    policy ? 'trims' : 'plain',
                    models[i]!.url,
                    models[i]!.inputShape,
                    daemon.socketPath,
                  )
                ).endToEnd,
            );
            const client = await daemon.client();
            evictions = Number((await client.request('stats', {})).reply.evictions);
            client.close();
            return measured;
          },
        );
      }
      rows.push({
        distribution,
        config,
        invocations_per_second: +result.perSecond.toFixed(2),
        p50_ms: +result.p50.toFixed(0),
        p99_ms: +result.p99.toFixed(0),
        evictions,
        memory_mib: result.pssMiB === undefined ? '' : +result.pssMiB.toFixed(0),
      });
      options.tick(`${distribution} ${config}`);
    }
  }
  writeResults('throughput', rows, {
    method:
      `${invocations} invocations per configuration, ${WORKERS} concurrent workers; each invocation a fresh process (start-up, load, one inference); ` +
      `catalog of ${models.length} models (${(catalogBytes / 2 ** 20).toFixed(0)} MiB), host budget 40% of it (${(hostBudget / 2 ** 20).toFixed(0)} MiB); ` +
      `the persistent server keeps every model loaded in each of its ${WORKERS} workers (memory: their total PSS)`,
    catalog: models.map((m) => m.name),
  });
}
