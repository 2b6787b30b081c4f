#!/usr/bin/env node
import { parseArgs } from 'node:util';

import { capacitySuite } from './suites/capacity';
import { HIT_STALL_SIZES, hitStallSuite } from './suites/hit-stall';
import { soakSuite } from './suites/soak';
import { GPU_TIER_MODELS, gpuTierSuite } from './suites/gpu-tier';
import { isolationSuite } from './suites/isolation';
import { keepAlivePlan, keepAliveSuite } from './suites/keep-alive';
import { HIT_PATH_MODES, hitPathModels, hitPathRepetitions, hitPathSuite } from './suites/hit-path';
import { largeModels, largeSuite, LARGE_REPETITIONS } from './suites/large';
import { memorySuite, MEMORY_COUNTS } from './suites/memory';
import { multiModelSuite, MULTI_MODEL_REPETITIONS } from './suites/multi-model';
import { tensorCreation } from './suites/tensor-creation';
import { throughputSuite } from './suites/throughput';
import { REPETITIONS, zooModels, zooSuite } from './suites/zoo';
import { SuiteOptions } from './harness/context';
import { progress } from './harness/progress';
import { writeReport } from './report';

process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';
// Stopped by a signal, exit through process.exit: the harness's daemons are stopped at exit.
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const)
  process.once(signal, () => process.exit(code));

interface Suite {
  run(options: SuiteOptions): void | Promise<void>;
  units(quick: boolean): number;
}

const SUITES: Record<string, Suite> = {
  'tensor-creation': { run: () => tensorCreation(), units: () => 1 },
  zoo: { run: zooSuite, units: (quick) => zooModels(quick).length * REPETITIONS * 3 },
  large: { run: largeSuite, units: (quick) => largeModels(quick).length * LARGE_REPETITIONS * 2 },
  memory: { run: memorySuite, units: () => MEMORY_COUNTS.length * 2 },
  throughput: { run: throughputSuite, units: (quick) => (quick ? 6 : 18) },
  capacity: { run: capacitySuite, units: () => 4 },
  'hit-stall': { run: hitStallSuite, units: () => HIT_STALL_SIZES.length },
  soak: { run: soakSuite, units: () => 10 },
  'gpu-tier': { run: gpuTierSuite, units: () => GPU_TIER_MODELS.length },
  isolation: { run: isolationSuite, units: () => 6 },
  'multi-model': { run: multiModelSuite, units: () => MULTI_MODEL_REPETITIONS + 1 },
  'keep-alive': {
    run: keepAliveSuite,
    units: (quick) => {
      const plan = keepAlivePlan(quick);
      return plan.distributions.length * 3 * plan.rates.length;
    },
  },
  'hit-path': {
    run: hitPathSuite,
    units: (quick) =>
      hitPathModels(quick).length * hitPathRepetitions(quick) * HIT_PATH_MODES.length,
  },
};
// Run only when named: hit-stall and soak take minutes and gigabytes; gpu-tier wants a GPU or TRIMS_CUDA_DRIVER=standin.
const NAMED_ONLY = ['hit-stall', 'soak', 'gpu-tier'];
const ALL = Object.keys(SUITES).filter((name) => !NAMED_ONLY.includes(name));

const USAGE = `usage: npm run bench -- [quick | full | report | <suite>] [--full]
  quick    every suite but ${NAMED_ONLY.join(', ')}, at the quick size (the default)
  full     the same at the full size
  report   rewrite REPORT.md from the results already in benchmarks/results/
  <suite>  one of: ${Object.keys(SUITES).join(', ')} (quick size unless --full)`;

/** The suites asked for and their size; undefined (said why) when the arguments are not understood. */
function parseCommand(): { names: string[]; quick: boolean } | undefined {
  let parsed;
  try {
    parsed = parseArgs({
      options: { full: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exitCode = 2;
    return undefined;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return undefined;
  }
  const [wanted = 'quick', ...extra] = positionals;
  const names =
    wanted === 'quick' || wanted === 'full'
      ? ALL
      : wanted === 'report'
        ? []
        : Object.hasOwn(SUITES, wanted) // not a name every object has ("constructor")
          ? [wanted]
          : undefined;
  if (names === undefined || extra.length > 0) {
    console.error(
      `${names === undefined ? `unknown suite "${wanted}"` : `one suite at a time (also given: ${extra.join(' ')})`}\n${USAGE}`,
    );
    process.exitCode = 2;
    return undefined;
  }
  // A single suite runs at the quick size unless --full is given.
  return { names, quick: wanted !== 'full' && !values.full };
}

async function main(): Promise<void> {
  const command = parseCommand();
  if (command === undefined) return;
  const { names, quick } = command;
  const started = Date.now();
  for (const name of names) {
    const suite = SUITES[name]!;
    const bar = progress(suite.units(quick), name);
    try {
      await suite.run({ quick, tick: bar.tick });
    } finally {
      bar.stop();
    }
  }
  await writeReport();
  console.log(`done in ${((Date.now() - started) / 60000).toFixed(1)} min`);
}

main().catch((error: Error) => {
  console.error(`bench: ${error.stack}`);
  process.exitCode = 1;
});
