/**
 * Throughput of a FaaS worker node under a memory limit, with keep-alive:
 * where the paper's "up to 8x" comes from. Warm instances (one process per
 * function, its model loaded once) serve invocations until evicted; memory
 * caps how many stay warm, and every invocation that finds none pays a cold
 * start. Plain instances each hold their own copy of their model; TrIMS
 * instances share the daemon's one copy (the daemon counted in the limit).
 * A persistent server holding every model is the all-warm reference.
 */
import * as os from 'node:os';

import { SuiteOptions, withDaemon, zoo, ZooModel } from '../harness/context';
import { Distribution, popularity, seededRandom } from '../harness/popularity';
import { MemoryCgroup } from '../keep-alive/cgroup';
import { NodeMode, NodeRun, Row } from '../keep-alive/node-run';
import { writeResults } from '../output';

const MiB = 2 ** 20;
const GiB = 2 ** 30;
/** Plain and TrIMS interleave step by step; the all-warm reference runs after them. */
const GROUPS: NodeMode[][] = [['plain', 'trims'], ['persistent server']];
/** The kernel's hard limit sits this far above the node's own: page cache charged to the group is reclaimed there, not killed for. */
const KERNEL_SLACK = 256 * MiB;
/** The daemon's host-tier budget, as a share of the node's limit (its memory counts in the limit). */
const HOST_SHARE = 0.6;

/** Popularity rank order (Zipf: first is most popular), sizes mixed along it. */
const CATALOG = [
  'resnet50',
  'mobilenet_v2',
  'vgg16',
  'inception_v3',
  'squeezenet1_1',
  'resnet152',
  'densenet121',
  'alexnet',
  'xception',
  'resnet34',
  'wide_resnet50_2',
  'resnet101',
  'googlenet',
  'vgg19',
  'nin',
  'caffenet',
  'densenet169',
  'resnext50_32x4d',
  'resnet18',
  'mobilenet_v1',
  'squeezenet1_0',
];

interface Plan {
  limitBytes: number;
  models: number;
  distributions: Distribution[];
  /** Offered load steps, invocations per second, light to past saturation. */
  rates: number[];
  stepSeconds: number;
  keepAliveSeconds: number;
}

export function keepAlivePlan(quick: boolean): Plan {
  const gib = Number(process.env.TRIMS_BENCH_NODE_GIB ?? (quick ? 4 : 8));
  if (!(gib > 0))
    throw new Error(
      `TRIMS_BENCH_NODE_GIB must be a positive number of GiB, not "${process.env.TRIMS_BENCH_NODE_GIB}"`,
    );
  return quick
    ? {
        limitBytes: gib * GiB,
        models: 12,
        distributions: ['uniform'],
        rates: [0.5, 2, 8],
        stepSeconds: 10,
        keepAliveSeconds: 60,
      }
    : {
        limitBytes: gib * GiB,
        models: CATALOG.length,
        distributions: ['uniform', 'zipf'],
        // From well below saturation on a loaded shared machine to past it on an idle one.
        rates: [0.25, 0.5, 1, 2, 5, 10],
        stepSeconds: 25,
        keepAliveSeconds: 120,
      };
}

/** Open-loop Poisson arrivals at `rate` per second for `seconds`: offsets (ms) and models. */
function arrivals(
  rate: number,
  seconds: number,
  next: () => number,
  random: () => number,
): Array<{ at: number; model: number }> {
  const trace: Array<{ at: number; model: number }> = [];
  for (
    let at = (-Math.log(1 - random()) / rate) * 1000;
    at < seconds * 1000;
    at += (-Math.log(1 - random()) / rate) * 1000
  )
    trace.push({ at, model: next() });
  return trace;
}

/**
 * Runs these modes' nodes through every step. Their steps interleave
 * (plain's step, then TrIMS's step on the same trace, then the next load)
 * so that both see the same background load on a shared machine; each node
 * has its own kernel memory cgroup, and a TrIMS node its own daemon in it.
 */
