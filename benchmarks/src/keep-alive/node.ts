import { performance } from 'node:perf_hooks';

import { memoryOf } from '../harness/processes';
import { MemoryCgroup } from './cgroup';
import { Instance } from './instance';

export interface Invocation {
  model: number;
  /** When it arrived (performance.now() ms), when it finished, and whether it waited for a cold start. */
  arrived: number;
  finished?: number;
  cold?: boolean;
  failed?: string;
}

export interface NodeConfig {
  cores: number;
  limitBytes: number;
  keepAliveMs: number;
  /** Starts an instance for a model, reserving this much memory until it is measured. */
  start: (model: number, reserved: number) => Instance;
  /** The memory a first instance of a model is expected to add, before one was measured. */
  firstEstimate: (model: number) => number;
  daemonPid?: number;
  cgroup?: MemoryCgroup;
}

export interface NodeSample {
  warm: number;
  busy: number;
  memoryBytes: number;
  daemonBytes: number;
  cgroupBytes: number | '';
}

/**
 * A FaaS worker node with keep-alive: invocations queue in arrival order;
 * at most one busy instance per core; an invocation with no idle warm
 * instance starts one (a cold start), first evicting least-recently-used
 * idle instances until the node's memory (measured PSS of every instance
 * plus the daemon's) leaves room for it; idle instances also expire.
 */
export class FaasNode {
  readonly instances: Instance[] = [];
  readonly evictions = { memory: 0, expired: 0, died: 0 };
  private readonly queue: Invocation[] = [];
  /** Largest private memory measured per model: what one more instance of it adds. */
  private readonly measured = new Map<number, number>();
  private daemonBytes = 0;
  private onIdle: Array<() => void> = [];
  private pausedAt: number | undefined;

  constructor(
    private readonly config: NodeConfig,
    private readonly finished: (invocation: Invocation) => void,
  ) {}

  /** A pre-started instance (the persistent server's), never evicted. */
  adopt(instance: Instance): void {
    this.instances.push(instance);
    this.config.cgroup?.add(instance.pid);
    void instance.ready.then(
      () => {
        instance.state = 'idle';
        instance.lastUsed = performance.now();
        this.schedule();
        this.wakeIfSettled();
      },
      (error: Error) => {
        throw new Error(`a persistent server failed to start: ${error.message}`);
      },
    );
  }

  submit(model: number, arrived = performance.now()): void {
    this.queue.push({ model, arrived });
    this.schedule();
  }

  /**
   * Stops its clock while another node's step runs on the same machine
   * (steps interleave so that every mode sees the same background load):
   * idle time then does not count toward keep-alive.
   */
  pause(): void {
    this.pausedAt = performance.now();
  }

  resume(): void {
    if (this.pausedAt === undefined) return;
    const paused = performance.now() - this.pausedAt;
    for (const instance of this.instances) instance.lastUsed += paused;
    this.pausedAt = undefined;
  }

  /** Drops what still waits in the queue (past saturation): returns how many. */
  dropQueued(): number {
    return this.queue.splice(0).length;
  }

  /** Resolves when no instance is starting or busy. */
  settled(): Promise<void> {
    if (this.busy() === 0) return Promise.resolve();
    return new Promise((resolve) => this.onIdle.push(resolve));
  }

  /** Bytes the node accounts: every instance (measured, or its reservation before that) plus the daemon. */
  used(): number {
    return (
      this.instances.reduce((sum, i) => sum + Math.max(i.pss, i.reserved), 0) + this.daemonBytes
    );
  }

