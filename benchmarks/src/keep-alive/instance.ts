import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import * as readline from 'node:readline';

import { ZooModel } from '../harness/context';

const WORKER = path.resolve(__dirname, '..', 'workers', 'instance.js');

export type InstanceState = 'starting' | 'idle' | 'busy';

/**
 * A function instance: one process with its models loaded (workers/instance),
 * serving one invocation at a time over a pipe until it is killed.
 */
export class Instance {
  state: InstanceState = 'starting';
  lastUsed = 0;
  served = 0;
  /** Last measured memory (bytes); zero until first measured. */
  pss = 0;
  private = 0;
  /** Memory reserved for it before it was measured serving: the node's estimate. */
  reserved: number;
  readonly ready: Promise<void>;
  private readonly child: ChildProcess;
  private stderr = '';
  private waiting: { resolve: () => void; reject: (error: Error) => void } | undefined;
  private exit: string | undefined;

  constructor(
    mode: 'plain' | 'trims',
    /** Catalog indices it serves, in the order its worker loaded them. */
    readonly models: number[],
    catalog: ZooModel[],
    socket: string,
    reserved: number,
  ) {
    this.reserved = reserved;
    const spec = models.map((i) => ({ url: catalog[i]!.url, inputShape: catalog[i]!.inputShape }));
    this.child = spawn(process.execPath, [WORKER, JSON.stringify({ mode, models: spec })], {
      env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2', TRIMS_SOCKET: socket },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child.stderr!.on(
      'data',
      (chunk: Buffer) => (this.stderr = (this.stderr + chunk.toString()).slice(-4000)),
    );
    this.child.stdin!.on('error', () => undefined); // a killed instance: reported by 'exit'
    const lines = readline.createInterface({ input: this.child.stdout! });
    this.ready = new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
    });
    lines.on('line', () => {
      const waiting = this.waiting;
      this.waiting = undefined;
      waiting?.resolve();
    });
    this.child.once('exit', (code, signal) => {
      this.exit = `instance of ${models.map((i) => catalog[i]!.name).join(',')} exited (${signal ?? code}): ${this.stderr.trim().slice(-600)}`;
      this.waiting?.reject(new Error(this.exit));
      this.waiting = undefined;
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  get alive(): boolean {
    return this.exit === undefined;
  }

  serves(model: number): boolean {
    return this.models.includes(model);
  }

  /** One invocation of a model it serves: resolves on "done". */
  invoke(model: number): Promise<void> {
    if (!this.alive) return Promise.reject(new Error(this.exit));
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.child.stdin!.write(`${this.models.indexOf(model)}\n`);
    });
  }

  /** Evicts it: SIGKILL, as a platform reclaiming a container; resolves once it has exited. */
  kill(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.kill('SIGKILL');
    });
  }
}
