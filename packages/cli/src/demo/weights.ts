/**
 * The demo's built-in model: a stack of dense layers with seeded weights,
 * kept as one file of float32 matrices, each at a 64-byte-aligned offset.
 */
export interface DemoModel {
  layers: number;
  width: number;
}

export function layerBytes(model: DemoModel): number {
  return model.width * model.width * 4;
}

export function modelBytes(model: DemoModel): number {
  return model.layers * layerBytes(model);
}

/** Deterministic weights (xorshift), scaled so activations stay finite. */
export function fillWeights(model: DemoModel, bytes: Uint8Array, seed = 42): void {
  const values = new Float32Array(bytes.buffer, bytes.byteOffset, modelBytes(model) / 4);
  let state = seed >>> 0 || 1;
  const scale = Math.sqrt(2 / model.width);
  for (let i = 0; i < values.length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    values[i] = ((state >>> 0) / 0xffffffff - 0.5) * 2 * scale;
  }
}
