import { defaultSocketPath } from '@trims/protocol';

/** TrIMS's own options, beside tfjs's LoadOptions. */
export interface TrimsOptions {
  /** The daemon's socket ($TRIMS_SOCKET, same default as the daemon). */
  socketPath?: string;
  /** No fallback: fail when the daemon cannot serve ($TRIMS_STRICT=1). */
  strict?: boolean;
  /** No message when falling back ($TRIMS_QUIET=1). */
  quiet?: boolean;
  /** 'cpu' or 'gpu:N' ($TRIMS_DEVICE; default: gpu:0 when the framework runs on a GPU, else cpu). */
  device?: string;
}

export interface Settings {
  socketPath: string;
  strict: boolean;
  quiet: boolean;
  device: string | undefined;
}

const truthy = (value: string | undefined): boolean =>
  value !== undefined && value !== '' && value !== '0' && value !== 'false';

export function resolveSettings(
  options: TrimsOptions,
  env: NodeJS.ProcessEnv = process.env,
): Settings {
  return {
    socketPath: options.socketPath ?? defaultSocketPath(env),
    strict: options.strict ?? truthy(env.TRIMS_STRICT),
    quiet: options.quiet ?? truthy(env.TRIMS_QUIET),
    device: options.device ?? env.TRIMS_DEVICE,
  };
}
