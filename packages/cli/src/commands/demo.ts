import { runDemo } from '../demo/run-demo';

export function demo(options: {
  processes: string;
  layers: string;
  width: string;
}): Promise<number> {
  return runDemo({
    processes: Number(options.processes),
    layers: Number(options.layers),
    width: Number(options.width),
  });
}
