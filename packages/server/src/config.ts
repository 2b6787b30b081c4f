import * as os from 'node:os';
import * as path from 'node:path';

import { defaultSocketPath, parseSize } from '@trims/protocol';

import type { ManagerConfig } from './manager-config';
import { POLICY_NAMES, PolicyName } from './policies/policy';

/** Requests are small (a URL and some headers); anything larger is refused unread. */
export const MAX_REQUEST_FRAME = 64 * 1024;

export interface ServerConfig extends ManagerConfig {
  socketPath: string;
  /** Socket mode 0660 instead of 0600: the daemon's group may connect too. */
  groupAccess: boolean;
  metricsPort: number | undefined;
  maxFrame: number;
  /** Connections one uid may hold open at once. */
  connectionsPerUid: number;
  /** Models one uid may hold open at once, across its connections. */
  handlesPerUid: number;
  /** A connection that has not said Hello by then is closed. */
  helloTimeoutMs: number;
  /** A connection waiting on a peer that reads nothing is closed after this long. */
  peerStallMs: number;
  /** At shutdown, fetches still running this long after the signal are stopped. */
  drainMs: number;
}

/** What `trims serve` takes; every flag has an environment variable. */
export interface ServeOptions {
  socket?: string;
  cacheDir?: string;
  hostBudget?: string;
  gpuBudget?: string;
  diskBudget?: string;
  policy?: string;
  metricsPort?: string;
  allowRoot?: string[];
  groupAccess?: boolean;
  pinQuota?: string;
  allowFetchFrom?: string[];
  httpFreshness?: string;
  uidShare?: string;
}

/** A fraction in (0, 1] from an option or the environment, or the default. */
function fractionFrom(text: string | undefined, fallback: number, what: string): number {
  if (text === undefined || text === '') return fallback;
  // decimal (1, 0.5, .5, 1., 5e-1): Number('0x1') is 1, Number(' 1') too
  const value = /^(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(text) ? Number(text) : NaN;
  if (!(value > 0 && value <= 1)) throw new Error(`${what} "${text}" is not a fraction in (0, 1]`);
  return value;
}

/** The longest delay a Node timer keeps (2^31 - 1 ms). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Digits as a number, anything else NaN (Number(' ') is 0, Number('0x50') 80). */
const wholeNumber = (text: string): number => (/^\d+$/.test(text) ? Number(text) : NaN);

/** A positive integer from an option or the environment (`what` names it), or the default. */
function numberFrom(text: string | undefined, fallback: number, what: string): number {
  if (text === undefined || text === '') return fallback;
  const value = wholeNumber(text);
  if (!Number.isSafeInteger(value) || value <= 0)
    throw new Error(`${what} "${text}" is not a positive whole number`);
  return value;
}

/** On or off (1/true/yes, 0/false/no or unset); anything else is named, not taken as off. */
function switchFrom(text: string | undefined, what: string): boolean {
  const value = (text ?? '').toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(value)) return true;
  if (['', '0', 'false', 'no', 'off'].includes(value)) return false;
  throw new Error(`${what} "${text}" is neither on (1, true, yes) nor off (0, false, no)`);
}

/** A TCP port (0: any free one), or none. */
function portFrom(text: string | undefined, what: string): number | undefined {
  if (text === undefined || text === '') return undefined;
  const port = wholeNumber(text);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Error(`${what} "${text}" is not a port (0 to 65535)`);
  return port;
}

export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TRIMS_CACHE_DIR) return path.resolve(env.TRIMS_CACHE_DIR);
  return path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'trims');
}

