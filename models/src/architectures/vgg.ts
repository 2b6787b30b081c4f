import { GraphBuilder } from '../graph/builder';
import { classify, CLASSES } from './common';

const CONFIGS = {
  16: [2, 2, 3, 3, 3],
  19: [2, 2, 4, 4, 4],
} as const;
const WIDTHS = [64, 128, 256, 512, 512];

/** VGG-16 and VGG-19 (138.4 M and 143.7 M parameters at 224x224); the FC layers grow with the input. */
export function vgg(depth: 16 | 19, b: GraphBuilder, height = 224, width = 224): void {
  let x = b.input(height, width, 3);
  CONFIGS[depth].forEach((convs, stage) => {
    for (let i = 0; i < convs; i++) {
      x = b.conv(x, `block${stage + 1}/conv${i + 1}`, {
        filters: WIDTHS[stage]!,
        kernel: 3,
        activation: 'relu',
      });
    }
    x = b.maxPool(x, `block${stage + 1}/pool`, 2, 2);
  });
  x = b.flatten(x, 'flatten');
  x = b.dense(x, 'fc1', 4096, 'relu');
  x = b.dense(x, 'fc2', 4096, 'relu');
  classify(b, b.dense(x, 'predictions/fc', CLASSES));
}
