import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as readline from 'node:readline';

const WORKERS = path.resolve(__dirname, '..', 'workers');

export interface Phases {
  startup: number;
  load: number;
  preprocess: number;
  inference: number;
  /** A second inference: compute alone (the ideal counts this, not the first). */
  computeOnly: number;
  /** Wall clock from spawn to exit, as the caller of a function sees it. */
  endToEnd: number;
}

/** Runs a worker script (of workers/) in a fresh process with JSON arguments; resolves with the JSON it prints. */
export function runWorker<T>(script: string, args: unknown, socket: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(WORKERS, script), JSON.stringify(args)], {
      env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2', TRIMS_SOCKET: socket },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`${script} ${JSON.stringify(args)} failed: ${err.trim()}`));
      else resolve(JSON.parse(out) as T);
    });
  });
}

/** One invocation in a fresh process. */
export async function invoke(
  mode: 'plain' | 'trims',
  url: string,
  inputShape: number[],
  socket: string,
): Promise<Phases> {
  const started = performance.now();
  const phases = await runWorker<Omit<Phases, 'endToEnd'>>(
    'invoke.js',
    { mode, url, inputShape },
    socket,
  );
  return { ...phases, endToEnd: performance.now() - started };
}

/** A process holding a model, once it says ready. */
export function hold(
  mode: 'plain' | 'trims',
  url: string,
  inputShape: number[],
  socket: string,
): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join(WORKERS, 'hold.js'), JSON.stringify({ mode, url, inputShape })],
      {
        env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2', TRIMS_SOCKET: socket },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    readline.createInterface({ input: child.stdout! }).once('line', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`holder exited with ${code}`)));
  });
}

/** Proportional set size of a process: shared pages split among their users. */
export function pssBytes(pid: number): number {
  return memoryOf(pid).pss;
}

/**
 * A process's memory from /proc/<pid>/smaps_rollup: PSS (shared pages split
 * among their users) and private (pages it alone maps: what it frees on exit,
 * and what one more process like it adds). Zero once it has exited.
 */
export function memoryOf(pid: number): { pss: number; private: number } {
  let rollup: string;
  try {
    rollup = fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  } catch {
    return { pss: 0, private: 0 };
  }
  const kB = (field: string): number =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(rollup)?.[1] ?? 0) * 1024;
  return { pss: kB('Pss'), private: kB('Private_Clean') + kB('Private_Dirty') };
}
