import type * as TF from '@tensorflow/tfjs-node-gpu';
import type { HostMapping } from '@trims/native-cuda';
import type { TensorEntry } from '@trims/protocol';
import { createTensorFromMemory, loadFramework } from '@trims/tensorflow';

export type WeightMap = Record<string, TF.Tensor>;

/** String weights are few and small: decoded (copied) from tfjs's length-prefixed encoding. */
export function stringTensor(encoded: Buffer, entry: TensorEntry): TF.Tensor {
  const values: string[] = [];
  for (let at = 0; at < encoded.length;) {
    const length = encoded.readUInt32LE(at);
    values.push(encoded.subarray(at + 4, at + 4 + length).toString('utf8'));
    at += 4 + length;
  }
  return loadFramework().tf.tensor(values, entry.shape, 'string');
}

/**
 * One tensor per weight over the mapped segment, by address: never a copy
 * (the segment puts each at a 64-byte-aligned offset), and no ArrayBuffer
 * for V8 to count. The map stays while any tensor holds its owner.
 */
export function hostWeightMap(mapping: HostMapping, tensors: readonly TensorEntry[]): WeightMap {
  const map: WeightMap = {};
  for (const entry of tensors) {
    map[entry.name] =
      entry.dtype === 'string'
        ? stringTensor(mapping.read(entry.offset, entry.byteLength), entry)
        : createTensorFromMemory(
            {
              address: mapping.address + BigInt(entry.offset),
              byteLength: entry.byteLength,
              owner: mapping.owner,
            },
            entry.shape,
            entry.dtype,
          );
  }
  return map;
}
