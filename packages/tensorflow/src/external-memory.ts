import type * as TF from '@tensorflow/tfjs-node-gpu';

import { ExternalMemoryError } from './errors';
import {
  ExternalDType,
  ExternalMemorySource,
  ExternalTensorEntry,
  loadFramework,
} from './framework';

export interface ExternalTensorOptions {
  /** 'cpu' (default), 'gpu:N', or a full TensorFlow device name. */
  device?: string;
}

/** A tensor that could not be made over external memory: named when it has a name (a weight's). */
function creationError(
  tensor: { name?: string; shape: readonly number[]; dtype: string },
  why: string,
  cause?: unknown,
): ExternalMemoryError {
  const named = tensor.name === undefined ? '' : `${tensor.name}, `;
  return new ExternalMemoryError(
    `cannot create ${named}a ${tensor.dtype} tensor of shape [${tensor.shape.join(', ')}] over external memory: ${why}`,
    tensor.shape,
    tensor.dtype,
    { cause },
  );
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
    throw creationError({ shape, dtype }, (error as Error).message, error);
  }
}

/**
 * createTensorFromMemory for many tensors over one owner's memory (a
 * model's weights in one mapping), in one native call: in a fresh process
 * the JS of a call per tensor costs more than TensorFlow's part. Each
 * tensor is at `memory.address + offset`, 64-byte aligned. On any failure
 * none is made, and the ExternalMemoryError names the first tensor that
 * cannot be made (its `name`, shape and dtype) and why.
 */
export function createTensorsFromMemory(
  memory: { address: bigint; owner: object },
  entries: readonly ExternalTensorEntry[],
  options: ExternalTensorOptions = {},
): TF.Tensor[] {
  if (typeof memory.address !== 'bigint')
    throw new TypeError('createTensorsFromMemory: memory.address must be a bigint');
  for (const entry of entries)
    if (!Number.isSafeInteger(entry.offset) || entry.offset < 0)
      throw creationError(entry, `its offset ${entry.offset} is not a byte offset`);
  const device = options.device === undefined ? {} : { device: options.device };
  try {
    return loadFramework().patched.createTensorsFromMemory(memory, entries, device);
  } catch (error) {
    // Failures are rare and the batch does not say which tensor failed: one at a time, to name it.
    for (const entry of entries) {
      const source = {
        address: memory.address + BigInt(entry.offset),
        byteLength: entry.byteLength,
        owner: memory.owner,
      };
      let single: TF.Tensor;
      try {
        single = loadFramework().patched.createTensorFromMemory(
          source,
          [...entry.shape],
          entry.dtype,
          device,
        );
      } catch (why) {
        throw creationError(entry, (why as Error).message, why);
      }
      single.dispose();
    }
    throw new ExternalMemoryError(
      `cannot create ${entries.length} tensors over external memory: ${(error as Error).message}`,
      [],
      'mixed',
      { cause: error },
    );
  }
}

/** The TensorFlow devices of this process. */
export function deviceNames(): string[] {
  return loadFramework().patched.deviceNames();
}
