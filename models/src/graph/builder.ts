import { attr, AttrValue, NodeDef } from './attrs';
import { elementsOf, Init, WeightSpec } from './weights';

/** A value in the graph: its node name and its shape without the batch dimension. */
export interface Value {
  name: string;
  shape: number[];
}

export type Activation = 'relu' | 'relu6' | 'linear';
export type Padding = 'SAME' | 'VALID';

export interface ConvOptions {
  filters: number;
  kernel: number | [number, number];
  stride?: number;
  padding?: Padding;
  activation?: Activation;
  /** Folded batch norm or a real bias; false only for a conv feeding a non-foldable op. */
  bias?: boolean;
  /** Scales the He initialisation (e.g. down for the last conv of a residual branch). */
  gain?: number;
}

const FLOAT = 'DT_FLOAT';
const NHWC = attr.string('NHWC');
const FUSED_ACTIVATION: Record<Activation, string[]> = {
  linear: ['BiasAdd'],
  relu: ['BiasAdd', 'Relu'],
  relu6: ['BiasAdd', 'Relu6'],
};

/** The attributes every converter-written convolution carries. */
function convolutionAttrs(stride: number, padding: Padding): Record<string, AttrValue> {
  return {
    T: attr.type(FLOAT),
    strides: attr.ints([1, stride, stride, 1]),
    padding: attr.string(padding),
    data_format: NHWC,
    dilations: attr.ints([1, 1, 1, 1]),
    explicit_paddings: attr.emptyList(),
  };
}

function spatial(size: number, kernel: number, stride: number, padding: Padding): number {
  return padding === 'SAME' ? Math.ceil(size / stride) : Math.floor((size - kernel) / stride) + 1;
}

/**
 * Builds a tfjs graph model's topology the way the converter writes one:
 * Placeholder input, Const weights, converter-fused ops (_FusedConv2D,
 * FusedDepthwiseConv2dNative, _FusedMatMul with BiasAdd and an
 * activation; batch norm folded into biases), NHWC throughout, and an
 * Identity output. Weight values are described, not held (see WeightSpec).
 */
export class GraphBuilder {
  readonly nodes: NodeDef[] = [];
  readonly weights: WeightSpec[] = [];
  private readonly names = new Map<string, number>();
  inputValue: Value | undefined;
  outputValue: Value | undefined;

  private unique(base: string): string {
    const count = this.names.get(base) ?? 0;
    this.names.set(base, count + 1);
    return count === 0 ? base : `${base}_${count}`;
  }

  private node(
    op: string,
    base: string,
    inputs: string[],
    attrs: Record<string, AttrValue>,
  ): string {
    const name = this.unique(base);
    this.nodes.push({ name, op, input: inputs, attr: attrs });
    return name;
  }

  private constant(
    base: string,
    shape: number[],
    init: Init,
    dtype: 'float32' | 'int32' = 'float32',
  ): string {
    const name = this.unique(base);
    const tfType = dtype === 'float32' ? FLOAT : 'DT_INT32';
    this.nodes.push({
      name,
      op: 'Const',
      attr: { value: attr.tensor(tfType, shape), dtype: attr.type(tfType) },
    });
    this.weights.push({ name, shape, dtype, init });
    return name;
  }

  private intConstant(base: string, values: number[], shape = [values.length]): string {
    return this.constant(base, shape, { kind: 'values', values }, 'int32');
  }

  input(height: number, width: number, channels: number): Value {
    const name = this.unique('input');
    this.nodes.push({
      name,
      op: 'Placeholder',
      attr: { dtype: attr.type(FLOAT), shape: attr.shape([-1, height, width, channels]) },
    });
    this.inputValue = { name, shape: [height, width, channels] };
    return this.inputValue;
  }

  conv(x: Value, scope: string, options: ConvOptions): Value {
    const [kh, kw] =
      typeof options.kernel === 'number' ? [options.kernel, options.kernel] : options.kernel;
    const stride = options.stride ?? 1;
    const padding = options.padding ?? 'SAME';
    const [h, w, c] = x.shape as [number, number, number];
    const filter = this.constant(`${scope}/kernel`, [kh, kw, c, options.filters], {
      kind: 'he',
      fanIn: kh * kw * c,
      gain: options.gain,
    });
    const common = { ...convolutionAttrs(stride, padding), use_cudnn_on_gpu: attr.bool(true) };
    const shape = [
      spatial(h, kh, stride, padding),
      spatial(w, kw, stride, padding),
      options.filters,
    ];
    if (options.bias === false) {
      if ((options.activation ?? 'linear') !== 'linear')
        throw new Error(`${scope}: an activation needs the bias form`);
      return { name: this.node('Conv2D', `${scope}/Conv2D`, [x.name, filter], common), shape };
    }
    const bias = this.constant(`${scope}/bias`, [options.filters], {
      kind: 'uniform',
      low: -0.05,
      high: 0.05,
    });
    const fused = FUSED_ACTIVATION[options.activation ?? 'linear'];
    const name = this.node('_FusedConv2D', `${scope}/Conv2D`, [x.name, filter, bias], {
      ...common,
      num_args: attr.int(1),
      fused_ops: attr.strings(fused),
      epsilon: attr.float(0),
      leakyrelu_alpha: attr.float(0.2),
    });
    return { name, shape };
  }

