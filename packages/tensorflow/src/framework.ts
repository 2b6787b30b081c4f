import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import type { io, NamedTensorMap } from '@tensorflow/tfjs-core';
import type * as TF from '@tensorflow/tfjs-node-gpu';

import { FrameworkLoadError } from './errors';

export type Tf = typeof TF;

/** Memory outside the JS heap, e.g. a CUDA device pointer or an IPC mapping. */
export interface ExternalMemory {
  /** The first byte; 64-byte aligned. */
  address: bigint;
  byteLength: number;
  /** Kept alive until TensorFlow releases the tensor. */
  owner: object;
}

export type ExternalMemorySource = ArrayBufferView | ExternalMemory;
export type ExternalDType = 'float32' | 'int32' | 'bool';

/** One tensor of a batch over one owner's memory: its bytes start at the memory's address + offset. */
export interface ExternalTensorEntry {
  /** Named in errors (e.g. the weight's name). */
  name?: string;
  offset: number;
  byteLength: number;
  shape: number[];
  dtype: ExternalDType;
}

/** The API our patch adds under tf.node (patches/@tensorflow+tfjs-node-gpu+4.22.0.patch). */
export interface PatchedNodeApi {
  createTensorFromMemory(
    source: ExternalMemorySource,
    shape: number[],
    dtype: ExternalDType,
    options?: { device?: string },
  ): TF.Tensor;
  /** Many tensors over one owner's memory in one native call; on any failure none is made. */
  createTensorsFromMemory(
    memory: { address: bigint; owner: object },
    entries: readonly ExternalTensorEntry[],
    options?: { device?: string },
  ): TF.Tensor[];
  deviceNames(): string[];
}

/**
 * The members tfjs declares private that TrIMS uses, reached only through
 * here: loadFramework checks every one of them when the framework loads.
 */
export interface TfjsInternals {
  /** tfjs-converter's GraphModel builds itself from artifacts and ready tensors. */
  loadWithWeightMap(
    model: TF.GraphModel,
    artifacts: io.ModelArtifacts,
    weights: NamedTensorMap,
  ): void;
  /**
   * loadWithWeightMap in two steps: the graph first (the costly part, which
   * needs no weight), then the weights, so that the graph is built while
   * the weights are on their way. `attachWeights` only after `buildGraph`.
   */
  buildGraph(model: TF.GraphModel, artifacts: io.ModelArtifacts): void;
  attachWeights(model: TF.GraphModel, weights: NamedTensorMap): void;
  /** The TensorFlow version under tfjs-node's binding. */
  tensorflowVersion(): string;
  /** Whether tfjs-node's backend runs on a GPU. */
  usingGpu(): boolean;
}

export interface Framework {
  tf: Tf;
  patched: PatchedNodeApi;
  internals: TfjsInternals;
  /** The package loaded: @tensorflow/tfjs-node-gpu or @tensorflow/tfjs-node. */
  packageName: string;
}

/** The application owns its framework (a peer dependency): either package, at this version. */
export const FRAMEWORK_PACKAGES = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] as const;
export const SUPPORTED_TFJS = '4.22.x';
/** A loaded file that is the main module of one of FRAMEWORK_PACKAGES; the group names which. */
const FRAMEWORK_MAIN = /[\\/]@tensorflow[\\/](tfjs-node(?:-gpu)?)[\\/]dist[\\/]index\.js$/;
/** tfjs-core's main module: loaded by @tensorflow/tfjs (pure JavaScript backends) as by tfjs-node. */
const CORE_MAIN = /[\\/]@tensorflow[\\/]tfjs-core[\\/]dist[\\/]tf-core\.node\.js$/;

interface NodeBackend {
  binding?: { TF_Version?: unknown };
  isUsingGpuDevice?: unknown;
}
interface ConverterPrivate {
  loadWithWeightMap?: unknown;
  convertTensorMapToTensorsMap?: unknown;
}
/** What attachWeights reaches in a GraphModel that buildGraph built. */
interface BuiltModel {
  loadWithWeightMap(artifacts: io.ModelArtifacts, weights: NamedTensorMap): boolean;
  convertTensorMapToTensorsMap(weights: NamedTensorMap): unknown;
  executor?: { weightMap: unknown };
  initializer?: { weightMap: unknown } | null;
}

