import type { io } from '@tensorflow/tfjs-core';
import type * as TF from '@tensorflow/tfjs-node-gpu';
import { TrimsError } from '@trims/protocol';
import { loadFramework } from '@trims/tensorflow';

import { announceFallback } from './fallback';
import { withoutTrimsRouter } from './router-bypass';
import { resolveSettings, Settings, TrimsOptions } from './settings';
import { openShared } from './shared-model';
import { WeightMap } from './weight-map';

export type LoadOptions = io.LoadOptions & TrimsOptions;
type Loader = (modelUrl: string | io.IOHandler, options?: io.LoadOptions) => Promise<TF.GraphModel>;

/** GraphModel builds itself from a weight map; tfjs declares that method private. */
interface BuildsFromWeightMap {
  loadWithWeightMap(artifacts: io.ModelArtifacts, weightMap: WeightMap): boolean;
}

/** A load the daemon could not serve, in strict mode: names the model, the tier and the cause. */
export class TrimsLoadError extends Error {
  constructor(
    readonly url: string,
    override readonly cause: TrimsError,
  ) {
    super(`TrIMS could not load ${url}: ${cause.message}`, { cause });
    this.name = 'TrimsLoadError';
  }
}

const TFHUB_SUFFIX = 'model.json?tfjs-format=file';

/** The URL tfjs itself would load (fromTFHub appends the model file). */
function effectiveUrl(modelUrl: string, options: LoadOptions): string {
  if (!options.fromTFHub) return modelUrl;
  return `${modelUrl.endsWith('/') ? modelUrl : `${modelUrl}/`}${TFHUB_SUFFIX}`;
}

/** The daemon fetches by itself: only what it can fetch the same way tfjs would goes to it. */
function servable(url: string | io.IOHandler, options: LoadOptions): url is string {
  if (typeof url !== 'string' || !/^(file|https?):\/\//i.test(url)) return false;
  return options.fetchFunc === undefined && options.weightUrlConverter === undefined;
}

export function headersOf(requestInit: RequestInit | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  if (requestInit?.headers !== undefined)
    new Headers(requestInit.headers).forEach((value, key) => (headers[key] = value));
  return headers;
}

const releaser = new FinalizationRegistry<() => void>((release) => release());

async function loadShared(
  url: string,
  options: LoadOptions,
  settings: Settings,
): Promise<TF.GraphModel> {
  const { tf } = loadFramework();
  const shared = await openShared(
    url,
    {
      headers: headersOf(options.requestInit),
      weightPathPrefix: options.weightPathPrefix ?? '',
    },
    settings,
  );
  const model = new tf.GraphModel(url, options);
  (model as unknown as BuildsFromWeightMap).loadWithWeightMap(
    JSON.parse(shared.modelJson) as io.ModelArtifacts,
    shared.weights,
  );
  const dispose = model.dispose.bind(model);
  model.dispose = (): void => {
    dispose();
    releaser.unregister(model);
    shared.release();
  };
  releaser.register(model, shared.release, model);
  options.onProgress?.(1);
  return model;
}

/**
 * tf.loadGraphModel's drop-in: same arguments, same result (a real
 * tf.GraphModel), with weights that are tensors over the daemon's memory.
 * Falls back to the framework's own loader (once said on stderr) when no
 * daemon answers or it cannot serve the model; strict mode makes that an error.
 */
export function createLoader(original: () => Loader) {
  return async function loadGraphModel(
    modelUrl: string | io.IOHandler,
    options: LoadOptions = {},
  ): Promise<TF.GraphModel> {
    const settings = resolveSettings(options);
    const url = typeof modelUrl === 'string' ? effectiveUrl(modelUrl, options) : modelUrl;
    if (!servable(url, options)) return original()(modelUrl, options);
    try {
      return await loadShared(url, options, settings);
    } catch (error) {
      if (!(error instanceof TrimsError)) throw error;
      if (settings.strict) throw new TrimsLoadError(url, error);
      announceFallback(url, error.message, settings);
      // The router would ask the daemon again: tfjs's own handlers load it.
      return withoutTrimsRouter(() => original()(modelUrl, options));
    }
  };
}

/** The framework's own loader, as it was before any register hook. */
let frameworkLoader: Loader | undefined;

export function setFrameworkLoader(loader: Loader): void {
  frameworkLoader ??= loader;
}

export const loadGraphModel = createLoader(
  () => frameworkLoader ?? (loadFramework().tf.loadGraphModel as Loader),
);
