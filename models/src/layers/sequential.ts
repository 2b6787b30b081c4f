import { elementsOf, WeightSpec } from '../graph/weights';

/** A Keras layer as a Layers model.json records it (snake_case, as Keras and tfjs save it). */
export interface KerasLayer {
  class_name: string;
  config: Record<string, unknown>;
}

type Activation = 'relu' | 'softmax' | 'linear';

const INITIALIZERS = {
  kernel_initializer: { class_name: 'GlorotUniform', config: { seed: null } },
  bias_initializer: { class_name: 'Zeros', config: {} },
  kernel_regularizer: null,
  bias_regularizer: null,
  activity_regularizer: null,
  kernel_constraint: null,
  bias_constraint: null,
};

/**
 * Builds a Keras Sequential model the way tfjs-layers saves one: the
 * topology's layer configs and the weights (name `<layer>/kernel` and
 * `<layer>/bias`, in layer order) with seeded He-style values.
 */
export class SequentialBuilder {
  readonly layers: KerasLayer[] = [];
  readonly weights: WeightSpec[] = [];
  private shape: number[];

  constructor(readonly inputShape: number[]) {
    this.shape = [...inputShape];
  }

  private add(className: string, config: Record<string, unknown>): void {
    const first = this.layers.length === 0 ? { batch_input_shape: [null, ...this.inputShape] } : {};
    this.layers.push({
      class_name: className,
      config: {
        name: `${className.toLowerCase()}_${this.layers.length + 1}`,
        trainable: true,
        ...first,
        dtype: 'float32',
        ...config,
      },
    });
  }

  private addWeights(kernel: number[], units: number): void {
    const layer = this.layers[this.layers.length - 1]!.config.name as string;
    const fanIn = elementsOf(kernel.slice(0, -1));
    this.weights.push({
      name: `${layer}/kernel`,
      shape: kernel,
      dtype: 'float32',
      init: { kind: 'he', fanIn },
    });
    this.weights.push({
      name: `${layer}/bias`,
      shape: [units],
      dtype: 'float32',
      init: { kind: 'uniform', low: -0.05, high: 0.05 },
    });
  }

  conv2d(filters: number, size: number, padding: 'same' | 'valid', activation: Activation): this {
    const [h, w, c] = this.shape as [number, number, number];
    this.add('Conv2D', {
      filters,
      kernel_size: [size, size],
      strides: [1, 1],
      padding,
      data_format: 'channels_last',
      dilation_rate: [1, 1],
      activation,
      use_bias: true,
      ...INITIALIZERS,
    });
    this.addWeights([size, size, c, filters], filters);
    const shrink = padding === 'same' ? 0 : size - 1;
    this.shape = [h - shrink, w - shrink, filters];
    return this;
  }

  maxPool(size: number): this {
    const [h, w, c] = this.shape as [number, number, number];
    this.add('MaxPooling2D', {
      pool_size: [size, size],
      padding: 'valid',
      strides: [size, size],
      data_format: 'channels_last',
    });
    this.shape = [Math.floor(h / size), Math.floor(w / size), c];
    return this;
  }

  flatten(): this {
    this.add('Flatten', { data_format: 'channels_last' });
    this.shape = [elementsOf(this.shape)];
    return this;
  }

  dense(units: number, activation: Activation): this {
    this.add('Dense', { units, activation, use_bias: true, ...INITIALIZERS });
    this.addWeights([this.shape[0]!, units], units);
    this.shape = [units];
    return this;
  }

  parameterCount(): number {
    return this.weights.reduce((sum, weight) => sum + elementsOf(weight.shape), 0);
  }

  /** model.json's modelTopology for this model. */
  topology(name: string): Record<string, unknown> {
    return {
      class_name: 'Sequential',
      config: { name, layers: this.layers },
      keras_version: 'tfjs-layers 4.22.0',
      backend: 'tensor_flow.js',
    };
  }
}

/** Layers-format models of the zoo: small, so that tests and benchmarks cover both formats. */
export const LAYERS_ARCHITECTURES: Record<string, () => SequentialBuilder> = {
  lenet5_layers: () =>
    new SequentialBuilder([28, 28, 1])
      .conv2d(6, 5, 'same', 'relu')
      .maxPool(2)
      .conv2d(16, 5, 'valid', 'relu')
      .maxPool(2)
      .flatten()
      .dense(120, 'relu')
      .dense(84, 'relu')
      .dense(10, 'softmax'),
  mlp_layers: () =>
    new SequentialBuilder([784]).dense(1024, 'relu').dense(1024, 'relu').dense(10, 'softmax'),
  convnet_layers: () =>
    new SequentialBuilder([64, 64, 3])
      .conv2d(32, 3, 'same', 'relu')
      .conv2d(32, 3, 'same', 'relu')
      .maxPool(2)
      .conv2d(64, 3, 'same', 'relu')
      .conv2d(64, 3, 'same', 'relu')
      .maxPool(2)
      .flatten()
      .dense(256, 'relu')
      .dense(1000, 'softmax'),
};