/** An executor's weightMap is a setter (it also records the weights' ids, which execution must never dispose). */
function hasWeightMapSetter(executor: object | undefined): boolean {
  for (let at = executor; at != null; at = Object.getPrototypeOf(at) as object | undefined) {
    const descriptor = Object.getOwnPropertyDescriptor(at, 'weightMap');
    if (descriptor !== undefined) return typeof descriptor.set === 'function';
  }
  return false;
}

/** What require() gives for a package: its name, or the file of a copy already loaded. */
interface FrameworkChoice {
  packageName: string;
  specifier: string;
}

/** The copies of FRAMEWORK_PACKAGES loaded already, in load order (their main modules in require.cache). */
function frameworksLoaded(): FrameworkChoice[] {
  const loaded: FrameworkChoice[] = [];
  // One regular expression over every module loaded: a first load pays for each string compared.
  for (const file of Object.keys(require.cache)) {
    const main = FRAMEWORK_MAIN.exec(file);
    if (main !== null) loaded.push({ packageName: `@tensorflow/${main[1]}`, specifier: file });
  }
  return loaded;
}

/**
 * The copy the application already loaded (`loaded`: found in
 * require.cache, wherever it lives: resolving from here could name another
 * copy, and two copies of tfjs do not share a backend), else the first
 * package installed.
 */
function choosePackage(loaded: FrameworkChoice[]): FrameworkChoice {
  // Several copies (a dependency's own nested one): the one resolved from here, else the first loaded.
  if (loaded.length > 1)
    for (const choice of loaded)
      try {
        if (require.resolve(choice.packageName) === choice.specifier) return choice;
      } catch {
        // not resolvable from here
      }
  if (loaded[0] !== undefined) return loaded[0];
  for (const name of FRAMEWORK_PACKAGES) {
    try {
      require.resolve(name);
      return { packageName: name, specifier: name };
    } catch {
      // not installed: the next
    }
  }
  return { packageName: FRAMEWORK_PACKAGES[0], specifier: FRAMEWORK_PACKAGES[0] };
}

/** What is wrong with the installation, each cause checked on disk. */
function diagnose(): string[] {
  // Only on failure: set-up's layout is read, never its build machinery.
  const { bindingPath, depsDir, readProvenance } =
    require('@trims/setup/layout') as typeof import('@trims/setup/layout');
  const causes: string[] = [];
  const lib = join(depsDir(), 'lib');
  const libraries = existsSync(lib)
    ? readdirSync(lib).filter((name) => name.startsWith('libtensorflow'))
    : [];
  if (libraries.length === 0) causes.push(`no libtensorflow in ${lib}`);
  if (!existsSync(bindingPath())) causes.push(`the binding is not built (${bindingPath()})`);
  const provenance = readProvenance();
  if (provenance.patches === undefined) causes.push('set-up has not recorded applying patches/');
  return causes;
}