export function resolveConfig(
  options: ServeOptions,
  env: NodeJS.ProcessEnv = process.env,
): ServerConfig {
  // An empty variable is unset, as for every TRIMS_* setting; an empty flag is named.
  const policy = (options.policy ?? (env.TRIMS_POLICY || 'lru')) as PolicyName;
  if (!POLICY_NAMES.includes(policy))
    throw new Error(`--policy (TRIMS_POLICY) "${policy}" is not one of ${POLICY_NAMES.join(', ')}`);
  const hostBudget = parseSize(
    options.hostBudget ?? (env.TRIMS_HOST_BUDGET || String(Math.floor(os.totalmem() / 4))),
    '--host-budget (TRIMS_HOST_BUDGET)',
  );
  const diskBudget = parseSize(
    options.diskBudget ?? (env.TRIMS_DISK_BUDGET || '20GiB'),
    '--disk-budget (TRIMS_DISK_BUDGET)',
  );
  /** A positive integer from the environment variable `name`, or the default. */
  const fromEnv = (name: string, fallback: number): number => numberFrom(env[name], fallback, name);
  /** Milliseconds from `name`, within what a timer holds (Node fires a longer one after 1 ms). */
  const msFromEnv = (name: string, fallback: number): number => {
    const ms = fromEnv(name, fallback);
    if (ms > MAX_TIMER_MS)
      throw new Error(
        `${name} "${env[name]}" is over ${MAX_TIMER_MS} ms (24.8 days), the longest timer`,
      );
    return ms;
  };
  for (const [flag, value] of [
    ['--socket', options.socket],
    ['--cache-dir', options.cacheDir],
  ] as const)
    if (value === '') throw new Error(`${flag} is empty: give a path, or leave the flag out`);
  const metricsPort = portFrom(
    options.metricsPort ?? env.TRIMS_METRICS_PORT,
    '--metrics-port (TRIMS_METRICS_PORT)',
  );
  const roots = options.allowRoot?.length
    ? options.allowRoot
    : (env.TRIMS_ALLOW_ROOTS ?? '').split(':').filter(Boolean);
  return {
    socketPath: options.socket ? path.resolve(options.socket) : defaultSocketPath(env),
    cacheDir: options.cacheDir ? path.resolve(options.cacheDir) : defaultCacheDir(env),
    hostBudget,
    gpuBudget: parseSize(
      options.gpuBudget ?? (env.TRIMS_GPU_BUDGET || '0'),
      '--gpu-budget (TRIMS_GPU_BUDGET)',
    ),
    diskBudget,
    pinQuota: parseSize(
      options.pinQuota ?? (env.TRIMS_PIN_QUOTA || String(Math.floor(hostBudget / 4))),
      '--pin-quota (TRIMS_PIN_QUOTA)',
    ),
    uidShare: fractionFrom(
      options.uidShare ?? env.TRIMS_UID_SHARE,
      0.5,
      '--uid-share (TRIMS_UID_SHARE)',
    ),
    policy,
    metricsPort,
    allowRoots: roots.map((root) => path.resolve(root)),
    groupAccess: options.groupAccess ?? switchFrom(env.TRIMS_GROUP_ACCESS, 'TRIMS_GROUP_ACCESS'),
    allowFetchFrom: options.allowFetchFrom?.length
      ? options.allowFetchFrom
      : (env.TRIMS_ALLOW_FETCH_FROM ?? '').split(',').filter(Boolean),
    httpFreshnessMs:
      1000 *
      numberFrom(
        options.httpFreshness ?? env.TRIMS_HTTP_FRESHNESS,
        60,
        '--http-freshness (TRIMS_HTTP_FRESHNESS)',
      ),
    originTimeouts: {
      connectMs: msFromEnv('TRIMS_ORIGIN_CONNECT_TIMEOUT_MS', 10_000),
      headersMs: msFromEnv('TRIMS_ORIGIN_HEADERS_TIMEOUT_MS', 30_000),
      idleMs: msFromEnv('TRIMS_ORIGIN_IDLE_TIMEOUT_MS', 30_000),
      totalMs: msFromEnv('TRIMS_ORIGIN_TOTAL_TIMEOUT_MS', 15 * 60_000),
    },
    ingestLimits: {
      modelJsonBytes: fromEnv('TRIMS_MAX_MODEL_JSON_BYTES', 64 << 20),
      shards: fromEnv('TRIMS_MAX_SHARDS', 10_000),
      // A model larger than the largest tier could never be cached; one is converted in
      // memory, so not one larger than half of it either (unless the host tier is larger).
      totalBytes: fromEnv(
        'TRIMS_MAX_MODEL_BYTES',
        Math.min(
          Math.max(hostBudget, diskBudget),
          Math.max(hostBudget, Math.floor(os.totalmem() / 2)),
        ),
      ),
    },
    workers: {
      threads: fromEnv('TRIMS_WORKER_THREADS', 2),
      queue: 64,
    },
    coldOpensPerUid: fromEnv('TRIMS_COLD_OPENS_PER_UID', 16),
    connectionsPerUid: fromEnv('TRIMS_CONNECTIONS_PER_UID', 1024),
    handlesPerUid: fromEnv('TRIMS_HANDLES_PER_UID', 65_536),
    helloTimeoutMs: msFromEnv('TRIMS_HELLO_TIMEOUT_MS', 10_000),
    peerStallMs: msFromEnv('TRIMS_PEER_STALL_MS', 60_000),
    drainMs: msFromEnv('TRIMS_DRAIN_MS', 10_000),
    maxFrame: MAX_REQUEST_FRAME,
  };
}
