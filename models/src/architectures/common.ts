import { GraphBuilder, Value } from '../graph/builder';

export const CLASSES = 1000;

/** Logits to probabilities and the model's output, as every classifier here ends. */
export function classify(b: GraphBuilder, logits: Value): Value {
  return b.output(b.softmax(logits, 'predictions'));
}

/** conv + folded batch norm + ReLU, the unit most architectures are made of. */
export function convBnRelu(
  b: GraphBuilder,
  x: Value,
  scope: string,
  filters: number,
  kernel: number | [number, number],
  stride = 1,
  padding: 'SAME' | 'VALID' = 'SAME',
): Value {
  return b.conv(x, scope, { filters, kernel, stride, padding, activation: 'relu' });
}
