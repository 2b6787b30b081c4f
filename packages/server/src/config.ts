import * as os from 'node:os';
import * as path from 'node:path';

import { defaultSocketPath, parseSize } from '@trims/protocol';

import { ManagerConfig } from './model-manager';
import { POLICY_NAMES, PolicyName } from './policies/policy';

/** Requests are small (a URL and some headers); anything larger is refused unread. */
export const MAX_REQUEST_FRAME = 64 * 1024;

export interface ServerConfig extends ManagerConfig {
  socketPath: string;
  /** Socket mode 0660 instead of 0600: the daemon's group may connect too. */
  groupAccess: boolean;
  metricsPort: number | undefined;
  maxFrame: number;
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
  const metricsPort = options.metricsPort ?? env.TRIMS_METRICS_PORT;
  const roots = options.allowRoot?.length
    ? options.allowRoot
    : (env.TRIMS_ALLOW_ROOTS ?? '').split(':').filter(Boolean);
  return {
    socketPath: options.socket ? path.resolve(options.socket) : defaultSocketPath(env),
    cacheDir: options.cacheDir ? path.resolve(options.cacheDir) : defaultCacheDir(env),
    hostBudget,
    gpuBudget: parseSize(options.gpuBudget ?? env.TRIMS_GPU_BUDGET ?? '0', 'gpu budget'),
    diskBudget: parseSize(options.diskBudget ?? env.TRIMS_DISK_BUDGET ?? '20GiB', 'disk budget'),
    pinQuota: parseSize(options.pinQuota ?? env.TRIMS_PIN_QUOTA ?? String(hostBudget), 'pin quota'),
    policy,
    metricsPort: metricsPort === undefined ? undefined : Number(metricsPort),
    allowRoots: roots.map((root) => path.resolve(root)),
    groupAccess: options.groupAccess ?? env.TRIMS_GROUP_ACCESS === '1',
    fetchTimeoutMs: 120_000,
    maxFrame: MAX_REQUEST_FRAME,
  };
}
