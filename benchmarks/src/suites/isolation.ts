/**
 * The cost of isolation on a hit: what a client pays now that access is
 * proven at every Open (its own fds for file://; the origin's answer for
 * credentialed HTTP), against an Open that proves nothing (a public HTTP
 * response within its freshness: the daemon's hit path with no check,
 * which is what a file:// hit cost before, less a realpath and a stat).
 */
import { closeFd } from '@trims/native-cuda';
import { requestWithFiles, TrimsClient } from '@trims/client';
import { ModelHttpServer } from '@trims/testing';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';

import { SuiteOptions, withDaemon, zoo, ZOO_DIR } from '../harness/context';
import { writeResults } from '../output';
import { summarize } from '../stats';

const HITS = 300;

function shardCount(fileUrl: string): number {
  const json = JSON.parse(fs.readFileSync(new URL(fileUrl), 'utf8')) as {
    weightsManifest: Array<{ paths: string[] }>;
  };
  return json.weightsManifest.reduce((sum, group) => sum + group.paths.length, 0);
}

async function timeHits(
  client: TrimsClient,
  url: string,
  headers: Record<string, string>,
): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < HITS + 20; i++) {
    const started = performance.now();
    const { reply, fds } = await requestWithFiles(client, 'open', { url, options: { headers } });
    const elapsed = performance.now() - started;
    fds.forEach(closeFd);
    await client.request('close', { handle: reply.handle! });
    if (i >= 20) times.push(elapsed); // the first ones warm the caches
  }
  return times;
}

export async function isolationSuite(options: SuiteOptions): Promise<void> {
  const models = zoo(['squeezenet1_1', 'resnet50']);
  const http = await new ModelHttpServer(ZOO_DIR).start();
  const rows: Array<Record<string, string | number>> = [];
  try {
    await withDaemon([], async (daemon) => {
      const client = await TrimsClient.connect({ socketPath: daemon.socketPath });
      try {
        for (const model of models) {
          const name = path.basename(path.dirname(new URL(model.url).pathname));
          const cases: Array<[string, string, Record<string, string>]> = [
            ['open, no proof (public HTTP, fresh)', http.url(`${name}/model.json`), {}],
            ['file:// with the client’s fds', model.url, {}],
            [
              'HTTP with revalidation (credentialed: 304 per response)',
              http.url(`auth/${name}/model.json`),
              { authorization: 'Bearer sesame' },
            ],
          ];
          const medians: number[] = [];
          for (const [kind, url, headers] of cases) {
            const times = await timeHits(client, url, headers);
            const stats = summarize(times);
            medians.push(stats.median);
            rows.push({
              model: name,
              shards: shardCount(model.url),
              hit: kind,
              median_ms: +stats.median.toFixed(3),
              p90_ms: +[...times].sort((a, b) => a - b)[Math.floor(times.length * 0.9)]!.toFixed(3),
              extra_ms: +(stats.median - medians[0]!).toFixed(3),
            });
            options.tick(`${name}: ${kind}`);
          }
        }
      } finally {
        client.close();
      }
    });
  } finally {
    await http.close();
  }
  writeResults('isolation', rows, {
    method: `${HITS} hits per row after 20 warm-up ones, one client connection, Open then Close, time to the Open's reply with its fd (file://: including opening model.json and the shards, reading and parsing model.json); the origin is a loopback HTTP server answering conditional requests with 304`,
  });
}
