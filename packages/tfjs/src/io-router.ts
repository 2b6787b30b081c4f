import type { io } from '@tensorflow/tfjs-core';
import { ModelFileError } from '@trims/client';
import { TrimsError } from '@trims/protocol';

import { announcePrivate, loadPrivately } from './fallback';
import { openRequestFor } from './load-policy';
import { routerBypassed, withoutTrimsRouter } from './router-bypass';
import { resolveSettings, Settings, TrimsOptions } from './settings';
import { SharedArtifacts, sharedArtifacts } from './shared-artifacts';
import { openShared } from './shared-model';

/** tfjs-core's io namespace, as the register hook found it (the application's copy). */
export type TfIo = typeof io & { supportsExclusiveHandlers?: boolean };

type Options = io.LoadOptions & TrimsOptions;

/** tfjs declares a router's result non-null, though its registry expects null for "not mine". */
export type LoadRouter = (url: string | string[], options?: io.LoadOptions) => io.IOHandler | null;

// The daemon's reference (and a GPU mapping) is given back once no weight
// uses the memory any more (the model was disposed, its memory collected).
const releaser = new FinalizationRegistry<() => void>((release) => release());

/**
 * The handler tfjs would have picked without TrIMS: with requestInit set,
 * GraphModel takes browserHTTPRequest directly; else the registered routers,
 * with browserHTTPRequest when none answers (tfjs's backward-compatible rule).
 */
function frameworkHandler(tfio: TfIo, url: string, options: Options): io.IOHandler {
  if (options.requestInit !== undefined && /^https?:\/\//i.test(url))
    return tfio.browserHTTPRequest(url, options);
  const handlers = withoutTrimsRouter(() => tfio.getLoadHandlers(url, options));
  if (handlers.length > 1)
    throw new Error(`Found more than one (${handlers.length}) load handlers for URL '${url}'`);
  return handlers[0] ?? tfio.browserHTTPRequest(url, options);
}

/**
 * A load handler for file:// and http(s):// models that returns the
 * daemon's shared weights as tensors (artifacts.weightTensors), and tfjs's
 * own handler's artifacts when the daemon cannot serve (saying why, once).
 * `exclusive`: our patched tfjs-core then returns it alone for the URL.
 */
export class SharedModelHandler implements io.IOHandler {
  readonly exclusive = true;

  constructor(
    private readonly tfio: TfIo,
    readonly url: string,
    private readonly options: Options,
  ) {}

  async load(): Promise<io.ModelArtifacts> {
    const settings = resolveSettings(this.options);
    const plan = openRequestFor(this.url, this.options);
    if ('whyNot' in plan) {
      loadPrivately(this.url, plan.whyNot, settings);
      return this.frameworkLoad();
    }
    try {
      return await this.loadShared(plan.request, settings);
    } catch (error) {
      if (!(error instanceof TrimsError)) throw error;
      if (!(error instanceof ModelFileError) || settings.strict) {
        loadPrivately(this.url, error, settings); // said first: a private load can take long, or fail for this reason
        return this.frameworkLoad();
      }
      // tfjs's handler reads the same files: its own error (a missing model.json), as without TrIMS.
      const artifacts = await this.frameworkLoad();
      announcePrivate(this.url, error.message, settings);
      return artifacts;
    }
  }

  private frameworkLoad(): Promise<io.ModelArtifacts> {
    return frameworkHandler(this.tfio, this.url, this.options).load!();
  }

  private async loadShared(
    request: Parameters<typeof openShared>[1],
    settings: Settings,
  ): Promise<SharedArtifacts> {
    const shared = await openShared(this.url, request, settings).shared;
    releaser.register(shared.memory, shared.release);
    const artifacts = sharedArtifacts(shared);
    this.options.onProgress?.(1);
    return artifacts;
  }
}

/** The load router the register hook adds to tfjs-core's registry (null: not ours). */
export function trimsLoadRouter(tfio: TfIo): LoadRouter {
  return (url: string | string[], options?: io.LoadOptions): io.IOHandler | null => {
    if (routerBypassed() || typeof url !== 'string' || !/^(file|https?):\/\//.test(url))
      return null;
    return new SharedModelHandler(tfio, url, options ?? {});
  };
}
