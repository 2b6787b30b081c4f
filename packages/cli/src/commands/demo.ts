import { runDemo } from '../demo/run-demo';

export function demo(options: { processes: string; model: string }): Promise<number> {
  const processes = Number(options.processes);
  if (!Number.isInteger(processes) || processes < 1 || processes > 100)
    throw new Error(
      `demo: --processes must be a whole number from 1 to 100, not ${JSON.stringify(options.processes)}`,
    );
  return runDemo({ processes, model: options.model });
}
