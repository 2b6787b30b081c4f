import { GraphBuilder, Value } from '../graph/builder';
import { classify, CLASSES } from './common';

const GROWTH = 32;
const BOTTLENECK = 4;

/** Pre-activation batch norm cannot fold into a conv: it stays a per-channel scale and shift, then ReLU. */
function bnRelu(b: GraphBuilder, x: Value, scope: string): Value {
  return b.relu(b.scaleShift(x, scope), scope);
}

/** DenseNet-121 and -169 as torchvision defines them (8.0 M and 14.1 M parameters). */
export function densenet(blocks: number[], b: GraphBuilder): void {
  let x = b.input(224, 224, 3);
  x = b.conv(x, 'features/conv0', { filters: 64, kernel: 7, stride: 2, activation: 'relu' }); // norm0 folded
  x = b.maxPool(x, 'features/pool0', 3, 2, 'SAME');
  blocks.forEach((layers, i) => {
    for (let l = 0; l < layers; l++) {
      const scope = `features/denseblock${i + 1}/layer${l + 1}`;
      // norm2 follows conv1 directly, so it folds into conv1's bias.
      let y = b.conv(bnRelu(b, x, `${scope}/norm1`), `${scope}/conv1`, {
        filters: BOTTLENECK * GROWTH,
        kernel: 1,
        activation: 'relu',
      });
      y = b.conv(y, `${scope}/conv2`, { filters: GROWTH, kernel: 3, bias: false });
      x = b.concat([x, y], scope);
    }
    if (i < blocks.length - 1) {
      const scope = `features/transition${i + 1}`;
      x = b.conv(bnRelu(b, x, `${scope}/norm`), `${scope}/conv`, {
        filters: x.shape[2]! / 2,
        kernel: 1,
        bias: false,
      });
      x = b.avgPool(x, `${scope}/pool`, 2, 2);
    }
  });
  x = bnRelu(b, x, 'features/norm5');
  classify(b, b.dense(b.globalAvgPool(x, 'avgpool'), 'classifier', CLASSES));
}
