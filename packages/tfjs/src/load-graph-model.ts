import type { io } from '@tensorflow/tfjs-core';
import type * as TF from '@tensorflow/tfjs-node-gpu';
import { ModelFileError } from '@trims/client';
import { TrimsError } from '@trims/protocol';
import { loadFramework } from '@trims/tensorflow';

import { TrimsLoadError } from './errors';
import { announceFallback, loadPrivately } from './fallback';
import { openRequestFor } from './load-policy';
import { withoutTrimsRouter } from './router-bypass';
import { resolveSettings, Settings, TrimsOptions } from './settings';
import { makeSaveable } from './saveable-artifacts';
import { modelArtifactsOf } from './shared-artifacts';
import { openShared, OpenRequest } from './shared-model';

export { TrimsLoadError } from './errors';
export type LoadOptions = io.LoadOptions & TrimsOptions;
type Loader = (modelUrl: string | io.IOHandler, options?: io.LoadOptions) => Promise<TF.GraphModel>;

const TFHUB_SUFFIX = 'model.json?tfjs-format=file';

/** The URL tfjs itself would load (fromTFHub appends the model file). */
function effectiveUrl(modelUrl: string, options: LoadOptions): string {
  if (!options.fromTFHub) return modelUrl;
  return `${modelUrl.endsWith('/') ? modelUrl : `${modelUrl}/`}${TFHUB_SUFFIX}`;
}

const releaser = new FinalizationRegistry<() => void>((release) => release());

/**
 * A GraphModel built from this process's own parse of model.json, weights
 * not yet attached; undefined when there is none (not file://) or tfjs
 * cannot build it (the topology lent is then tried, and its error thrown).
 */
function graphFromOwnParse(
  url: string,
  options: LoadOptions,
  artifacts: io.ModelArtifacts | undefined,
): TF.GraphModel | undefined {
  if (artifacts === undefined) return undefined;
  const { tf, internals } = loadFramework();
  const model = new tf.GraphModel(url, options);
  try {
    internals.buildGraph(model, artifacts);
    return model;
  } catch {
    return undefined;
  }
}

async function loadShared(
  url: string,
  request: OpenRequest,
  options: LoadOptions,
  settings: Settings,
): Promise<TF.GraphModel> {
  const { tf, internals } = loadFramework();
  const opening = openShared(url, request, settings);
  // Built while the daemon answers: a hit's round trip then costs the client nothing.
  const own = opening.modelJson && modelArtifactsOf(opening.modelJson);
  const prepared = graphFromOwnParse(url, options, own);
  // The answer has usually come by now: taken at once, the load ends without a turn of the event loop.
  opening.receiveNow();
  const shared = await opening.shared;
  let model: TF.GraphModel;
  try {
    if (prepared !== undefined && own !== undefined && shared.modelJson === opening.modelJson) {
      model = prepared;
      internals.attachWeights(model, shared.weights);
      makeSaveable(own, shared, model);
    } else {
      model = new tf.GraphModel(url, options);
      const artifacts = modelArtifactsOf(shared.modelJson);
      internals.loadWithWeightMap(model, artifacts, shared.weights);
      makeSaveable(artifacts, shared, model);
    }
  } catch (error) {
    // the tensors and the daemon's reference must not outlive a failed build
    for (const tensor of Object.values(shared.weights)) tensor.dispose();
    shared.release();
    throw error;
  }
  // Only the release is kept: the model must not hold the memory (a device
  // mapping goes when the last tensor over it does, not with the model).
  const { release } = shared;
  const dispose = model.dispose.bind(model);
  model.dispose = (): void => {
    dispose();
    releaser.unregister(model);
    release();
  };
  releaser.register(model, release, model);
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
    // null or undefined: the framework's own error
    if (modelUrl == null) return original()(modelUrl, options);
    if (typeof modelUrl !== 'string') {
      // The router's own handler (from tf.io.getLoadHandlers) shares; any other is the application's.
      if (!(modelUrl as { exclusive?: boolean }).exclusive)
        loadPrivately(
          'an IOHandler',
          "the application's own: nothing for the daemon to fetch",
          settings,
        );
      return original()(modelUrl, options);
    }
    const url = effectiveUrl(modelUrl, options);
    // The router would ask the daemon again: tfjs's own handlers load it.
    const privately = (): Promise<TF.GraphModel> =>
      withoutTrimsRouter(() => original()(modelUrl, options));
    const plan = openRequestFor(url, options);
    if ('whyNot' in plan) {
      loadPrivately(url, plan.whyNot, settings);
      return privately();
    }
    try {
      return await loadShared(url, plan.request, options, settings);
    } catch (error) {
      if (!(error instanceof TrimsError)) throw error;
      if (settings.strict) throw new TrimsLoadError(url, error);
      if (error instanceof ModelFileError) {
        // The framework reads the same files: its own error (a missing model.json), as without TrIMS.
        const model = await privately();
        announceFallback(url, error.message, settings);
        return model;
      }
      // Said first: a private load can take long, or fail for the reason given.
      announceFallback(url, error.message, settings);
      return privately();
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