async function runNodes(
  modes: NodeMode[],
  distribution: Distribution,
  plan: Plan,
  models: ZooModel[],
  tick: (label: string) => void,
): Promise<{ runs: NodeRun[]; kernel: string }> {
  const groups = modes.map((mode) =>
    MemoryCgroup.create(
      `trims-keep-alive-${process.pid}-${mode.replace(' ', '-')}`,
      plan.limitBytes + KERNEL_SLACK,
    ),
  );
  const kernel =
    groups.find((g): g is string => typeof g === 'string') ??
    'one cgroup v1 memory group per node under /sys/fs/cgroup/memory';
  const run = async (socket: string, daemonPid?: number): Promise<NodeRun[]> => {
    const runs = modes.map((mode, i) => {
      const group = groups[i] instanceof MemoryCgroup ? groups[i] : undefined;
      const daemon = mode === 'plain' ? undefined : daemonPid;
      if (daemon !== undefined) group?.add(daemon, 'service');
      return new NodeRun(
        mode,
        distribution,
        plan.limitBytes,
        plan.keepAliveSeconds,
        models,
        socket,
        daemon,
        group,
      );
    });
    try {
      for (const node of runs) await node.start();
      for (const [step, offered] of plan.rates.entries()) {
        const random = seededRandom(1000 * (plan.distributions.indexOf(distribution) + 1) + step);
        const trace = arrivals(
          offered,
          plan.stepSeconds,
          popularity(distribution, models.length, random),
          random,
        );
        for (const node of runs) {
          await node.step(offered, plan.stepSeconds, trace);
          tick(`${distribution} ${node.mode} ${offered}/s`);
        }
      }
    } finally {
      await Promise.all(runs.map((node) => node.close()));
    }
    return runs;
  };
  try {
    const runs = await (modes.every((mode) => mode === 'plain')
      ? run('')
      : withDaemon(['--host-budget', String(Math.floor(plan.limitBytes * HOST_SHARE))], (daemon) =>
          run(daemon.socketPath, daemon.child.pid),
        ));
    return { runs, kernel };
  } finally {
    for (const group of groups) if (group instanceof MemoryCgroup) await group.remove(); // the daemon has left it too
  }
}

export async function keepAliveSuite(options: SuiteOptions): Promise<void> {
  const plan = keepAlivePlan(options.quick);
  const models = zoo(CATALOG.slice(0, plan.models));
  const rows: Row[] = [];
  const timeline: Row[] = [];
  let kernel = '';
  for (const distribution of plan.distributions)
    for (const modes of GROUPS) {
      const result = await runNodes(modes, distribution, plan, models, options.tick);
      for (const node of result.runs) {
        rows.push(...node.rows);
        timeline.push(...node.timeline);
      }
      kernel = result.kernel;
    }
  const saturation = plan.distributions.map((distribution) => {
    const best = (mode: NodeMode): number =>
      Math.max(
        ...rows
          .filter((r) => r.distribution === distribution && r.mode === mode)
          .map((r) => Number(r.throughput_per_s)),
      );
    return {
      distribution,
      plain: best('plain'),
      trims: best('trims'),
      persistent: best('persistent server'),
      ratio: +(best('trims') / best('plain')).toFixed(2),
    };
  });
  const catalogBytes = models.reduce((sum, m) => sum + m.bytes, 0);
  writeResults('keep-alive-timeline', timeline, {
    method: 'each node sampled every second while its step runs; t_s counts its own active time',
  });
  writeResults('keep-alive', rows, {
    method:
      `a simulated FaaS node with ${os.cpus().length} cores (at most one busy instance per core) and a ${(plan.limitBytes / GiB).toFixed(1)} GiB memory limit, ` +
      `enforced by its own accounting (PSS from /proc/<pid>/smaps_rollup of every instance plus the daemon; a new instance reserves the largest private memory measured for its model) ` +
      `with least-recently-used eviction of idle instances and a ${plan.keepAliveSeconds} s keep-alive; ` +
      `open-loop Poisson arrivals, ${plan.stepSeconds} s per offered-load step, the same seeded trace for every mode; queued invocations are dropped at the end of a step; ` +
      `catalog of ${models.length} models (${(catalogBytes / MiB).toFixed(0)} MiB of weights); daemon host budget ${HOST_SHARE * 100}% of the limit; plain and TrIMS steps interleave on the same trace, the persistent server runs after them`,
    kernel,
    limitGiB: +(plan.limitBytes / GiB).toFixed(2),
    stepSeconds: plan.stepSeconds,
    keepAliveSeconds: plan.keepAliveSeconds,
    catalog: models.map((m) => ({ name: m.name, mib: +(m.bytes / MiB).toFixed(1) })),
    saturation,
  });
}
