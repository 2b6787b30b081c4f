import { GraphBuilder, Value } from '../graph/builder';
import { classify, CLASSES, convBnRelu } from './common';

export interface ResNetSpec {
  bottleneck: boolean;
  blocks: [number, number, number, number];
  groups?: number;
  /** Channels per group of the 3x3 conv at 64 planes (torchvision's base_width). */
  baseWidth?: number;
}

export const RESNETS: Record<string, ResNetSpec> = {
  resnet18: { bottleneck: false, blocks: [2, 2, 2, 2] },
  resnet34: { bottleneck: false, blocks: [3, 4, 6, 3] },
  resnet50: { bottleneck: true, blocks: [3, 4, 6, 3] },
  resnet101: { bottleneck: true, blocks: [3, 4, 23, 3] },
  resnet152: { bottleneck: true, blocks: [3, 8, 36, 3] },
  resnext50: { bottleneck: true, blocks: [3, 4, 6, 3], groups: 32, baseWidth: 4 },
  wide_resnet50: { bottleneck: true, blocks: [3, 4, 6, 3], baseWidth: 128 },
};

// The last conv of each residual branch starts small, so that deep stacks stay well-scaled.
const BRANCH_GAIN = 0.2;

function block(
  b: GraphBuilder,
  x: Value,
  scope: string,
  planes: number,
  stride: number,
  spec: ResNetSpec,
): Value {
  const out = spec.bottleneck ? planes * 4 : planes;
  let branch: Value;
  if (spec.bottleneck) {
    const groups = spec.groups ?? 1;
    const width = Math.floor(planes * ((spec.baseWidth ?? 64) / 64)) * groups;
    branch = convBnRelu(b, x, `${scope}/conv1`, width, 1);
    branch = b.groupedConv(branch, `${scope}/conv2`, groups, {
      filters: width,
      kernel: 3,
      stride,
      activation: 'relu',
    });
    branch = b.conv(branch, `${scope}/conv3`, { filters: out, kernel: 1, gain: BRANCH_GAIN });
  } else {
    branch = convBnRelu(b, x, `${scope}/conv1`, planes, 3, stride);
    branch = b.conv(branch, `${scope}/conv2`, { filters: out, kernel: 3, gain: BRANCH_GAIN });
  }
  const shortcut =
    stride !== 1 || x.shape[2] !== out
      ? b.conv(x, `${scope}/downsample`, { filters: out, kernel: 1, stride })
      : x;
  return b.relu(b.add(branch, shortcut, scope), scope);
}

/** ResNet, ResNeXt and Wide ResNet as torchvision defines them, batch norm folded. */
export function resnet(spec: ResNetSpec, b: GraphBuilder): void {
  let x = b.input(224, 224, 3);
  x = convBnRelu(b, x, 'conv1', 64, 7, 2);
  x = b.maxPool(x, 'maxpool', 3, 2, 'SAME');
  spec.blocks.forEach((count, stage) => {
    for (let i = 0; i < count; i++) {
      x = block(b, x, `layer${stage + 1}/${i}`, 64 << stage, i === 0 && stage > 0 ? 2 : 1, spec);
    }
  });
  x = b.globalAvgPool(x, 'avgpool');
  classify(b, b.dense(x, 'fc', CLASSES));
}