/** Every private member used, checked once; a missing one names the version found and the range supported. */
function checkInternals(tf: Tf, packageName: string): TfjsInternals {
  // tfjs-node's backend, whichever is active (an application may run on another: see whyNotShareable)
  const backend = tf.findBackend('tensorflow') as unknown as NodeBackend;
  const converter = tf.GraphModel.prototype as unknown as ConverterPrivate;
  const unsupported = (missing: string[]): FrameworkLoadError => {
    const versions = tf.version as Record<string, string | undefined>;
    return new FrameworkLoadError(
      [
        `${packageName} ${versions['tfjs-node'] ?? '?'} (tfjs-core ${tf.version_core}, tfjs-converter ${versions['tfjs-converter'] ?? '?'}) lacks ${missing.join(', ')}; TrIMS supports tfjs ${SUPPORTED_TFJS}`,
      ],
      [`install a supported version: npm install ${packageName}@4.22.0, then npm run setup`],
    );
  };
  const missing = [
    typeof converter.loadWithWeightMap !== 'function' && 'GraphModel.prototype.loadWithWeightMap',
    typeof converter.convertTensorMapToTensorsMap !== 'function' &&
      'GraphModel.prototype.convertTensorMapToTensorsMap',
    typeof backend.binding?.TF_Version !== 'string' && "the backend's binding.TF_Version",
    typeof backend.isUsingGpuDevice !== 'boolean' && "the backend's isUsingGpuDevice",
  ].filter((name): name is string => name !== false);
  if (missing.length > 0) throw unsupported(missing);
  const built = (model: TF.GraphModel): BuiltModel => model as unknown as BuiltModel;
  return {
    loadWithWeightMap: (model, artifacts, weights) =>
      built(model).loadWithWeightMap(artifacts, weights),
    buildGraph: (model, artifacts) => built(model).loadWithWeightMap(artifacts, {}),
    attachWeights: (model, weights) => {
      const { executor, initializer } = built(model);
      // Only a built GraphModel has an executor: checked here, the first time one exists.
      if (!hasWeightMapSetter(executor)) throw unsupported(["GraphExecutor's weightMap setter"]);
      // As loadWithWeightMap does: the initializer runs over the same weights.
      executor!.weightMap = built(model).convertTensorMapToTensorsMap(weights);
      if (initializer != null) initializer.weightMap = executor!.weightMap;
    },
    tensorflowVersion: () => String(backend.binding!.TF_Version),
    usingGpu: () => backend.isUsingGpuDevice === true,
  };
}

let loaded: Framework | undefined;

/** Loads the framework once; on failure one error lists every cause found and the fixes. */
export function loadFramework(): Framework {
  return loaded ?? loadFrom(frameworksLoaded());
}

/** Loads the framework from the copies loaded already (`copies`), else the package installed. */
function loadFrom(copies: FrameworkChoice[]): Framework {
  const { packageName, specifier } = choosePackage(copies);
  let tf: Tf;
  try {
    // A copy already loaded is taken as it is: require() would resolve its path again (package scopes, stats).
    const cached = require.cache[specifier];
    tf = (cached?.loaded === true ? cached.exports : require(specifier)) as Tf;
  } catch (error) {
    throw new FrameworkLoadError(
      [
        ...diagnose(),
        `require('${packageName}') failed: ${(error as Error).message.split('\n')[0]}`,
      ],
      REMEDIES,
      { cause: error },
    );
  }
  const node = tf.node as unknown as Partial<PatchedNodeApi>;
  const unpatched = (['createTensorFromMemory', 'createTensorsFromMemory', 'deviceNames'] as const)
    .filter((name) => typeof node[name] !== 'function')
    .map((name) => `tf.node.${name}`);
  if (unpatched.length > 0) {
    throw new FrameworkLoadError(
      [
        `the loaded ${packageName} lacks ${unpatched.join(', ')}: patches/ is not applied (or an older one is: rerun set-up)`,
      ],
      REMEDIES,
    );
  }
  const internals = checkInternals(tf, packageName);
  loaded = { tf, patched: node as PatchedNodeApi, internals, packageName };
  return loaded;
}

const REMEDIES = [
  'run `npm run setup` from the repository root (provisions libtensorflow, applies patches/, builds the binding)',
  'run `npx trims doctor` to see what set-up found',
  'see "Troubleshooting" in the README for the libtensorflow step',
];

/**
 * Why a model cannot be lent to this application now, or undefined. Shared
 * weights are tensors of tfjs-node's backend: an application that runs on
 * another (tf.setBackend('cpu'), or @tensorflow/tfjs alone, where loading
 * tfjs-node would switch its backend for it) loads privately, as it would
 * without TrIMS.
 */
export function whyNotShareable(): string | undefined {
  if (loaded === undefined) {
    const copies = frameworksLoaded(); // loaded from these: one scan of require.cache
    if (copies.length === 0 && Object.keys(require.cache).some((file) => CORE_MAIN.test(file)))
      return 'the application runs tfjs without tfjs-node (loading it would switch its backend to tensorflow)';
    loadFrom(copies);
  }
  const active = loadFramework().tf.getBackend();
  return active === 'tensorflow'
    ? undefined
    : `the active backend is ${active}, and shared weights are tensors of tfjs-node's (tensorflow)`;
}
