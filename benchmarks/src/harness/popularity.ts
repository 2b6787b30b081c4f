/** Seeded random sources for workloads: the same trace for every mode compared. */

/** Uniform numbers in [0, 1) from a 32-bit linear congruential generator (Numerical Recipes' constants). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export type Distribution = 'uniform' | 'zipf' | 'exponential';

/** Draws indices 0..size-1, index 0 the most popular (Zipf exponent 1.1). */
export function popularity(
  distribution: Distribution,
  size: number,
  random: () => number,
): () => number {
  const weights = Array.from({ length: size }, (_, i) =>
    distribution === 'uniform'
      ? 1
      : distribution === 'zipf'
        ? 1 / (i + 1) ** 1.1
        : Math.exp(-i / (size / 4)),
  );
  const total = weights.reduce((a, b) => a + b, 0);
  return () => {
    let x = random() * total;
    for (let i = 0; i < size; i++) if ((x -= weights[i]!) < 0) return i;
    return size - 1;
  };
}
