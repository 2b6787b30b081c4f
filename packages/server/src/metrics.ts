import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';

import { Counter, Gauge, Registry } from 'prom-client';

import type { ModelManager } from './model-manager';

/** Scrapers connected at once; more are closed as they come. */
export const METRICS_CONNECTIONS = 16;

/** Prometheus text on 127.0.0.1:<port>/metrics (loopback only). Port 0 picks a free one. */
export async function startMetrics(
  port: number,
  manager: ModelManager,
  connections: () => number,
): Promise<{ port: number; close: () => Promise<void> }> {
  const registry = new Registry();
  const counters = manager.counters;
  for (const [name, help, read] of [
    ['trims_opens_total', 'Open requests', () => counters.opens],
    ['trims_hits_total', 'Opens served from gpu or host memory', () => counters.hits],
    ['trims_misses_total', 'Opens that needed disk or the remote source', () => counters.misses],
    ['trims_fetches_total', 'Models read from their remote source', () => counters.fetches],
    ['trims_evictions_total', 'Models evicted from a tier', () => counters.evictions],
    ['trims_private_loads_total', 'Opens answered LOAD_PRIVATELY', () => counters.privateLoads],
  ] as const) {
    new Counter({
      name,
      help,
      registers: [registry],
      collect(): void {
        this.reset();
        this.inc(read());
      },
    });
  }
  new Gauge({
    name: 'trims_connections',
    help: 'Connected clients',
    registers: [registry],
    collect(): void {
      this.set(connections());
    },
  });
  new Gauge({
    name: 'trims_references',
    help: 'Live client references to models',
    registers: [registry],
    collect(): void {
      this.set(manager.entries().reduce((sum, e) => sum + e.refs, 0));
    },
  });
  new Gauge({
    name: 'trims_tier_bytes',
    help: 'Bytes held and budgeted per tier',
    labelNames: ['tier', 'kind'],
    registers: [registry],
    collect(): void {
      for (const tier of [manager.host, manager.disk, manager.gpu]) {
        if (tier === undefined) continue;
        this.set({ tier: tier.name, kind: 'used' }, tier.budget.used);
        this.set({ tier: tier.name, kind: 'budget' }, tier.budget.budget);
      }
    },
  });
  new Gauge({
    name: 'trims_converting_bytes',
    help: 'Bytes reserved by conversions in flight (within the host budget, or one alone)',
    registers: [registry],
    collect(): void {
      this.set(manager.convertingBytes);
    },
  });
  new Gauge({
    name: 'trims_tier_degraded',
    help: '1 while a tier is degraded (its last write failed; models stay in the tiers above)',
    labelNames: ['tier'],
    registers: [registry],
    collect(): void {
      this.set({ tier: 'disk' }, manager.disk.degraded === undefined ? 0 : 1);
    },
  });
  new Counter({
    name: 'trims_disk_write_errors_total',
    help: 'Disk tier writes that failed (their partial files removed)',
    registers: [registry],
    collect(): void {
      this.reset();
      this.inc(manager.disk.writeErrors);
    },
  });
  new Counter({
    name: 'trims_catalog_errors_total',
    help: 'Catalog database reads and writes that failed (a full disk): served without them',
    registers: [registry],
    collect(): void {
      this.reset();
      this.inc(manager.catalogErrors);
    },
  });
  // The longest the event loop was late since the last scrape: the daemon's own stall, whatever the machine's load.
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  new Gauge({
    name: 'trims_event_loop_delay_max_seconds',
    help: 'Longest event-loop delay since the previous scrape',
    registers: [registry],
    collect(): void {
      this.set(loop.max / 1e9);
      loop.reset();
    },
  });
  // Any local user can connect: a few connections at once, none kept idle,
  // so that they cannot take the fds the daemon needs for its clients.
  const server = http.createServer(
    { requestTimeout: 5_000, headersTimeout: 5_000, connectionsCheckingInterval: 1_000 },
    (request, response) => {
      if (request.url !== '/metrics') {
        response.writeHead(404).end('see /metrics\n');
        return;
      }
      registry
        .metrics()
        .then((text) => response.writeHead(200, { 'content-type': registry.contentType }).end(text))
        .catch((error: Error) => response.writeHead(500).end(error.message));
    },
  );
  server.maxConnections = METRICS_CONNECTIONS;
  server.keepAliveTimeout = 1_000;
  server.setTimeout(5_000, (socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise((resolve) => {
        loop.disable();
        server.close(() => resolve());
      }),
  };
}
