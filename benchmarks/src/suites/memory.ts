/**
 * N = 1, 2, 4, 8 processes holding the same model: their total PSS
 * (proportional set size: shared pages split among their users) with the
 * plain framework and with TrIMS (the daemon's PSS counted in).
 */
import { ChildProcess } from 'node:child_process';

import { hold, pssBytes } from '../harness/processes';
import { SuiteOptions, withDaemon, zoo } from '../harness/context';
import { writeResults } from '../output';

export const MEMORY_COUNTS = [1, 2, 4, 8];

export async function memorySuite(options: SuiteOptions): Promise<void> {
  const [model] = zoo([options.quick ? 'resnet50' : 'vgg16']);
  const rows: Array<Record<string, string | number>> = [];
  await withDaemon([], async (daemon) => {
    for (const mode of ['plain', 'trims'] as const) {
      const holders: ChildProcess[] = [];
      try {
        for (const count of MEMORY_COUNTS) {
          while (holders.length < count)
            holders.push(await hold(mode, model!.url, model!.inputShape, daemon.socketPath));
          const clients = holders.reduce((sum, child) => sum + pssBytes(child.pid!), 0);
          const daemonPss = mode === 'trims' ? pssBytes(daemon.child.pid!) : 0;
          rows.push({
            model: model!.name,
            mode,
            processes: count,
            total_pss_mib: +((clients + daemonPss) / 2 ** 20).toFixed(1),
            daemon_pss_mib: +(daemonPss / 2 ** 20).toFixed(1),
          });
          options.tick(`${mode} x${count}`);
        }
      } finally {
        for (const child of holders) child.kill('SIGKILL');
      }
    }
  });
  writeResults('memory', rows, {
    method: `each process loads ${model!.name} (${(model!.bytes / 2 ** 20).toFixed(0)} MiB of weights) and runs it once; PSS from /proc/<pid>/smaps_rollup, summed (libtensorflow's pages, shared by every process, split among them)`,
    modelMiB: +(model!.bytes / 2 ** 20).toFixed(1),
  });
}
