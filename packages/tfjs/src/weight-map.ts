import type * as TF from '@tensorflow/tfjs-node-gpu';
import type { HostMapping } from '@trims/native-cuda';
import type { TensorEntry } from '@trims/protocol';
import { createTensorsFromMemory, ExternalTensorEntry, loadFramework } from '@trims/tensorflow';

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
 * The weight map over one owner's memory: every weight a tensor at
 * `memory.address + offset`, made in one native call (never a copy: the
 * segment puts each at a 64-byte-aligned offset; and no ArrayBuffer for V8
 * to count). String weights are decoded by `readBytes`. The memory stays
 * while any tensor holds its owner.
 */
export function weightMapOver(
  memory: { address: bigint; owner: object },
  tensors: readonly TensorEntry[],
  readBytes: (entry: TensorEntry) => Buffer,
  device?: string,
): WeightMap {
  const byName = new Map<string, TF.Tensor>(); // a Map: a weight may be named "constructor"
  const names: string[] = [];
  const entries: ExternalTensorEntry[] = [];
  try {
    for (const entry of tensors) {
      const { name, dtype, shape, offset, byteLength } = entry;
      if (dtype === 'string') byName.set(name, stringTensor(readBytes(entry), entry));
      else {
        names.push(name);
        entries.push({ name, offset, byteLength, shape, dtype });
      }
    }
    const made = createTensorsFromMemory(memory, entries, device === undefined ? {} : { device });
    names.forEach((name, i) => byName.set(name, made[i]!));
  } catch (error) {
    for (const tensor of byName.values()) tensor.dispose(); // the string weights made so far
    throw error;
  }
  // In the table's (the manifest's) order, as tfjs's own loader gives model.weights.
  const map: WeightMap = {};
  for (const { name } of tensors) map[name] = byName.get(name)!;
  return map;
}

/** The weight map over a mapped host segment. */
export function hostWeightMap(mapping: HostMapping, tensors: readonly TensorEntry[]): WeightMap {
  return weightMapOver({ address: mapping.address, owner: mapping.owner }, tensors, (entry) =>
    mapping.read(entry.offset, entry.byteLength),
  );
}
