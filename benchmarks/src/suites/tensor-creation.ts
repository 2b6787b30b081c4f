/**
 * Creating a weight tensor over memory TrIMS lends (a sealed segment
 * mapped read-only) against tf.tensor() of the same data, from 1 MB to
 * 512 MB. Both are timed until TensorFlow holds a usable tensor: a
 * reshape forces tfjs-node to hand the data to TensorFlow, which copies
 * a buffer that is not 64-byte aligned, as V8's heap buffers usually are.
 */
import { performance } from 'node:perf_hooks';

import { binding, closeFd, createSealedSegment, mapReadOnly } from '@trims/native-cuda';
import { createTensorFromMemory, loadFramework } from '@trims/tensorflow';

import { writeResults } from '../output';
import { summarize } from '../stats';

const SIZES_MB = [1, 4, 16, 64, 128, 256, 512];
const REPETITIONS = 7;

export function tensorCreation(): void {
  const { tf } = loadFramework();
  const rows: Array<Record<string, string | number>> = [];
  console.log('tensor-creation: ms until TensorFlow holds the tensor (median of 7, min-max)');
  console.log(
    '     size    createTensorFromMemory          tf.tensor()              ratio   heap data 64B-aligned',
  );
  for (const mb of SIZES_MB) {
    const bytes = mb * 2 ** 20;
    const elements = bytes / 4;
    const fd = createSealedSegment('trims-bench', bytes, (target) =>
      new Float32Array(target.buffer).fill(0.5),
    );
    const segment = mapReadOnly(fd, { populate: true });
    const heap = new Float32Array(elements).fill(0.5);
    const heapAligned = binding.addressOf(heap.buffer) % 64n === 0n;
    const shared: number[] = [];
    const copied: number[] = [];
    for (let i = 0; i < REPETITIONS; i++) {
      let start = performance.now();
      const a = createTensorFromMemory(new Float32Array(segment), [elements], 'float32');
      const ar = tf.reshape(a, [elements / 4, 4]);
      shared.push(performance.now() - start);
      start = performance.now();
      const b = tf.tensor1d(heap);
      const br = tf.reshape(b, [elements / 4, 4]);
      copied.push(performance.now() - start);
      if (i === 0 && tf.sum(ar).dataSync()[0] !== tf.sum(br).dataSync()[0])
        throw new Error('tensors differ');
      tf.dispose([a, ar, b, br]);
    }
    closeFd(fd);
    const s = summarize(shared);
    const c = summarize(copied);
    const ratio = c.median / s.median;
    rows.push({
      megabytes: mb,
      shared_median_ms: +s.median.toFixed(3),
      shared_min_ms: +s.min.toFixed(3),
      shared_max_ms: +s.max.toFixed(3),
      tftensor_median_ms: +c.median.toFixed(3),
      tftensor_min_ms: +c.min.toFixed(3),
      tftensor_max_ms: +c.max.toFixed(3),
      ratio: +ratio.toFixed(1),
      heap_aligned: heapAligned ? 'yes' : 'no',
    });
    console.log(
      `  ${String(mb).padStart(4)} MB   ${s.median.toFixed(3).padStart(8)} (${s.min.toFixed(3)}-${s.max.toFixed(3)})   ` +
        `${c.median.toFixed(2).padStart(8)} (${c.min.toFixed(2)}-${c.max.toFixed(2)})   ${ratio.toFixed(1).padStart(7)}x   ${heapAligned ? 'yes' : 'no'}`,
    );
  }
  const files = writeResults('tensor-creation', rows, {
    method:
      'same process; each size: 7 repetitions of create + reshape; segment pre-faulted (MAP_POPULATE); heap data filled before timing',
  });
  console.log(`  results: ${files.join(', ')}`);
}
