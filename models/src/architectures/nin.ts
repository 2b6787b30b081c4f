import { GraphBuilder, Value } from '../graph/builder';
import { classify, convBnRelu } from './common';

/** Network-in-Network for ImageNet (Caffe model zoo "NIN-Imagenet", 7.6 M parameters, 224x224). */
export function nin(b: GraphBuilder): void {
  let x: Value = b.input(224, 224, 3);
  const stages: Array<[number, number, number, number]> = [
    [96, 11, 4, 1], // filters, kernel, stride, stage
    [256, 5, 1, 2],
    [384, 3, 1, 3],
  ];
  for (const [filters, kernel, stride, stage] of stages) {
    x = convBnRelu(b, x, `conv${stage}`, filters, kernel, stride, stage === 1 ? 'VALID' : 'SAME');
    x = convBnRelu(b, x, `cccp${2 * stage - 1}`, filters, 1);
    x = convBnRelu(b, x, `cccp${2 * stage}`, filters, 1);
    x = b.maxPool(x, `pool${stage}`, 3, 2);
  }
  x = convBnRelu(b, x, 'conv4-1024', 1024, 3);
  x = convBnRelu(b, x, 'cccp7-1024', 1024, 1);
  x = convBnRelu(b, x, 'cccp8-1024', 1000, 1);
  classify(b, b.globalAvgPool(x, 'pool4'));
}
