import { Init, WeightSpec, elementsOf } from '../graph/weights';
import { randomStream } from './random';

const CHUNK = 1 << 20;

/** A weight's values in chunks (never the whole tensor at once for big ones). */
export function* valueChunks(spec: WeightSpec, seed: number): Generator<Float32Array | Int32Array> {
  const total = elementsOf(spec.shape);
  const init: Init = spec.init;
  if (init.kind === 'values') {
    yield spec.dtype === 'int32' ? Int32Array.from(init.values) : Float32Array.from(init.values);
    return;
  }
  const next = randomStream(seed, spec.name);
  const [low, high] =
    init.kind === 'he'
      ? ((limit: number): [number, number] => [-limit, limit])(
          Math.sqrt(6 / init.fanIn) * (init.gain ?? 1),
        )
      : [init.low, init.high];
  for (let done = 0; done < total; done += CHUNK) {
    const chunk = new Float32Array(Math.min(CHUNK, total - done));
    for (let i = 0; i < chunk.length; i++) chunk[i] = low + (high - low) * next();
    yield chunk;
  }
}
