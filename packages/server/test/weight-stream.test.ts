import { expect } from 'chai';
import * as crypto from 'node:crypto';

import { planSegment, sealContents, writeLayout, writeSegment } from '../src/layout/build-segment';
import { ManifestWeight, planWeights } from '../src/layout/decode-weights';
import { WeightStream } from '../src/layout/weight-stream';

/** Every stored form a manifest may use, a weight of no bytes among them. */
const SPECS: ManifestWeight[] = [
  { name: 'f32', dtype: 'float32', shape: [3, 5] },
  { name: 'empty', dtype: 'float32', shape: [0, 4] },
  { name: 'i32', dtype: 'int32', shape: [7] },
  { name: 'flags', dtype: 'bool', shape: [9] },
  {
    name: 'u8',
    dtype: 'float32',
    shape: [33],
    quantization: { dtype: 'uint8', min: -1, scale: 0.01 },
  },
  { name: 'u16', dtype: 'int32', shape: [11], quantization: { dtype: 'uint16', min: 3, scale: 2 } },
  { name: 'f16', dtype: 'float32', shape: [2, 13], quantization: { dtype: 'float16' } },
  { name: 'tail', dtype: 'float32', shape: [1] },
];

describe('WeightStream: shards written into the segment as they arrive', function () {
  const plan = planSegment({ format: 'graph-model' }, planWeights(SPECS, 'test'));
  const stored = plan.weights.reduce((sum, w) => sum + w.sourceBytes, 0);

  it('gives the very segment the whole-buffer conversion gives, however the bytes are cut', () => {
    for (let run = 0; run < 200; run++) {
      const data = crypto.randomBytes(stored);
      const whole = new Uint8Array(plan.totalBytes);
      writeSegment(plan, data, 'ab'.repeat(32), whole);
      const streamed = new Uint8Array(plan.totalBytes);
      writeLayout(plan, streamed);
      const stream = new WeightStream(plan, streamed);
      for (let at = 0; at < data.length;) {
        const size = 1 + crypto.randomInt(run % 2 === 0 ? 8 : 200);
        stream.add(data.subarray(at, at + size));
        at += size;
      }
      sealContents(streamed, 'ab'.repeat(32));
      expect(stream.received).to.equal(stored);
      expect(Buffer.from(streamed).equals(Buffer.from(whole)), `run ${run}`).to.equal(true);
    }
  });

  it('refuses a byte past the weights declared', () => {
    const stream = new WeightStream(plan, new Uint8Array(plan.totalBytes));
    stream.add(new Uint8Array(stored));
    expect(() => stream.add(new Uint8Array(1))).to.throw(
      /more than the \d+ bytes of weights declared/,
    );
  });
});
