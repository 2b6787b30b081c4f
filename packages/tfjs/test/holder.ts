import { ChildProcess, fork } from 'node:child_process';
import * as path from 'node:path';

import type { Poke } from './fixtures/poke-device';

export interface HolderReply {
  ok?: boolean;
  ready?: boolean;
  digests?: string[];
  error?: string;
  stderr?: string;
  pokes?: Poke[];
}

/** A long-lived client process (fixtures/holder) driven over IPC. */
export class Holder {
  private constructor(readonly child: ChildProcess) {}

  static async start(env: NodeJS.ProcessEnv): Promise<Holder> {
    const child = fork(path.join(__dirname, 'fixtures', 'holder.js'), [], {
      env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2', ...env },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    await new Promise((resolve) => child.once('message', resolve));
    return new Holder(child);
  }

  ask(message: {
    load?: string;
    predict?: boolean;
    dispose?: boolean;
    poke?: boolean;
  }): Promise<HolderReply> {
    return new Promise((resolve) => {
      this.child.once('message', (reply) => resolve(reply as HolderReply));
      this.child.send(message);
    });
  }

  /** SIGKILL, as a crash; resolves once it is gone. */
  stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.kill('SIGKILL');
    });
  }
}
