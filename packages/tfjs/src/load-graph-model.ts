import type { io } from '@tensorflow/tfjs-core';
import type * as TF from '@tensorflow/tfjs-node-gpu';
import { closeFd, IpcMapping, mapReadOnly } from '@trims/native-cuda';
import { filesFor, readContents, Tier, TrimsError } from '@trims/protocol';
import { loadFramework } from '@trims/tensorflow';

import { daemonClient } from './daemon';
import { announceFallback } from './fallback';
import { resolveSettings, Settings, TrimsOptions } from './settings';
import { gpuWeightMap, hostWeightMap, WeightMap } from './weight-map';

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

function headersOf(requestInit: RequestInit | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  if (requestInit?.headers !== undefined)
    new Headers(requestInit.headers).forEach((value, key) => (headers[key] = value));
  return headers;
}

function defaultDevice(tf: typeof TF): string {
  const backend = tf.backend() as unknown as { isUsingGpuDevice?: boolean };
  return backend.isUsingGpuDevice ? 'gpu:0' : 'cpu';
}

const releaser = new FinalizationRegistry<() => void>((release) => release());

async function loadShared(
  url: string,
  options: LoadOptions,
  settings: Settings,
): Promise<TF.GraphModel> {
  const { tf } = loadFramework();
  const client = await daemonClient(settings.socketPath);
  const files = filesFor(url, options.weightPathPrefix); // file://: opened as this process, not by the daemon
  const { reply, fds } = await client
    .request(
      'open',
      {
        url,
        device: settings.device ?? defaultDevice(tf),
        options: {
          headers: headersOf(options.requestInit),
          weightPathPrefix: options.weightPathPrefix ?? '',
        },
        attachedFiles: files.fds.length,
      },
      { fds: files.fds },
    )
    .finally(files.close);
  const handle = Number(reply.handle);
  let mapping: IpcMapping | undefined;
  let weights: WeightMap;
  let modelJson: string;
  try {
    const segment = mapReadOnly(fds[0]!);
    const contents = readContents(new Uint8Array(segment), 'host');
    modelJson = contents.modelJson;
    if (reply.tier === Tier.GPU) {
      mapping = IpcMapping.open(
        Buffer.from(reply.cudaIpcHandle!),
        Number(reply.segmentBytes),
        reply.gpuDevice ?? 0,
      );
      weights = gpuWeightMap(mapping, contents.tensors, reply.gpuDevice ?? 0);
    } else {
      weights = hostWeightMap(segment, contents.tensors);
    }
  } catch (error) {
    client.request('close', { handle }).catch(() => undefined);
    throw error;
  } finally {
    fds.forEach(closeFd);
  }
  const model = new tf.GraphModel(url, options);
  (model as unknown as BuildsFromWeightMap).loadWithWeightMap(
    JSON.parse(modelJson) as io.ModelArtifacts,
    weights,
  );
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    mapping?.close();
    if (!client.isClosed) client.request('close', { handle }).catch(() => undefined);
  };
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
    const url = typeof modelUrl === 'string' ? effectiveUrl(modelUrl, options) : modelUrl;
    if (!servable(url, options)) return original()(modelUrl, options);
    try {
      return await loadShared(url, options, settings);
    } catch (error) {
      if (!(error instanceof TrimsError)) throw error;
      if (settings.strict) throw new TrimsLoadError(url, error);
      announceFallback(url, error.message, settings);
      return original()(modelUrl, options);
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
