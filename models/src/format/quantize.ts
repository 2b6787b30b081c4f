/**
 * Weight quantization as the tfjs converter records it: affine uint8 or
 * uint16 ({dtype, min, scale}: value = q * scale + min, with min nudged so
 * that zero is exact) or float16 ({dtype: 'float16'}, IEEE half bits).
 */
export type Quantization = 'uint8' | 'uint16' | 'float16';

export interface QuantizationRecord {
  dtype: Quantization;
  min?: number;
  scale?: number;
}

export function bytesPerElement(quantization: Quantization | undefined): number {
  return quantization === 'uint8'
    ? 1
    : quantization === 'uint16' || quantization === 'float16'
      ? 2
      : 4;
}

export function affineRange(
  min: number,
  max: number,
  quantization: 'uint8' | 'uint16',
): { min: number; scale: number } {
  const levels = quantization === 'uint8' ? 255 : 65535;
  const low = Math.min(min, 0);
  const high = Math.max(max, 0);
  const scale = high > low ? (high - low) / levels : 1;
  return { min: Math.round(low / scale) * scale, scale };
}

export function quantizeAffine(
  values: Float32Array,
  min: number,
  scale: number,
  quantization: 'uint8' | 'uint16',
): Uint8Array | Uint16Array {
  const levels = quantization === 'uint8' ? 255 : 65535;
  const out =
    quantization === 'uint8' ? new Uint8Array(values.length) : new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) {
    out[i] = Math.min(levels, Math.max(0, Math.round((values[i]! - min) / scale)));
  }
  return out;
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** float32 to IEEE 754 half, rounding to nearest even. */
export function toFloat16Bits(value: number): number {
  f32[0] = value;
  const x = u32[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exponent = (x >>> 23) & 0xff;
  let mantissa = x & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0);
  let e = exponent - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mantissa |= 0x800000;
    const shift = 14 - e;
    let half = mantissa >>> shift;
    const rest = mantissa & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    if (rest > halfway || (rest === halfway && half & 1)) half++;
    return sign | half;
  }
  let half = (e << 10) | (mantissa >>> 13);
  const rest = mantissa & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && half & 1)) half++;
  e = half >>> 10;
  return sign | half;
}

export function quantizeFloat16(values: Float32Array): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = toFloat16Bits(values[i]!);
  return out;
}
