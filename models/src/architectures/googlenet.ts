import { GraphBuilder, Value } from '../graph/builder';
import { classify, CLASSES, convBnRelu } from './common';

type InceptionSpec = [number, number, number, number, number, number];

function inception(
  b: GraphBuilder,
  x: Value,
  scope: string,
  [c1, r3, c3, r5, c5, pool]: InceptionSpec,
): Value {
  const branch1 = convBnRelu(b, x, `${scope}/branch1`, c1, 1);
  const branch2 = convBnRelu(
    b,
    convBnRelu(b, x, `${scope}/branch2a`, r3, 1),
    `${scope}/branch2b`,
    c3,
    3,
  );
  // torchvision's GoogLeNet uses a 3x3 conv in the "5x5" branch.
  const branch3 = convBnRelu(
    b,
    convBnRelu(b, x, `${scope}/branch3a`, r5, 1),
    `${scope}/branch3b`,
    c5,
    3,
  );
  const branch4 = convBnRelu(
    b,
    b.maxPool(x, `${scope}/branch4pool`, 3, 1, 'SAME'),
    `${scope}/branch4`,
    pool,
    1,
  );
  return b.concat([branch1, branch2, branch3, branch4], scope);
}

/** GoogLeNet (Inception v1) as torchvision defines it, without auxiliary heads (6.6 M parameters). */
export function googlenet(b: GraphBuilder): void {
  let x = b.input(224, 224, 3);
  x = convBnRelu(b, x, 'conv1', 64, 7, 2);
  x = b.maxPool(x, 'maxpool1', 3, 2, 'SAME');
  x = convBnRelu(b, x, 'conv2', 64, 1);
  x = convBnRelu(b, x, 'conv3', 192, 3);
  x = b.maxPool(x, 'maxpool2', 3, 2, 'SAME');
  x = inception(b, x, 'inception3a', [64, 96, 128, 16, 32, 32]);
  x = inception(b, x, 'inception3b', [128, 128, 192, 32, 96, 64]);
  x = b.maxPool(x, 'maxpool3', 3, 2, 'SAME');
  x = inception(b, x, 'inception4a', [192, 96, 208, 16, 48, 64]);
  x = inception(b, x, 'inception4b', [160, 112, 224, 24, 64, 64]);
  x = inception(b, x, 'inception4c', [128, 128, 256, 24, 64, 64]);
  x = inception(b, x, 'inception4d', [112, 144, 288, 32, 64, 64]);
  x = inception(b, x, 'inception4e', [256, 160, 320, 32, 128, 128]);
  x = b.maxPool(x, 'maxpool4', 2, 2, 'SAME');
  x = inception(b, x, 'inception5a', [256, 160, 320, 32, 128, 128]);
  x = inception(b, x, 'inception5b', [384, 192, 384, 48, 128, 128]);
  classify(b, b.dense(b.globalAvgPool(x, 'avgpool'), 'fc', CLASSES));
}
