import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

import { filesFor, listModels, TrimsClient } from '@trims/client';
import { formatSize, IModelInfo, Tier, tierFromName, tierName, v1 } from '@trims/protocol';

import { printable } from './printable';

export interface ClientOptions {
  socket?: string;
}

async function withClient<T>(
  options: ClientOptions,
  use: (client: TrimsClient) => Promise<T>,
): Promise<T> {
  const client = await TrimsClient.connect({
    ...(options.socket ? { socketPath: options.socket } : {}),
    client: 'trims cli',
  });
  try {
    return await use(client);
  } finally {
    client.close();
  }
}

/** The JSON form of `trims status` (bytes as numbers, lastUsed in epoch milliseconds). */
export interface StatusJson {
  models: Array<{
    url: string;
    urls: string[];
    /** URLs the daemon did not show (a listing shows 16 KiB of them per model). */
    moreUrls: number;
    digest: string;
    tier: string;
    bytes: number;
    refs: number;
    hits: number;
    pinned: boolean;
    lastUsed: number;
  }>;
  /** degraded: why the tier's last write failed ('' when healthy). */
  tiers: Record<'gpu' | 'host' | 'disk', { used: number; budget: number; degraded: string }>;
  /** The gpu tier's CUDA driver ('' when the tier is disabled), and whether clients map it read-only. */
  gpu: { driver: string; readOnly: boolean };
}

/** A URL as given, or a path (relative ones from the working directory) as its file:// URL. */
function asUrl(arg: string): string {
  return /^[a-z][a-z0-9+.-]*:/i.test(arg) ? arg : pathToFileURL(path.resolve(arg)).href;
}

function usageOf(tier: v1.ITierUsage | null | undefined): StatusJson['tiers']['host'] {
  return {
    used: Number(tier?.used ?? 0),
    budget: Number(tier?.budget ?? 0),
    degraded: tier?.degraded ?? '',
  };
}

export async function status(options: ClientOptions & { json?: boolean }): Promise<void> {
  const reply = await withClient(options, listModels);
  const tiers = reply.tiers ?? {};
  const json: StatusJson = {
    models: reply.models.map((m: IModelInfo) => ({
      url: m.urls?.[0] ?? '',
      urls: m.urls ?? [],
      moreUrls: m.moreUrls ?? 0,
      digest: m.digest ?? '',
      tier: tierName(m.tier) ?? 'remote',
      bytes: Number(m.bytes ?? 0),
      refs: m.refs ?? 0,
      hits: Number(m.hits ?? 0),
      pinned: m.pinned ?? false,
      lastUsed: Number(m.lastUsedMs ?? 0),
    })),
    tiers: {
      gpu: usageOf(tiers.gpu),
      host: usageOf(tiers.host),
      disk: usageOf(tiers.disk),
    },
    gpu: { driver: reply.gpuDriver ?? '', readOnly: reply.gpuReadOnly ?? false },
  };
  if (options.json) {
    console.log(JSON.stringify(json, null, 2));
    return;
  }
  for (const [name, usage] of Object.entries(json.tiers)) {
    console.log(
      `${name.padEnd(5)} ${formatSize(usage.used).padStart(10)} of ${usage.budget ? formatSize(usage.budget) : 'disabled'}${usage.degraded ? `  DEGRADED: ${printable(usage.degraded)}` : ''}`,
    );
  }
  if (json.gpu.driver)
    console.log(
      `gpu driver: ${printable(json.gpu.driver)}; clients map it ${json.gpu.readOnly ? 'read-only' : 'READ-WRITE (the driver refuses read-only)'}`,
    );
  console.log('');
  console.log(
    `${'tier'.padEnd(5)} ${'size'.padStart(10)} ${'refs'.padStart(5)} ${'hits'.padStart(6)} ${'pin'.padEnd(3)} ${'last use'.padEnd(19)} digest        url`,
  );
  for (const m of json.models) {
    const date = new Date(m.lastUsed);
    const when =
      m.lastUsed && Number.isFinite(date.getTime())
        ? date.toISOString().slice(0, 19).replace('T', ' ')
        : '-';
    console.log(
      `${m.tier.padEnd(5)} ${formatSize(m.bytes).padStart(10)} ${String(m.refs).padStart(5)} ${String(m.hits).padStart(6)} ${(m.pinned ? 'yes' : '').padEnd(3)} ${when.padEnd(19)} ${printable(m.digest.slice(0, 12))}  ${m.urls.map(printable).join(', ')}${m.moreUrls ? ` (and ${m.moreUrls} more)` : ''}`,
    );
  }
  if (json.models.length === 0) console.log('(no models)');
}

export async function preload(
  url: string,
  options: ClientOptions & { tier?: string; pin?: boolean },
): Promise<void> {
  const tier = options.tier ?? 'host';
  if (tier !== 'host' && tier !== 'gpu')
    throw new Error(`preload --tier takes host or gpu, not ${JSON.stringify(tier)}`);
  const target = asUrl(url);
  const files = filesFor(target); // opened as the caller: the daemon lends only what we can read
  const { reply } = await withClient(options, (client) =>
    client.request(
      'preload',
      {
        url: target,
        tier: tierFromName(tier),
        pin: options.pin ?? false,
        attachedFiles: files.fds.length,
      },
      { fds: files.fds },
    ),
  ).finally(files.close);
  console.log(
    `${url}: ${tierName(reply.tier)} (${formatSize(Number(reply.bytes))}, digest ${reply.digest?.slice(0, 12)})${options.pin ? ', pinned' : ''}`,
  );
}

export async function evict(
  url: string | undefined,
  options: ClientOptions & { all?: boolean; tier?: string },
): Promise<void> {
  if (!options.all && url === undefined) throw new Error('evict needs a URL or --all');
  const target = options.all ? { all: true } : { url: asUrl(url!) };
  const tier = options.tier === undefined ? Tier.TIER_UNSPECIFIED : tierFromName(options.tier);
  const { reply } = await withClient(options, (client) =>
    client.request('evict', { ...target, tier }),
  );
  console.log(
    `evicted ${reply.evictedCount ?? 0} model(s)${reply.keptCount ? `; kept ${reply.keptCount} (held, pinned or used by another uid)` : ''}`,
  );
}
