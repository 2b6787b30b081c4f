import { GraphBuilder, Value } from '../graph/builder';
import { classify, CLASSES, convBnRelu } from './common';

type Kernel = number | [number, number];

/** Inception v3 as Keras defines it (23.9 M parameters, 299x299), batch norm folded. */
export function inceptionV3(b: GraphBuilder): void {
  let n = 0;
  const cbr = (
    x: Value,
    filters: number,
    kernel: Kernel,
    stride = 1,
    padding: 'SAME' | 'VALID' = 'SAME',
  ): Value => convBnRelu(b, x, `conv2d_${++n}`, filters, kernel, stride, padding);
  const avgBranch = (x: Value, scope: string, filters: number): Value =>
    cbr(b.avgPool(x, scope, 3, 1, 'SAME'), filters, 1);

  let x = b.input(299, 299, 3);
  x = cbr(x, 32, 3, 2, 'VALID');
  x = cbr(x, 32, 3, 1, 'VALID');
  x = cbr(x, 64, 3);
  x = b.maxPool(x, 'pool1', 3, 2);
  x = cbr(x, 80, 1, 1, 'VALID');
  x = cbr(x, 192, 3, 1, 'VALID');
  x = b.maxPool(x, 'pool2', 3, 2);

  for (const [i, pool] of [32, 64, 64].entries()) {
    const b1 = cbr(x, 64, 1);
    const b5 = cbr(cbr(x, 48, 1), 64, 5);
    const b3 = cbr(cbr(cbr(x, 64, 1), 96, 3), 96, 3);
    x = b.concat([b1, b5, b3, avgBranch(x, `mixed${i}/pool`, pool)], `mixed${i}`);
  }
  {
    const b3 = cbr(x, 384, 3, 2, 'VALID');
    const bd = cbr(cbr(cbr(x, 64, 1), 96, 3), 96, 3, 2, 'VALID');
    x = b.concat([b3, bd, b.maxPool(x, 'mixed3/pool', 3, 2)], 'mixed3');
  }
  for (const [i, c] of [128, 160, 160, 192].entries()) {
    const b1 = cbr(x, 192, 1);
    const b7 = cbr(cbr(cbr(x, c, 1), c, [1, 7]), 192, [7, 1]);
    const bd = cbr(cbr(cbr(cbr(cbr(x, c, 1), c, [7, 1]), c, [1, 7]), c, [7, 1]), 192, [1, 7]);
    x = b.concat([b1, b7, bd, avgBranch(x, `mixed${i + 4}/pool`, 192)], `mixed${i + 4}`);
  }
  {
    const b3 = cbr(cbr(x, 192, 1), 320, 3, 2, 'VALID');
    const b7 = cbr(cbr(cbr(cbr(x, 192, 1), 192, [1, 7]), 192, [7, 1]), 192, 3, 2, 'VALID');
    x = b.concat([b3, b7, b.maxPool(x, 'mixed8/pool', 3, 2)], 'mixed8');
  }
  for (const i of [9, 10]) {
    const b1 = cbr(x, 320, 1);
    const r3 = cbr(x, 384, 1);
    const b3 = b.concat([cbr(r3, 384, [1, 3]), cbr(r3, 384, [3, 1])], `mixed${i}/b3`);
    const rd = cbr(cbr(x, 448, 1), 384, 3);
    const bd = b.concat([cbr(rd, 384, [1, 3]), cbr(rd, 384, [3, 1])], `mixed${i}/bd`);
    x = b.concat([b1, b3, bd, avgBranch(x, `mixed${i}/pool`, 192)], `mixed${i}`);
  }
  classify(b, b.dense(b.globalAvgPool(x, 'avg_pool'), 'predictions', CLASSES));
}
