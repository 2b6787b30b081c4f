export type WeightDType = 'float32' | 'int32';

/** How a weight's values are made: seeded, so the same seed gives the same bytes. */
export type Init =
  | { kind: 'he'; fanIn: number; gain?: number }
  | { kind: 'uniform'; low: number; high: number }
  | { kind: 'values'; values: number[] };

export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: WeightDType;
  init: Init;
}

export function elementsOf(shape: readonly number[]): number {
  return shape.reduce((product, dim) => product * dim, 1);
}
