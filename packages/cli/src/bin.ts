#!/usr/bin/env node
import { Command } from 'commander';

// TensorFlow's informational logs drown the reports; the user's setting wins.
process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';

import { demo } from './commands/demo';
import { doctor } from './commands/doctor';

const program = new Command('trims').description(
  'TrIMS: a resident model cache for TensorFlow.js on Node',
);

program
  .command('doctor')
  .description('report Node, tfjs, libtensorflow (and where it came from), patches and CUDA')
  .option('--json', 'machine-readable output')
  .action((options: { json?: boolean }) => {
    process.exitCode = doctor(options);
  });

program
  .command('demo')
  .description(
    'short-lived processes load a built-in model privately and from shared memory, side by side',
  )
  .option('-n, --processes <n>', 'client processes', '4')
  .option('--layers <n>', 'dense layers in the built-in model', '8')
  .option('--width <n>', 'units per layer', '1024')
  .action(async (options: { processes: string; layers: string; width: string }) => {
    process.exitCode = await demo(options);
  });

program.parseAsync(process.argv).catch((error: Error) => {
  console.error(error.message);
  process.exitCode = 1;
});
