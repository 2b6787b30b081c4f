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
  const value = Number(text);
  if (!(value > 0 && value <= 1)) throw new Error(`${what} "${text}" is not a fraction in (0, 1]`);
  return value;
}

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
  const policy = (options.policy ?? env.TRIMS_POLICY ?? 'lru') as PolicyName;
  if (!POLICY_NAMES.includes(policy))
    throw new Error(`policy "${policy}" is not one of ${POLICY_NAMES.join(', ')}`);
  const hostBudget = parseSize(
    options.hostBudget ?? env.TRIMS_HOST_BUDGET ?? String(Math.floor(os.totalmem() / 4)),
    'host budget',
  );
  const diskBudget = parseSize(
    options.diskBudget ?? env.TRIMS_DISK_BUDGET ?? '20GiB',
    'disk budget',
  );
  /** A positive integer from the environment variable `name`, or the default. */
  const fromEnv = (name: string, fallback: number): number => numberFrom(env[name], fallback, name);
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
    gpuBudget: parseSize(options.gpuBudget ?? env.TRIMS_GPU_BUDGET ?? '0', 'gpu budget'),
    diskBudget,
    pinQuota: parseSize(
      options.pinQuota ?? env.TRIMS_PIN_QUOTA ?? String(Math.floor(hostBudget / 4)),
      'pin quota',
    ),
    uidShare: fractionFrom(options.uidShare ?? env.TRIMS_UID_SHARE, 0.5, 'uid share'),
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
      connectMs: fromEnv('TRIMS_ORIGIN_CONNECT_TIMEOUT_MS', 10_000),
      headersMs: fromEnv('TRIMS_ORIGIN_HEADERS_TIMEOUT_MS', 30_000),
      idleMs: fromEnv('TRIMS_ORIGIN_IDLE_TIMEOUT_MS', 30_000),
      totalMs: fromEnv('TRIMS_ORIGIN_TOTAL_TIMEOUT_MS', 15 * 60_000),
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
    helloTimeoutMs: fromEnv('TRIMS_HELLO_TIMEOUT_MS', 10_000),
    peerStallMs: fromEnv('TRIMS_PEER_STALL_MS', 60_000),
    maxFrame: MAX_REQUEST_FRAME,
  };
}
