import type * as TF from '@tensorflow/tfjs-node-gpu';

import { ExternalMemoryError } from './errors';
import { ExternalDType, ExternalMemorySource, loadFramework } from './framework';

export interface ExternalTensorOptions {
  /** 'cpu' (default), 'gpu:N', or a full TensorFlow device name. */
  device?: string;
}

/**
 * A tensor over memory TensorFlow does not own, without a copy: a view of
 * host memory (e.g. a read-only shared map) or a device pointer. The memory
 * must be 64-byte aligned and hold exactly the shape's bytes; `source` (or
 * its `owner`) stays alive until TensorFlow releases the tensor.
 */
export function createTensorFromMemory(
  source: ExternalMemorySource,
  shape: readonly number[],
  dtype: ExternalDType,
  options: ExternalTensorOptions = {},
): TF.Tensor {
  const { patched } = loadFramework();
  try {
    return patched.createTensorFromMemory(
      source,
      [...shape],
      dtype,
      options.device === undefined ? {} : { device: options.device },
    );
  } catch (error) {
    throw new ExternalMemoryError(
      `cannot create a ${dtype} tensor of shape [${shape.join(', ')}] over external memory: ${(error as Error).message}`,
      shape,
      dtype,
      { cause: error },
    );
  }
}

/** The TensorFlow devices of this process. */
export function deviceNames(): string[] {
  return loadFramework().patched.deviceNames();
}
