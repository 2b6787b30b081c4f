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

function concatenate(parts: Uint8Array[]): ArrayBuffer {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out.buffer;
}

/**
 * What tfjs's handlers return for this model (topology, metadata,
 * weightSpecs), plus `weightTensors`. weightSpecs describe the weights as
 * the segment stores them, in manifest order: a quantized weight's spec is
 * its decoded dtype without `quantization`, and manifest groups (a Layers
 * model's optimizer group) are not kept. weightData is made (copied out of
 * the segment) only if something reads it.
 */
export function sharedArtifacts(shared: SharedModel): SharedArtifacts {
  const json = JSON.parse(shared.modelJson) as io.ModelJSON;
  const weightSpecs = shared.tensors.map(({ name, shape, dtype }): io.WeightsManifestEntry => ({
    name,
    shape: [...shape],
    dtype,
  }));
  const artifacts = { weightSpecs, weightTensors: shared.weights } as SharedArtifacts;
  for (const key of PASSED_THROUGH)
    if (json[key] !== undefined) Object.assign(artifacts, { [key]: json[key] });
  let weightData: io.WeightData | undefined;
  Object.defineProperty(artifacts, 'weightData', {
    configurable: true,
    enumerable: false, // a spread or a log does not copy every weight
    get: () => (weightData ??= concatenate(shared.tensors.map((entry) => shared.bytesOf(entry)))),
    set: (value: io.WeightData | undefined) => (weightData = value),
  });
  return artifacts;
}
