import * as os from 'node:os';

import { GraphBuilder } from '../graph/builder';
import { LAYERS_ARCHITECTURES } from '../layers/sequential';
import { alexnet, caffenet } from './alexnet';
import { densenet } from './densenet';
import { googlenet } from './googlenet';
import { inceptionV3 } from './inception-v3';
import { mobilenetV1, mobilenetV2 } from './mobilenet';
import { nin } from './nin';
import { resnet, RESNETS } from './resnet';
import { squeezenet } from './squeezenet';
import { vgg } from './vgg';
import { xception } from './xception';

export interface Architecture {
  name: string;
  build(builder: GraphBuilder): void;
  /** The published parameter count this build is checked against, and where it is from. */
  published: number;
  source: string;
}

const TORCHVISION = 'torchvision (batch norm counted as weight and bias)';
const KERAS = 'Keras applications (batch norm counted with its statistics)';

const PAPER: Architecture[] = [
  { name: 'alexnet', build: (b) => alexnet(b), published: 61_100_840, source: 'torchvision' },
  { name: 'caffenet', build: caffenet, published: 60_965_224, source: 'BVLC reference CaffeNet' },
  { name: 'googlenet', build: googlenet, published: 6_624_904, source: TORCHVISION },
  { name: 'inception_v3', build: inceptionV3, published: 23_851_784, source: KERAS },
  {
    name: 'resnet18',
    build: (b) => resnet(RESNETS.resnet18!, b),
    published: 11_689_512,
    source: TORCHVISION,
  },
  {
    name: 'resnet34',
    build: (b) => resnet(RESNETS.resnet34!, b),
    published: 21_797_672,
    source: TORCHVISION,
  },
  {
    name: 'resnet50',
    build: (b) => resnet(RESNETS.resnet50!, b),
    published: 25_557_032,
    source: TORCHVISION,
  },
  {
    name: 'resnet101',
    build: (b) => resnet(RESNETS.resnet101!, b),
    published: 44_549_160,
    source: TORCHVISION,
  },
  {
    name: 'resnet152',
    build: (b) => resnet(RESNETS.resnet152!, b),
    published: 60_192_808,
    source: TORCHVISION,
  },
  {
    name: 'resnext50_32x4d',
    build: (b) => resnet(RESNETS.resnext50!, b),
    published: 25_028_904,
    source: TORCHVISION,
  },
  {
    name: 'wide_resnet50_2',
    build: (b) => resnet(RESNETS.wide_resnet50!, b),
    published: 68_883_240,
    source: TORCHVISION,
  },
  {
    name: 'squeezenet1_0',
    build: (b) => squeezenet('1.0', b),
    published: 1_248_424,
    source: 'torchvision',
  },
  {
    name: 'squeezenet1_1',
    build: (b) => squeezenet('1.1', b),
    published: 1_235_496,
    source: 'torchvision',
  },
  { name: 'vgg16', build: (b) => vgg(16, b), published: 138_357_544, source: 'torchvision' },
  { name: 'vgg19', build: (b) => vgg(19, b), published: 143_667_240, source: 'torchvision' },
  { name: 'mobilenet_v1', build: mobilenetV1, published: 4_253_864, source: KERAS },
  { name: 'mobilenet_v2', build: mobilenetV2, published: 3_504_872, source: TORCHVISION },
  {
    name: 'densenet121',
    build: (b) => densenet([6, 12, 24, 16], b),
    published: 7_978_856,
    source: TORCHVISION,
  },
  {
    name: 'densenet169',
    build: (b) => densenet([6, 12, 32, 32], b),
    published: 14_149_480,
    source: TORCHVISION,
  },
  { name: 'xception', build: xception, published: 22_910_480, source: KERAS },
  {
    name: 'nin',
    build: nin,
    published: 7_595_176,
    source: 'Caffe model zoo NIN-Imagenet (from its prototxt)',
  },
];

/** The paper's large models: AlexNet and VGG-16 with enlarged inputs (their FC layers grow). */
const LARGE_INPUTS: Record<'alexnet' | 'vgg16', Array<[number, number]>> = {
  alexnet: [
    [227, 227],
    [454, 454],
    [681, 681],
    [908, 908],
    [1080, 1080],
    [1080, 1440],
    [1080, 1920],
  ],
  vgg16: [
    [224, 224],
    [448, 448],
    [672, 672],
    [896, 896],
    [1120, 1120],
    [1344, 1344],
  ],
};

export interface LargeVariant extends Architecture {
  base: 'alexnet' | 'vgg16';
  input: [number, number];
}

/**
 * The large series, up to the largest model that fits this machine beside
 * a daemon and a baseline process: each holds the weights, and the
 * baseline's loader holds them about twice more while decoding, so a model
 * may take a sixth of physical memory.
 */
export function largeVariants(memoryBytes = os.totalmem()): {
  variants: LargeVariant[];
  limitBytes: number;
} {
  const limitBytes = Math.floor(memoryBytes / 6);
  const variants: LargeVariant[] = [];
  for (const base of ['alexnet', 'vgg16'] as const) {
    for (const [h, w] of LARGE_INPUTS[base]) {
      const build = (b: GraphBuilder): void =>
        base === 'alexnet' ? alexnet(b, h, w) : vgg(16, b, h, w);
      const probe = new GraphBuilder();
      build(probe);
      if (probe.parameterCount() * 4 > limitBytes) break;
      variants.push({
        name: `${base}_${h}x${w}`,
        build,
        published: probe.parameterCount(),
        source: 'enlarged input',
        base,
        input: [h, w],
      });
    }
  }
  return { variants, limitBytes };
}

export const SETS: Record<'small' | 'paper' | 'layers', string[]> = {
  small: ['squeezenet1_1', 'mobilenet_v2', 'googlenet', 'resnet18'],
  paper: PAPER.map((architecture) => architecture.name),
  layers: Object.keys(LAYERS_ARCHITECTURES),
};

export function architecture(name: string): Architecture {
  const found =
    PAPER.find((a) => a.name === name) ?? largeVariants().variants.find((a) => a.name === name);
  if (found === undefined) {
    throw new Error(
      `unknown model "${name}"; known: ${PAPER.map((a) => a.name).join(', ')}, the large set (alexnet_HxW, vgg16_HxW), and the Layers models (${Object.keys(LAYERS_ARCHITECTURES).join(', ')})`,
    );
  }
  return found;
}

/** Names from a set name or a comma-separated list. */
export function resolveSet(selection: string): string[] {
  if (selection === 'large') return largeVariants().variants.map((v) => v.name);
  if (selection === 'small' || selection === 'paper' || selection === 'layers')
    return SETS[selection];
  const names = selection
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  // fail early, naming the unknown one
  names.filter((name) => !(name in LAYERS_ARCHITECTURES)).forEach(architecture);
  return names;
}
