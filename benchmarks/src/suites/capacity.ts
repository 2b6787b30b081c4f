/** Daemon capacity: Open round trips per second and latency percentiles, 1 to 64 concurrent clients, all hits. */
import { closeFd } from '@trims/native-cuda';
import { requestWithFiles, TrimsClient } from '@trims/client';
import { performance } from 'node:perf_hooks';

import { SuiteOptions, withDaemon, zoo } from '../harness/context';
import { writeResults } from '../output';

export async function capacitySuite(options: SuiteOptions): Promise<void> {
  const [model] = zoo(['squeezenet1_1']);
  const rows: Array<Record<string, string | number>> = [];
  const seconds = options.quick ? 1.5 : 5;
  await withDaemon([], async (daemon) => {
    const warm = await daemon.client();
    await requestWithFiles(warm, 'preload', { url: model!.url });
    warm.close();
    for (const clients of [1, 4, 16, 64]) {
      const connections = await Promise.all(
        Array.from({ length: clients }, () =>
          TrimsClient.connect({ socketPath: daemon.socketPath }),
        ),
      );
      const latencies: number[] = [];
      const deadline = performance.now() + seconds * 1000;
      await Promise.all(
        connections.map(async (client) => {
          while (performance.now() < deadline) {
            const started = performance.now();
            const { reply, fds } = await requestWithFiles(client, 'open', { url: model!.url });
            latencies.push(performance.now() - started);
            fds.forEach(closeFd);
            await client.request('close', { handle: reply.handle! });
          }
        }),
      );
      connections.forEach((c) => c.close());
      latencies.sort((a, b) => a - b);
      const at = (p: number): number =>
        latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!;
      rows.push({
        clients,
        opens_per_second: Math.round(latencies.length / seconds),
        p50_ms: +at(50).toFixed(3),
        p99_ms: +at(99).toFixed(3),
        p999_ms: +at(99.9).toFixed(3),
      });
      options.tick(`${clients} clients`);
    }
  });
  writeResults('capacity', rows, {
    method: `each client loops Open (a host-tier hit, fd received) then Close for ${seconds} s; all clients in one process, the daemon in another`,
  });
}
