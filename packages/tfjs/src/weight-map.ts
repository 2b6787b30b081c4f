import type * as TF from '@tensorflow/tfjs-node-gpu';
import { IpcMapping } from '@trims/native-cuda';
import type { TensorEntry } from '@trims/protocol';
import { createTensorFromMemory, loadFramework } from '@trims/tensorflow';

export type WeightMap = Record<string, TF.Tensor>;

/** String weights are few and small: decoded (copied) from tfjs's length-prefixed encoding. */
function stringTensor(encoded: Buffer, entry: TensorEntry): TF.Tensor {
  const values: string[] = [];
  for (let at = 0; at < encoded.length;) {
    const length = encoded.readUInt32LE(at);
    values.push(encoded.subarray(at + 4, at + 4 + length).toString('utf8'));
    at += 4 + length;
  }
  return loadFramework().tf.tensor(values, entry.shape, 'string');
}

/**
 * One tensor per weight over the mapped segment: views of the read-only map,
 * never a copy (the segment puts each at a 64-byte-aligned offset).
 */
export function hostWeightMap(segment: ArrayBuffer, tensors: readonly TensorEntry[]): WeightMap {
  const map: WeightMap = {};
  for (const entry of tensors) {
    if (entry.dtype === 'string') {
      map[entry.name] = stringTensor(Buffer.from(segment, entry.offset, entry.byteLength), entry);
      continue;
    }
    const view =
      entry.dtype === 'bool'
        ? new Uint8Array(segment, entry.offset, entry.byteLength)
        : entry.dtype === 'int32'
          ? new Int32Array(segment, entry.offset, entry.byteLength / 4)
          : new Float32Array(segment, entry.offset, entry.byteLength / 4);
    map[entry.name] = createTensorFromMemory(view, entry.shape, entry.dtype);
  }
  return map;
}

/**
 * One tensor per weight on the GPU, over the daemon's device block opened
 * from its IPC handle; the mapping stays open while any tensor needs it.
 * `owner` is what the tensors keep alive (the mapping, or a token whose
 * collection tells that no tensor needs the mapping any more).
 */
export function gpuWeightMap(
  mapping: IpcMapping,
  tensors: readonly TensorEntry[],
  device: number,
  owner: object = mapping,
): WeightMap {
  const map: WeightMap = {};
  for (const entry of tensors) {
    if (entry.dtype === 'string') {
      map[entry.name] = stringTensor(mapping.read(entry.byteLength, entry.offset), entry);
      continue;
    }
    map[entry.name] = createTensorFromMemory(
      {
        address: mapping.pointer + BigInt(entry.offset),
        byteLength: entry.byteLength,
        owner,
      },
      entry.shape,
      entry.dtype,
      { device: `gpu:${device}` },
    );
  }
  return map;
}
