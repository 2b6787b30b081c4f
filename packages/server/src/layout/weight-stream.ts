import { decodeWeight } from './decode-weights';
import type { SegmentPlan } from './build-segment';

/**
 * Writes the shards' bytes into the segment as they arrive (in tfjs's
 * order), so that a conversion holds the model once, in the segment, not
 * also as one buffer of all its weight data: a weight stored as it is used
 * is copied piece by piece to its place; only a quantized one is gathered
 * (it is decoded whole, into its place, once its last byte came).
 */
export class WeightStream {
  /** Bytes of the concatenated weight data taken so far. */
  received = 0;
  /** The weight the next byte belongs to. */
  private at = 0;
  private gathered: Uint8Array | undefined;

  constructor(
    private readonly plan: SegmentPlan,
    private readonly target: Uint8Array,
  ) {
    this.skipEmpty();
  }

  /** The next bytes of the weight data; ones past the last weight are an error (the caller bounds what it reads). */
  add(chunk: Uint8Array): void {
    let taken = 0;
    while (taken < chunk.length) {
      const weight = this.plan.weights[this.at];
      if (weight === undefined)
        throw new Error(`the shards hold more than the ${this.received} bytes of weights declared`);
      const into = this.received - weight.sourceOffset;
      const piece = chunk.subarray(taken, taken + weight.sourceBytes - into);
      const entry = this.plan.entries[this.at]!;
      if (weight.quantization === undefined) this.target.set(piece, entry.offset + into);
      else {
        this.gathered ??= new Uint8Array(weight.sourceBytes);
        this.gathered.set(piece, into);
      }
      taken += piece.length;
      this.received += piece.length;
      if (into + piece.length === weight.sourceBytes) this.finish();
    }
  }

  private finish(): void {
    const weight = this.plan.weights[this.at]!;
    const entry = this.plan.entries[this.at]!;
    if (this.gathered !== undefined) {
      const slot = this.target.subarray(entry.offset, entry.offset + entry.byteLength);
      decodeWeight({ ...weight, sourceOffset: 0 }, this.gathered, slot);
      this.gathered = undefined;
    }
    this.at++;
    this.skipEmpty();
  }

  /** Weights of no bytes (a zero in the shape) take none of the stream. */
  private skipEmpty(): void {
    while (this.plan.weights[this.at]?.sourceBytes === 0) this.at++;
  }
}
