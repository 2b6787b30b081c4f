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
  const failed = (entry: ExternalTensorEntry, why: string, cause?: unknown): ExternalMemoryError =>
    new ExternalMemoryError(
      `cannot create ${entry.name === undefined ? 'a' : `${entry.name}, a`} ${entry.dtype} tensor of shape [${entry.shape.join(', ')}] over external memory: ${why}`,
      entry.shape,
      entry.dtype,
      { cause },
    );
  if (typeof memory.address !== 'bigint')
    throw new TypeError('createTensorsFromMemory: memory.address must be a bigint');
  for (const entry of entries)
    if (!Number.isSafeInteger(entry.offset) || entry.offset < 0)
      throw failed(entry, `its offset ${entry.offset} is not a byte offset`);
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
        throw failed(entry, (why as Error).message, why);
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
