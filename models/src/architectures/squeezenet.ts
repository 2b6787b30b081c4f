import { GraphBuilder, Value } from '../graph/builder';
import { classify, convBnRelu } from './common';

function fire(b: GraphBuilder, x: Value, scope: string, squeeze: number, expand: number): Value {
  const s = convBnRelu(b, x, `${scope}/squeeze`, squeeze, 1);
  return b.concat(
    [
      convBnRelu(b, s, `${scope}/expand1x1`, expand, 1),
      convBnRelu(b, s, `${scope}/expand3x3`, expand, 3),
    ],
    scope,
  );
}

/** SqueezeNet 1.0 (1.25 M parameters) and 1.1 (1.24 M), as torchvision defines them. */
export function squeezenet(version: '1.0' | '1.1', b: GraphBuilder): void {
  let x = b.input(224, 224, 3);
  const fires: Array<[number, number] | 'pool'> =
    version === '1.0'
      ? [
          [16, 64],
          [16, 64],
          [32, 128],
          'pool',
          [32, 128],
          [48, 192],
          [48, 192],
          [64, 256],
          'pool',
          [64, 256],
        ]
      : [
          [16, 64],
          [16, 64],
          'pool',
          [32, 128],
          [32, 128],
          'pool',
          [48, 192],
          [48, 192],
          [64, 256],
          [64, 256],
        ];
  x =
    version === '1.0'
      ? convBnRelu(b, x, 'conv1', 96, 7, 2, 'VALID')
      : convBnRelu(b, x, 'conv1', 64, 3, 2, 'VALID');
  x = b.maxPool(x, 'pool1', 3, 2);
  let index = 2;
  fires.forEach((step, i) => {
    if (step === 'pool') x = b.maxPool(x, `pool${i}`, 3, 2);
    else x = fire(b, x, `fire${index++}`, step[0], step[1]);
  });
  x = convBnRelu(b, x, 'conv10', 1000, 1);
  classify(b, b.globalAvgPool(x, 'avgpool'));
}
