#!/usr/bin/env node
import { Command } from 'commander';

import type * as ClientCommands from './commands/client-commands';
import type * as Demo from './commands/demo';
import type * as Doctor from './commands/doctor';
import type * as Serve from './commands/serve';

// Each command loads only what it needs: `trims status` does not load the daemon, `trims serve` not the framework.
const clientCommands = (): typeof ClientCommands =>
  require('./commands/client-commands') as typeof ClientCommands;

const { version } = require('../../package.json') as { version: string };

const program = new Command('trims')
  .description('TrIMS: a resident model cache for TensorFlow.js on Node')
  .version(version, '-V, --version', 'print the version of trims');

const collect = (value: string, previous: string[]): string[] => [...previous, value];

program
  .command('serve')
  .description(
    'run the daemon in the foreground (logs to stderr; SIGTERM, SIGINT or SIGHUP drains and exits)',
  )
  .option(
    '--socket <path>',
    'Unix socket ($TRIMS_SOCKET, else $XDG_RUNTIME_DIR/trims/trims.sock, else /tmp/trims-<uid>/trims.sock)',
  )
  .option('--cache-dir <dir>', 'disk tier and catalog ($TRIMS_CACHE_DIR, else ~/.cache/trims)')
  .option(
    '--host-budget <size>',
    'host memory tier, e.g. 4GiB ($TRIMS_HOST_BUDGET; default a quarter of RAM)',
  )
  .option('--gpu-budget <size>', 'GPU tier; 0 disables it ($TRIMS_GPU_BUDGET; default 0)')
  .option('--disk-budget <size>', 'disk tier ($TRIMS_DISK_BUDGET; default 20GiB)')
  .option('--policy <name>', 'eviction policy: lru, lfu, fifo or gdsf ($TRIMS_POLICY; default lru)')
  .option(
    '--metrics-port <n>',
    'serve Prometheus metrics on 127.0.0.1:<n>/metrics ($TRIMS_METRICS_PORT)',
  )
  .option(
    '--allow-root <dir>',
    'directory clients may load local models from (repeatable; $TRIMS_ALLOW_ROOTS)',
    collect,
    [],
  )
  .option(
    '--allow-fetch-from <address>',
    'an address or CIDR the daemon may fetch models from although it is loopback, private, link-local, cloud metadata or the host itself (repeatable; $TRIMS_ALLOW_FETCH_FROM, comma-separated)',
    collect,
    [],
  )
  .option(
    '--http-freshness <seconds>',
    'how long an HTTP response that states no lifetime is reused before revalidation ($TRIMS_HTTP_FRESHNESS; default 60)',
  )
  .option(
    '--group-access',
    "let the daemon's group connect (socket 0660, and a directory it creates 0750)",
  )
  .option(
    '--pin-quota <size>',
    'bytes each uid may pin ($TRIMS_PIN_QUOTA; default a quarter of the host budget)',
  )
  .option(
    '--uid-share <fraction>',
    'fraction of the host tier the models one uid brings in may occupy, and of the gpu tier its device copies ($TRIMS_UID_SHARE; default 0.5)',
  )
  .action((options: Parameters<typeof Serve.serve>[0]) =>
    (require('./commands/serve') as typeof Serve).serve(options),
  );

program
  .command('status')
  .description('models held by the daemon: tier, size, refs, hits, last use')
  .option('--socket <path>', 'the daemon socket')
  .option('--json', 'machine-readable output')
  .action((options: Parameters<typeof ClientCommands.status>[0]) =>
    clientCommands().status(options),
  );

program
  .command('preload <url>')
  .description('load a model into the cache ahead of use')
  .option('--socket <path>', 'the daemon socket')
  .option('--tier <tier>', 'host or gpu', 'host')
  .option('--pin', 'never evict it (counts against your pin quota)')
  .action((url: string, options: Parameters<typeof ClientCommands.preload>[1]) =>
    clientCommands().preload(url, options),
  );

program
  .command('evict [url]')
  .description('drop a model (or all) from one tier or every tier')
  .option('--socket <path>', 'the daemon socket')
  .option('--all', 'every model no client holds')
  .option('--tier <tier>', 'gpu, host or disk (default: every tier)')
  .action((url: string | undefined, options: Parameters<typeof ClientCommands.evict>[1]) =>
    clientCommands().evict(url, options),
  );

program
  .command('doctor')
  .description('report Node, tfjs, libtensorflow (and where it came from), patches and CUDA')
  .option('--json', 'machine-readable output')
  .action((options: { json?: boolean }) => {
    process.exitCode = (require('./commands/doctor') as typeof Doctor).doctor(options);
  });

program
  .command('demo')
  .description(
    'start a daemon; short-lived processes load a built-in model with and without TrIMS, side by side',
  )
  .option('-n, --processes <n>', 'client processes', '4')
  .option('--model <name>', 'a model of the zoo (see trims-models)', 'resnet18')
  .action(async (options: { processes: string; model: string }) => {
    process.exitCode = await (require('./commands/demo') as typeof Demo).demo(options);
  });

program.parseAsync(process.argv).catch((error: Error) => {
  console.error(`trims: ${error.message}`);
  process.exitCode = 1;
});
