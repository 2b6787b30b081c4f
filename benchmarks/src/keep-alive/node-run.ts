import * as os from 'node:os';
import { performance } from 'node:perf_hooks';

import { ZooModel } from '../harness/context';
import { percentile } from '../stats';
import { MemoryCgroup } from './cgroup';
import { Instance } from './instance';
import { FaasNode, Invocation } from './node';

export type NodeMode = 'plain' | 'trims' | 'persistent server';
export type Row = Record<string, string | number>;
export interface Arrival {
  at: number;
  model: number;
}

const MiB = 2 ** 20;
const SAMPLE_MS = 1000;
const mib = (bytes: number): number => +(bytes / MiB).toFixed(0);
const mean = (rows: Row[], key: string): number | '' =>
  rows.length ? +(rows.reduce((sum, r) => sum + Number(r[key]), 0) / rows.length).toFixed(2) : '';

/** What a first instance of a model adds before one was measured: generous, so that it never overshoots. */
function firstEstimate(mode: NodeMode, model: ZooModel): number {
  // Plain: the weights read, decoded and copied into TensorFlow. TrIMS: the daemon grows by the weights once.
  return 300 * MiB + (mode === 'plain' ? 3 : 1) * model.bytes;
}

/** One mode's node through the offered-load steps, its memory sampled while its step runs. */
export class NodeRun {
  readonly rows: Row[] = [];
  readonly timeline: Row[] = [];
  private readonly node: FaasNode;
  private current: Invocation[] = [];
  private activeMs = 0;

  constructor(
    readonly mode: NodeMode,
    private readonly distribution: string,
    limitBytes: number,
    keepAliveSeconds: number,
    private readonly models: ZooModel[],
    private readonly socket: string,
    daemonPid: number | undefined,
    private readonly cgroup: MemoryCgroup | undefined,
  ) {
    const persistent = mode === 'persistent server';
    this.node = new FaasNode(
      {
        cores: os.cpus().length,
        limitBytes: persistent ? Infinity : limitBytes,
        keepAliveMs: persistent ? Infinity : keepAliveSeconds * 1000,
        start: (model, reserved) =>
          new Instance(mode === 'plain' ? 'plain' : 'trims', [model], models, socket, reserved),
        firstEstimate: (model) => firstEstimate(mode, models[model]!),
        daemonPid,
        cgroup,
      },
      (invocation) => this.current.push(invocation),
    );
  }

  /** The persistent server: one process per core with every model loaded (through TrIMS: a plain copy each would not fit). */
  async start(): Promise<void> {
    if (this.mode !== 'persistent server') return;
    for (let core = 0; core < os.cpus().length; core++)
      this.node.adopt(
        new Instance(
          'trims',
          this.models.map((_, i) => i),
          this.models,
          this.socket,
          0,
        ),
      );
    await this.node.settled();
  }

  /** Replays one step's arrivals (open loop), drops what is still queued at its end, lets the rest finish. */
  async step(offered: number, seconds: number, trace: Arrival[]): Promise<Row> {
    this.node.resume();
    this.current = [];
    const evictions = { ...this.node.evictions };
    const pressure = this.cgroup?.pressure();
    const samples = this.timeline.length;
    const start = performance.now();
    const sampler = setInterval(() => this.sample(offered, start), SAMPLE_MS);
    const timers = trace.map(({ at, model }) =>
      setTimeout(() => this.node.submit(model, start + at), at),
    );
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    const end = performance.now();
    timers.forEach(clearTimeout);
    const dropped = this.node.dropQueued();
    await this.node.settled();
    clearInterval(sampler);
    this.activeMs += performance.now() - start;
    this.node.pause();
    const served = this.current.filter((i) => i.finished !== undefined && i.failed === undefined);
    const latencies = served.map((i) => i.finished! - i.arrived).sort((a, b) => a - b);
    const during = this.timeline.slice(samples);
    const after = this.cgroup?.pressure();
    const row: Row = {
      distribution: this.distribution,
      mode: this.mode,
      offered_per_s: offered,
      arrivals: trace.length,
      throughput_per_s: +(served.filter((i) => i.finished! <= end).length / seconds).toFixed(2),
      p50_ms: latencies.length ? +percentile(latencies, 50).toFixed(0) : '',
      p99_ms: latencies.length ? +percentile(latencies, 99).toFixed(0) : '',
      cold_fraction: this.current.length
        ? +(this.current.filter((i) => i.cold).length / this.current.length).toFixed(3)
        : '',
      dropped,
      failed: this.current.length - served.length,
      warm_mean: mean(during, 'warm_instances'),
      memory_max_mib: during.length ? Math.max(...during.map((r) => Number(r.memory_mib))) : '',
      evicted_for_memory: this.node.evictions.memory - evictions.memory,
      expired: this.node.evictions.expired - evictions.expired,
      kernel_limit_hits: after && pressure ? after.limitHits - pressure.limitHits : '',
      kernel_oom_kills: after && pressure ? after.oomKills - pressure.oomKills : '',
      loadavg_1m: mean(during, 'loadavg_1m'),
    };
    this.rows.push(row);
    return row;
  }

  close(): Promise<void> {
    return this.node.close();
  }

  private sample(offered: number, stepStart: number): void {
    const s = this.node.sample();
    this.timeline.push({
      distribution: this.distribution,
      mode: this.mode,
      t_s: +((this.activeMs + performance.now() - stepStart) / 1000).toFixed(1),
      offered_per_s: offered,
      warm_instances: s.warm,
      busy: s.busy,
      memory_mib: mib(s.memoryBytes),
      daemon_mib: mib(s.daemonBytes),
      cgroup_mib: s.cgroupBytes === '' ? '' : mib(s.cgroupBytes),
      loadavg_1m: +os.loadavg()[0]!.toFixed(2),
    });
  }
}
