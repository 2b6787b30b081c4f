import type { io } from '@tensorflow/tfjs-core';

import { SharedModel } from './shared-model';
import { WeightMap } from './weight-map';

/** Model artifacts whose weights are already tensors; patched tfjs loaders take them as they are. */
export interface SharedArtifacts extends io.ModelArtifacts {
  weightTensors: WeightMap;
}

const PASSED_THROUGH = [
  'modelTopology',
  'format',
  'generatedBy',
  'convertedBy',
  'trainingConfig',
  'userDefinedMetadata',
  'signature',
  'modelInitializer',
  'initializerSignature',
] as const;

/** What tfjs's own handlers take from model.json into the artifacts (never the weights manifest). */
export function modelArtifactsOf(modelJson: Record<string, unknown>): io.ModelArtifacts {
  const artifacts: Record<string, unknown> = {};
  for (const key of PASSED_THROUGH)
    if (modelJson[key] !== undefined) artifacts[key] = modelJson[key];
  return artifacts as io.ModelArtifacts;
}

const unbuilt = new FinalizationRegistry<() => void>((dispose) => dispose());

/** A weight map whose tensors are made (all at once, by `make`) when a first value is read. */
function lazyWeightMap(names: readonly string[], make: () => WeightMap): WeightMap {
  let weights: WeightMap | undefined;
  const map: WeightMap = {};
  for (const name of names)
    Object.defineProperty(map, name, {
      configurable: true,
      enumerable: true,
      get: () => (weights ??= make())[name],
    });
  return map;
}

export function concatenate(parts: Uint8Array[]): ArrayBuffer {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out.buffer;
}

/** The weights' specs as the segment stores them, in manifest order (see sharedArtifacts). */
export function weightSpecsOf(shared: Pick<SharedModel, 'tensors'>): io.WeightsManifestEntry[] {
  return shared.tensors.map(({ name, shape, dtype, group }): io.WeightsManifestEntry => ({
    name,
    shape: [...shape],
    dtype,
    ...(group === undefined ? {} : { group }), // tfjs-layers loads 'optimizer' weights apart
  }));
}

/**
 * What tfjs's handlers return for this model (topology, metadata,
 * weightSpecs), plus `weightTensors`. weightSpecs describe the weights as
 * the segment stores them, in manifest order: a quantized weight's spec is
 * its decoded dtype without `quantization`; a weight's group (a Layers
 * model's 'optimizer' weights) is kept. weightData is made (copied out of
 * the segment) only if something reads it.
 */
export function sharedArtifacts(shared: SharedModel): SharedArtifacts {
  const weightSpecs = weightSpecsOf(shared);
  // Each model built from these artifacts gets tensors of its own (over the
  // same memory), as tfjs's own decoding gives each its own: one model's
  // dispose must not dispose another's weights. Each read of weightTensors
  // is a new set, made when a first weight is read, which its reader owns
  // (the patched loaders read it once per model); a read that builds
  // nothing (a null check) makes none. The first set is the one made already.
  let made = 0;
  const takeWeights = (): WeightMap => (made++ === 0 ? shared.weights : shared.weightsAgain());
  const names = shared.tensors.map((entry) => entry.name);
  const artifacts: SharedArtifacts = {
    ...modelArtifactsOf(shared.modelJson),
    weightSpecs,
    get weightTensors(): WeightMap {
      return lazyWeightMap(names, takeWeights);
    },
  };
  // Not enumerable: a spread, a log or JSON.stringify reads no weight, so makes no set (a
  // copy loads from weightData, privately).
  Object.defineProperty(artifacts, 'weightTensors', { enumerable: false });
  // Artifacts no model was built from: the set made already goes with them.
  unbuilt.register(artifacts, () => {
    if (made === 0) for (const tensor of Object.values(shared.weights)) tensor.dispose();
  });
  let weightData: io.WeightData | undefined;
  Object.defineProperty(artifacts, 'weightData', {
    configurable: true,
    // Enumerable, as tfjs's: a copy of the artifacts ({...a}, structuredClone, postMessage) loads
    // as tfjs's copy would, its bytes copied then (a log does not read a getter)
    enumerable: true,
    get: () => (weightData ??= concatenate(shared.tensors.map((entry) => shared.bytesOf(entry)))),
    set: (value: io.WeightData | undefined) => (weightData = value),
  });
  return artifacts;
}
