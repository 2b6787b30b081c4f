#!/usr/bin/env node
import { tensorCreation } from './suites/tensor-creation';

process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';

const SUITES: Record<string, () => void | Promise<void>> = {
  'tensor-creation': tensorCreation,
};
// The quick and full suites grow as the daemon and the zoo land (issue: benchmarks).
const GROUPS: Record<string, string[]> = { quick: ['tensor-creation'], full: ['tensor-creation'] };

async function main(): Promise<void> {
  const wanted = process.argv[2] ?? 'quick';
  const names = GROUPS[wanted] ?? (SUITES[wanted] ? [wanted] : undefined);
  if (names === undefined) {
    console.error(
      `unknown suite "${wanted}"; choose one of: ${[...Object.keys(GROUPS), ...Object.keys(SUITES)].join(', ')}`,
    );
    process.exitCode = 2;
    return;
  }
  for (const name of names) await SUITES[name]!();
}

void main();
