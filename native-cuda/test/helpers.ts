import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';

export function fixture(name: string): string {
  return path.join(__dirname, 'fixtures', `${name}.js`);
}

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'trims-native-test-'));
}

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function runNode(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Finished> {
  return runCommand(process.execPath, args, env);
}

export function runCommand(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Starts a long-running fixture and waits for its first JSON line. */
export function startNode<T>(args: string[]): Promise<{ child: ChildProcess; first: T }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    const lines = readline.createInterface({ input: child.stdout! });
    lines.once('line', (line) => resolve({ child, first: JSON.parse(line) as T }));
    child.once('exit', (code) => reject(new Error(`${args[0]} exited early with ${code}`)));
  });
}

export function openFdCount(): number {
  return fs.readdirSync('/proc/self/fd').length;
}

/** How many of this process's fds point at the memfd of that name. */
export function fdsOfMemfd(name: string): number {
  let count = 0;
  for (const fd of fs.readdirSync('/proc/self/fd')) {
    try {
      if (fs.readlinkSync(`/proc/self/fd/${fd}`).startsWith(`/memfd:${name} `)) count++;
    } catch {
      // the directory's own fd is gone by now
    }
  }
  return count;
}
