import { runDemo } from '../demo/run-demo';

export function demo(options: { processes: string; model: string }): Promise<number> {
  return runDemo({ processes: Number(options.processes), model: options.model });
}
