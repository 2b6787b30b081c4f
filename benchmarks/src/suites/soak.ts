/** Soak: 100,000 fuzzed frames (fast-check) against one daemon; none may be answered INTERNAL. */
import { performance } from 'node:perf_hooks';

import { fuzzFrames } from '@trims/testing';

import { SuiteOptions, withDaemon } from '../harness/context';
import { writeResults } from '../output';

export const SOAK_FRAMES = 100_000;
const ROUNDS = 10;

export async function soakSuite(options: SuiteOptions): Promise<void> {
  const seed = Number(process.env.TRIMS_FUZZ_SEED ?? Date.now() % 1e9);
  const codes: Record<string, number> = {};
  let reconnects = 0;
  const started = performance.now();
  await withDaemon([], async (daemon) => {
    for (let round = 0; round < ROUNDS; round++) {
      const result = await fuzzFrames(daemon.socketPath, SOAK_FRAMES / ROUNDS, seed + round);
      for (const [code, count] of Object.entries(result.codes))
        codes[code] = (codes[code] ?? 0) + count;
      reconnects += result.reconnects;
      if (!daemon.alive) throw new Error(`the daemon died during the soak:\n${daemon.logs}`);
      options.tick(`${(round + 1) * (SOAK_FRAMES / ROUNDS)} frames`);
    }
  });
  const seconds = (performance.now() - started) / 1000;
  writeResults(
    'soak',
    Object.entries(codes).map(([answer, frames]) => ({ answer, frames })),
    {
      method: `${SOAK_FRAMES} frames from fast-check (raw bytes, random bodies under a valid prefix, requests with random fields, one byte changed) over ${reconnects} connections, seeds ${seed}..${seed + ROUNDS - 1}, in ${seconds.toFixed(0)} s; the daemon alive and never INTERNAL`,
    },
  );
}
