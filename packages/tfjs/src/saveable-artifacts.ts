import type { io } from '@tensorflow/tfjs-core';
import type * as TF from '@tensorflow/tfjs-node-gpu';
import { loadFramework } from '@trims/tensorflow';

import { concatenate, weightSpecsOf } from './shared-artifacts';
import type { SharedModel } from './shared-model';

/** A weight's bytes as tfjs's weight files hold them (a string: its length in bytes, little-endian, then its bytes). */
function weightBytes(tensor: TF.Tensor): Uint8Array[] {
  if (tensor.dtype !== 'string') {
    const typed = tensor.dataSync() as ArrayBufferView;
    return [new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength)];
  }
  // dataSync decodes strings: the engine's read gives each one's bytes as stored
  const encoded = loadFramework().tf.engine().readSync(tensor.dataId) as Uint8Array[];
  return encoded.flatMap((text) => {
    const length = new Uint8Array(4);
    new DataView(length.buffer).setUint32(0, text.length, true);
    return [length, text];
  });
}

/**
 * Completes the artifacts `model` was built from into what tfjs's loader
 * leaves in model.artifacts, which model.save() writes: the weights'
 * specs, and weightData read from the model's own weight tensors when a
 * save first asks (nothing is copied before; a disposed model's weights
 * are gone with its tensors). It keeps no hold on the daemon's memory
 * beyond the model's own.
 */
export function makeSaveable(
  artifacts: io.ModelArtifacts,
  shared: SharedModel,
  model: TF.GraphModel,
): void {
  // Both made when first read (a hit's path makes neither): the specs from the table.
  const { tensors } = shared;
  let weightSpecs: io.WeightsManifestEntry[] | undefined;
  const specs = (): io.WeightsManifestEntry[] => (weightSpecs ??= weightSpecsOf({ tensors }));
  Object.defineProperty(artifacts, 'weightSpecs', {
    configurable: true,
    enumerable: true,
    get: specs,
    set: (value: io.WeightsManifestEntry[]) => (weightSpecs = value),
  });
  let weightData: io.WeightData | undefined;
  Object.defineProperty(artifacts, 'weightData', {
    configurable: true,
    // Enumerable, as tfjs's: a copy of the artifacts ({...a}, structuredClone, postMessage) loads
    // as tfjs's copy would, its bytes copied then (a log does not read a getter)
    enumerable: true,
    get: () =>
      (weightData ??= concatenate(
        specs().flatMap((spec) => weightBytes(model.weights[spec.name]![0]!)),
      )),
    set: (value: io.WeightData | undefined) => (weightData = value),
  });
}
