import { GraphBuilder, Value } from '../graph/builder';
import { classify, CLASSES } from './common';

/** MobileNet v1 (1.0, 224) as Keras defines it (4.25 M parameters), batch norm folded. */
export function mobilenetV1(b: GraphBuilder): void {
  let x = b.input(224, 224, 3);
  x = b.conv(x, 'conv1', { filters: 32, kernel: 3, stride: 2, activation: 'relu6' });
  const blocks: Array<[number, number]> = [
    [64, 1],
    [128, 2],
    [128, 1],
    [256, 2],
    [256, 1],
    [512, 2],
    [512, 1],
    [512, 1],
    [512, 1],
    [512, 1],
    [512, 1],
    [1024, 2],
    [1024, 1],
  ];
  blocks.forEach(([filters, stride], i) => {
    x = b.depthwise(x, `conv_dw_${i + 1}`, { kernel: 3, stride, activation: 'relu6' });
    x = b.conv(x, `conv_pw_${i + 1}`, { filters, kernel: 1, activation: 'relu6' });
  });
  classify(b, b.dense(b.globalAvgPool(x, 'global_pool'), 'conv_preds', CLASSES));
}

function invertedResidual(
  b: GraphBuilder,
  x: Value,
  scope: string,
  expand: number,
  out: number,
  stride: number,
): Value {
  const hidden = x.shape[2]! * expand;
  let y =
    expand === 1
      ? x
      : b.conv(x, `${scope}/expand`, { filters: hidden, kernel: 1, activation: 'relu6' });
  y = b.depthwise(y, `${scope}/depthwise`, { kernel: 3, stride, activation: 'relu6' });
  y = b.conv(y, `${scope}/project`, { filters: out, kernel: 1, gain: 0.5 });
  return stride === 1 && x.shape[2] === out ? b.add(x, y, scope) : y;
}

/** MobileNet v2 as torchvision defines it (3.5 M parameters), batch norm folded. */
export function mobilenetV2(b: GraphBuilder): void {
  let x = b.input(224, 224, 3);
  x = b.conv(x, 'features/0', { filters: 32, kernel: 3, stride: 2, activation: 'relu6' });
  const settings: Array<[number, number, number, number]> = [
    [1, 16, 1, 1],
    [6, 24, 2, 2],
    [6, 32, 3, 2],
    [6, 64, 4, 2],
    [6, 96, 3, 1],
    [6, 160, 3, 2],
    [6, 320, 1, 1],
  ];
  let index = 1;
  for (const [t, c, n, s] of settings) {
    for (let i = 0; i < n; i++)
      x = invertedResidual(b, x, `features/${index++}`, t, c, i === 0 ? s : 1);
  }
  x = b.conv(x, `features/${index}`, { filters: 1280, kernel: 1, activation: 'relu6' });
  classify(b, b.dense(b.globalAvgPool(x, 'avgpool'), 'classifier', CLASSES));
}
