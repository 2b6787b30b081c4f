import { GraphBuilder, Value } from '../graph/builder';
import { classify, CLASSES, convBnRelu } from './common';

/** Keras SeparableConv2D (no bias) + batch norm folded into the pointwise conv. */
function separable(
  b: GraphBuilder,
  x: Value,
  scope: string,
  filters: number,
  activation: 'relu' | 'linear',
): Value {
  const depthwise = b.depthwise(x, `${scope}/depthwise`, { kernel: 3, bias: false });
  return b.conv(depthwise, `${scope}/pointwise`, { filters, kernel: 1, activation });
}

/** Xception as Keras defines it (22.9 M parameters, 299x299), batch norm folded. */
export function xception(b: GraphBuilder): void {
  let x = b.input(299, 299, 3);
  x = convBnRelu(b, x, 'block1_conv1', 32, 3, 2, 'VALID');
  x = convBnRelu(b, x, 'block1_conv2', 64, 3, 1, 'VALID');
  for (const [i, filters] of [128, 256, 728].entries()) {
    const scope = `block${i + 2}`;
    const residual = b.conv(x, `${scope}/residual`, { filters, kernel: 1, stride: 2 });
    let y = i === 0 ? x : b.relu(x, `${scope}/sepconv1_act`);
    y = separable(b, y, `${scope}/sepconv1`, filters, 'relu');
    y = separable(b, y, `${scope}/sepconv2`, filters, 'linear');
    x = b.add(b.maxPool(y, `${scope}/pool`, 3, 2, 'SAME'), residual, scope);
  }
  for (let i = 0; i < 8; i++) {
    const scope = `block${i + 5}`;
    let y = b.relu(x, `${scope}/sepconv1_act`);
    y = separable(b, y, `${scope}/sepconv1`, 728, 'relu');
    y = separable(b, y, `${scope}/sepconv2`, 728, 'relu');
    y = separable(b, y, `${scope}/sepconv3`, 728, 'linear');
    x = b.add(y, x, scope);
  }
  const residual = b.conv(x, 'block13/residual', { filters: 1024, kernel: 1, stride: 2 });
  let y = separable(b, b.relu(x, 'block13/sepconv1_act'), 'block13/sepconv1', 728, 'relu');
  y = separable(b, y, 'block13/sepconv2', 1024, 'linear');
  x = b.add(b.maxPool(y, 'block13/pool', 3, 2, 'SAME'), residual, 'block13');
  x = separable(b, x, 'block14/sepconv1', 1536, 'relu');
  x = separable(b, x, 'block14/sepconv2', 2048, 'relu');
  classify(b, b.dense(b.globalAvgPool(x, 'avg_pool'), 'predictions', CLASSES));
}