  /** Measures every process, expires idle instances, evicts if over the limit (estimates were low). */
  sample(): NodeSample {
    for (const instance of this.instances.filter((i) => !i.alive && i.state === 'idle'))
      this.evict(instance, 'died'); // killed under it (the kernel's OOM killer)
    for (const instance of this.instances) this.measure(instance);
    if (this.config.daemonPid !== undefined) this.daemonBytes = memoryOf(this.config.daemonPid).pss;
    const now = performance.now();
    for (const instance of this.idleByAge())
      if (now - instance.lastUsed > this.config.keepAliveMs) this.evict(instance, 'expired');
    for (const instance of this.idleByAge()) {
      if (this.used() <= this.config.limitBytes) break;
      this.evict(instance, 'memory');
    }
    this.schedule();
    return {
      warm: this.instances.filter((i) => i.state !== 'starting').length,
      busy: this.busy(),
      memoryBytes: this.used(),
      daemonBytes: this.daemonBytes,
      cgroupBytes: this.config.cgroup?.usage().bytes ?? '',
    };
  }

  async close(): Promise<void> {
    this.dropQueued();
    await Promise.all(this.instances.splice(0).map((i) => i.kill()));
  }

  private busy(): number {
    return this.instances.filter((i) => i.state !== 'idle').length;
  }

  private idleByAge(): Instance[] {
    return this.instances.filter((i) => i.state === 'idle').sort((a, b) => a.lastUsed - b.lastUsed);
  }

  private estimate(model: number): number {
    return this.measured.get(model) ?? this.config.firstEstimate(model);
  }

  private measure(instance: Instance): void {
    const { pss, private: own } = memoryOf(instance.pid);
    instance.pss = pss;
    instance.private = own;
    // Measured after serving, it has its full size (the first inference grows it): drop the reservation.
    if (instance.served > 0 && instance.state !== 'starting') {
      instance.reserved = 0;
      for (const model of instance.models)
        this.measured.set(model, Math.max(this.measured.get(model) ?? 0, own));
    }
  }

  private schedule(): void {
    while (this.busy() < this.config.cores && this.queue.length > 0) {
      const invocation = this.queue[0]!;
      const warm = this.instances
        .filter((i) => i.state === 'idle' && i.alive && i.serves(invocation.model))
        .sort((a, b) => b.lastUsed - a.lastUsed)[0];
      if (warm !== undefined) {
        this.queue.shift();
        void this.run(warm, invocation, false);
        continue;
      }
      const needed = this.estimate(invocation.model);
      if (!this.makeRoom(needed)) break; // waits for a busy instance to finish
      this.queue.shift();
      const instance = this.config.start(invocation.model, needed);
      this.instances.push(instance);
      this.config.cgroup?.add(instance.pid);
      void this.run(instance, invocation, true);
    }
  }

  /** Evicts least-recently-used idle instances until `needed` more bytes fit; false if they cannot. */
  private makeRoom(needed: number): boolean {
    const idle = this.idleByAge();
    let used = this.used();
    // Evicting an instance frees its private memory; its share of shared pages stays with the others.
    const reclaimable = idle.reduce((sum, i) => sum + Math.max(i.private, i.reserved), 0);
    if (used - reclaimable + needed > this.config.limitBytes) return false;
    for (const instance of idle) {
      if (used + needed <= this.config.limitBytes) break;
      used -= Math.max(instance.private, instance.reserved);
      this.evict(instance, 'memory');
    }
    return true;
  }

  private evict(instance: Instance, reason: keyof FaasNode['evictions']): void {
    this.instances.splice(this.instances.indexOf(instance), 1);
    this.evictions[reason]++;
    void instance.kill();
  }

  private async run(instance: Instance, invocation: Invocation, cold: boolean): Promise<void> {
    invocation.cold = cold;
    if (instance.state === 'idle') instance.state = 'busy';
    try {
      await instance.ready;
      instance.state = 'busy';
      await instance.invoke(invocation.model);
      invocation.finished = performance.now();
      instance.served++;
      instance.state = 'idle';
      instance.lastUsed = invocation.finished;
      if (instance.served === 1) this.measure(instance);
    } catch (error) {
      invocation.failed = (error as Error).message;
      const at = this.instances.indexOf(instance);
      if (at >= 0) this.instances.splice(at, 1);
    }
    this.finished(invocation);
    this.schedule();
    this.wakeIfSettled();
  }

  private wakeIfSettled(): void {
    if (this.busy() === 0) this.onIdle.splice(0).forEach((resolve) => resolve());
  }
}