  /** A grouped convolution as the converter leaves it: Split, one conv per group, ConcatV2. */
  groupedConv(x: Value, scope: string, groups: number, options: ConvOptions): Value {
    if (groups === 1) return this.conv(x, scope, options);
    const channels = x.shape[2]!;
    if (channels % groups !== 0 || options.filters % groups !== 0)
      throw new Error(`${scope}: ${groups} groups do not divide the channels`);
    const axis = this.intConstant(`${scope}/split_dim`, [3], []);
    const split = this.node('Split', `${scope}/split`, [axis, x.name], {
      T: attr.type(FLOAT),
      num_split: attr.int(groups),
    });
    const parts: Value[] = [];
    for (let g = 0; g < groups; g++) {
      const part: Value = {
        name: g === 0 ? split : `${split}:${g}`,
        shape: [x.shape[0]!, x.shape[1]!, channels / groups],
      };
      parts.push(
        this.conv(part, `${scope}/group${g}`, { ...options, filters: options.filters / groups }),
      );
    }
    return this.concat(parts, scope);
  }

  depthwise(
    x: Value,
    scope: string,
    options: {
      kernel: number;
      stride?: number;
      padding?: Padding;
      activation?: Activation;
      bias?: boolean;
    },
  ): Value {
    const stride = options.stride ?? 1;
    const padding = options.padding ?? 'SAME';
    const [h, w, c] = x.shape as [number, number, number];
    const k = options.kernel;
    const filter = this.constant(`${scope}/depthwise_kernel`, [k, k, c, 1], {
      kind: 'he',
      fanIn: k * k,
    });
    const common = convolutionAttrs(stride, padding);
    const shape = [spatial(h, k, stride, padding), spatial(w, k, stride, padding), c];
    if (options.bias === false) {
      return {
        name: this.node('DepthwiseConv2dNative', `${scope}/depthwise`, [x.name, filter], common),
        shape,
      };
    }
    const bias = this.constant(`${scope}/depthwise_bias`, [c], {
      kind: 'uniform',
      low: -0.05,
      high: 0.05,
    });
    const name = this.node(
      'FusedDepthwiseConv2dNative',
      `${scope}/depthwise`,
      [x.name, filter, bias],
      {
        ...common,
        num_args: attr.int(1),
        fused_ops: attr.strings(FUSED_ACTIVATION[options.activation ?? 'linear']),
      },
    );
    return { name, shape };
  }

  dense(x: Value, scope: string, units: number, activation: Activation = 'linear'): Value {
    if (x.shape.length !== 1)
      throw new Error(`${scope}: dense needs a flat input, got [${x.shape.join(', ')}]`);
    const inputs = x.shape[0]!;
    const kernel = this.constant(`${scope}/kernel`, [inputs, units], { kind: 'he', fanIn: inputs });
    const bias = this.constant(`${scope}/bias`, [units], {
      kind: 'uniform',
      low: -0.05,
      high: 0.05,
    });
    const name = this.node('_FusedMatMul', `${scope}/MatMul`, [x.name, kernel, bias], {
      T: attr.type(FLOAT),
      transpose_a: attr.bool(false),
      transpose_b: attr.bool(false),
      num_args: attr.int(1),
      fused_ops: attr.strings(FUSED_ACTIVATION[activation]),
      epsilon: attr.float(0),
      leakyrelu_alpha: attr.float(0.2),
    });
    return { name, shape: [units] };
  }

  private pool(
    op: 'MaxPool' | 'AvgPool',
    x: Value,
    scope: string,
    kernel: number,
    stride: number,
    padding: Padding,
  ): Value {
    const [h, w, c] = x.shape as [number, number, number];
    const name = this.node(op, `${scope}/${op}`, [x.name], {
      T: attr.type(FLOAT),
      ksize: attr.ints([1, kernel, kernel, 1]),
      strides: attr.ints([1, stride, stride, 1]),
      padding: attr.string(padding),
      data_format: NHWC,
    });
    return {
      name,
      shape: [spatial(h, kernel, stride, padding), spatial(w, kernel, stride, padding), c],
    };
  }

