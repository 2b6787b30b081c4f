import { ErrorCode, SegmentDType, TrimsError, WeightGroup } from '@trims/protocol';

/** A weight as model.json's manifest describes it. */
export interface ManifestWeight {
  name: string;
  shape: number[];
  dtype: string;
  /** 'optimizer': a Layers model's optimizer state, which tfjs-layers loads apart. */
  group?: string;
  quantization?: { dtype: string; min?: number; scale?: number; original_dtype?: string };
}

export interface WeightPlan {
  name: string;
  dtype: SegmentDType;
  shape: number[];
  /** Where the weight's stored bytes start in the concatenated weight data. */
  sourceOffset: number;
  sourceBytes: number;
  /** Bytes in the segment once decoded (float32 for quantized weights). */
  byteLength: number;
  group?: WeightGroup;
  quantization?: ManifestWeight['quantization'];
}

const GROUPS: readonly string[] = ['model', 'optimizer'] satisfies WeightGroup[];

function groupOf(weight: ManifestWeight, model: string): WeightGroup | undefined {
  if (weight.group === undefined) return undefined;
  if (!GROUPS.includes(weight.group))
    throw corrupt(
      model,
      `weight ${weight.name} has group ${JSON.stringify(weight.group)}; tfjs knows model and optimizer`,
    );
  return weight.group as WeightGroup;
}

const STORED_SIZE: Record<string, number> = {
  float32: 4,
  int32: 4,
  bool: 1,
  uint8: 1,
  uint16: 2,
  float16: 2,
};

function elements(shape: number[]): number {
  return shape.reduce((product, dim) => product * dim, 1);
}

function corrupt(model: string, why: string): TrimsError {
  return new TrimsError(ErrorCode.CORRUPT_MODEL, why, { model, tier: 'remote' });
}

/** String weights: per element a u32 LE length, then the bytes (tfjs's encoding). */
function stringBytes(
  data: Uint8Array,
  offset: number,
  count: number,
  model: string,
  name: string,
): number {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (at + 4 > data.length)
      throw corrupt(model, `string weight ${name} runs past the end of the weight data`);
    at += 4 + view.getUint32(at, true);
  }
  if (at > data.length)
    throw corrupt(model, `string weight ${name} runs past the end of the weight data`);
  return at - offset;
}

/** A weight's bytes in the shards as its spec declares them ('string': known only from the data). */
export function storedBytes(weight: ManifestWeight, model: string): number | 'string' {
  if (
    weight === null ||
    typeof weight !== 'object' ||
    typeof weight.name !== 'string' ||
    !Array.isArray(weight.shape) ||
    weight.shape.some((d) => !Number.isSafeInteger(d) || d < 0)
  ) {
    throw corrupt(model, `weight ${JSON.stringify(weight?.name)} has no valid name or shape`);
  }
  const count = elements(weight.shape);
  if (!Number.isSafeInteger(count))
    throw corrupt(model, `weight ${weight.name} has ${count} elements: too many`);
  const q = weight.quantization;
  if (weight.dtype === 'string') return 'string';
  if (weight.dtype === 'float32' || weight.dtype === 'int32' || weight.dtype === 'bool') {
    if (q !== undefined && q !== null) {
      const ok =
        typeof q === 'object' &&
        (q.dtype === 'uint8' || q.dtype === 'uint16'
          ? typeof q.min === 'number' && typeof q.scale === 'number'
          : q.dtype === 'float16' && weight.dtype === 'float32');
      if (!ok || weight.dtype === 'bool')
        throw corrupt(
          model,
          `weight ${weight.name}: unsupported quantization ${JSON.stringify(q)} of ${weight.dtype}`,
        );
    }
    return count * STORED_SIZE[q?.dtype ?? weight.dtype]!;
  }
  throw corrupt(model, `weight ${weight.name} has unsupported dtype ${String(weight.dtype)}`);
}

/**
 * Where each weight's bytes are in the concatenated shards (tfjs's order:
 * manifest groups in order, weights in order, no padding), and what it
 * becomes in the segment. Checks dtypes, quantization and, given the data,
 * its length. String weights' sizes are known only from the data.
 */
export function planWeights(
  weights: ManifestWeight[],
  model: string,
  data?: Uint8Array,
): WeightPlan[] {
  const plans: WeightPlan[] = [];
  let offset = 0;
  for (const weight of weights) {
    const stored = storedBytes(weight, model);
    const count = elements(weight.shape);
    const q = weight.quantization;
    const dtype = weight.dtype as SegmentDType;
    let sourceBytes: number;
    if (stored !== 'string') sourceBytes = stored;
    else if (data !== undefined) sourceBytes = stringBytes(data, offset, count, model, weight.name);
    else throw new Error(`string weight ${weight.name}: its size needs the weight data`);
    const byteLength = dtype === 'string' ? sourceBytes : count * STORED_SIZE[dtype]!;
    const group = groupOf(weight, model);
    plans.push({
      name: weight.name,
      dtype,
      shape: weight.shape,
      sourceOffset: offset,
      sourceBytes,
      byteLength,
      ...(group ? { group } : {}),
      ...(q ? { quantization: q } : {}),
    });
    offset += sourceBytes;
  }
  if (data !== undefined && offset !== data.length) {
    throw corrupt(
      model,
      `the manifest describes ${offset} bytes of weights but the shards hold ${data.length}`,
    );
  }
  return plans;
}

/** IEEE half to float32, exactly (every half value is a float32 value). */
function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa ? NaN : sign * Infinity;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

/**
 * Writes one weight's segment bytes into `target`, dequantizing as tfjs's
 * decodeWeights does (value = q * scale + min, in float32; int32 rounded).
 */
export function decodeWeight(plan: WeightPlan, data: Uint8Array, target: Uint8Array): void {
  const source = data.subarray(plan.sourceOffset, plan.sourceOffset + plan.sourceBytes);
  const q = plan.quantization;
  if (q === undefined) {
    target.set(source);
    return;
  }
  const count = elements(plan.shape);
  const stored =
    q.dtype === 'uint8' ? source : new Uint16Array(Uint8Array.from(source).buffer, 0, count); // copy: the source may be odd-aligned
  if (plan.dtype === 'float32') {
    const out = new Float32Array(target.buffer, target.byteOffset, count);
    if (q.dtype === 'float16') {
      // NaN's payload kept, as tfjs's tables keep it (its bits, not JS's one NaN)
      const bits = new Uint32Array(target.buffer, target.byteOffset, count);
      for (let i = 0; i < count; i++) {
        const half = stored[i]!;
        if ((half & 0x7c00) === 0x7c00 && (half & 0x3ff) !== 0)
          bits[i] = (((half & 0x8000) << 16) | 0x7f800000 | ((half & 0x3ff) << 13)) >>> 0;
        else out[i] = halfToFloat(half);
      }
    } else for (let i = 0; i < count; i++) out[i] = stored[i]! * q.scale! + q.min!;
  } else {
    const out = new Int32Array(target.buffer, target.byteOffset, count);
    for (let i = 0; i < count; i++) out[i] = Math.round(stored[i]! * q.scale! + q.min!);
  }
}