  maxPool(
    x: Value,
    scope: string,
    kernel: number,
    stride: number,
    padding: Padding = 'VALID',
  ): Value {
    return this.pool('MaxPool', x, scope, kernel, stride, padding);
  }

  avgPool(
    x: Value,
    scope: string,
    kernel: number,
    stride: number,
    padding: Padding = 'VALID',
  ): Value {
    return this.pool('AvgPool', x, scope, kernel, stride, padding);
  }

  /** Global average pooling, as the converter leaves it: Mean over H and W. */
  globalAvgPool(x: Value, scope: string): Value {
    const axes = this.intConstant(`${scope}/reduction_indices`, [1, 2]);
    const name = this.node('Mean', `${scope}/Mean`, [x.name, axes], {
      T: attr.type(FLOAT),
      Tidx: attr.type('DT_INT32'),
      keep_dims: attr.bool(false),
    });
    return { name, shape: [x.shape[2]!] };
  }

  flatten(x: Value, scope: string): Value {
    const size = elementsOf(x.shape);
    const shape = this.intConstant(`${scope}/shape`, [-1, size]);
    const name = this.node('Reshape', `${scope}/Reshape`, [x.name, shape], {
      T: attr.type(FLOAT),
      Tshape: attr.type('DT_INT32'),
    });
    return { name, shape: [size] };
  }

  concat(values: Value[], scope: string): Value {
    const axis = this.intConstant(`${scope}/concat_axis`, [3], []);
    const channels = values.reduce((sum, value) => sum + value.shape[2]!, 0);
    const name = this.node(
      'ConcatV2',
      `${scope}/concat`,
      [...values.map((value) => value.name), axis],
      {
        T: attr.type(FLOAT),
        Tidx: attr.type('DT_INT32'),
        N: attr.int(values.length),
      },
    );
    return { name, shape: [values[0]!.shape[0]!, values[0]!.shape[1]!, channels] };
  }

  add(a: Value, b: Value, scope: string): Value {
    if (a.shape.join() !== b.shape.join())
      throw new Error(`${scope}: cannot add [${a.shape}] and [${b.shape}]`);
    return {
      name: this.node('AddV2', `${scope}/add`, [a.name, b.name], { T: attr.type(FLOAT) }),
      shape: a.shape,
    };
  }

  relu(x: Value, scope: string): Value {
    return {
      name: this.node('Relu', `${scope}/Relu`, [x.name], { T: attr.type(FLOAT) }),
      shape: x.shape,
    };
  }

  /** A batch norm that cannot fold into a conv (it follows a sum or precedes a ReLU): Mul and AddV2 per channel. */
  scaleShift(x: Value, scope: string): Value {
    const c = x.shape[x.shape.length - 1]!;
    const scale = this.constant(`${scope}/scale`, [c], { kind: 'uniform', low: 0.9, high: 1.1 });
    const offset = this.constant(`${scope}/offset`, [c], {
      kind: 'uniform',
      low: -0.05,
      high: 0.05,
    });
    const scaled = this.node('Mul', `${scope}/mul`, [x.name, scale], { T: attr.type(FLOAT) });
    return {
      name: this.node('AddV2', `${scope}/add`, [scaled, offset], { T: attr.type(FLOAT) }),
      shape: x.shape,
    };
  }

  lrn(x: Value, scope: string, radius: number, bias: number, alpha: number, beta: number): Value {
    const name = this.node('LRN', `${scope}/LRN`, [x.name], {
      T: attr.type(FLOAT),
      depth_radius: attr.int(radius),
      bias: attr.float(bias),
      alpha: attr.float(alpha),
      beta: attr.float(beta),
    });
    return { name, shape: x.shape };
  }

  softmax(x: Value, scope: string): Value {
    return {
      name: this.node('Softmax', `${scope}/Softmax`, [x.name], { T: attr.type(FLOAT) }),
      shape: x.shape,
    };
  }

  output(x: Value): Value {
    this.outputValue = {
      name: this.node('Identity', 'Identity', [x.name], { T: attr.type(FLOAT) }),
      shape: x.shape,
    };
    return this.outputValue;
  }

  /** Trainable values stored (int32 shape and axis constants excluded). */
  parameterCount(): number {
    return this.weights
      .filter((w) => w.dtype === 'float32')
      .reduce((sum, w) => sum + elementsOf(w.shape), 0);
  }
}
