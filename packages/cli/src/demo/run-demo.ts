import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { generateModel } from '@trims/models';
import { TrimsClient } from '@trims/client';

interface ClientResult {
  startup: number;
  load: number;
  inference: number;
  top: number;
  probability: number;
  checksum: number;
}

const TRIMS = path.resolve(__dirname, '..', '..', '..', 'bin', 'trims.js');

function runClient(
  mode: 'plain' | 'trims',
  url: string,
  inputShape: readonly number[],
  socket: string,
): Promise<ClientResult> {
  return new Promise((resolve, reject) => {
    const args = [path.join(__dirname, 'client.js'), mode, url, inputShape.join(',')];
    const child = spawn(process.execPath, args, {
      env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2', TRIMS_SOCKET: socket },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('close', (code) => {
      if (code === 0) resolve(JSON.parse(out) as ClientResult);
      else reject(new Error(`${mode} client exited with ${code}: ${err.trim()}`));
    });
  });
}

async function startDaemon(socket: string, cacheDir: string): Promise<ChildProcess> {
  const daemon = spawn(
    process.execPath,
    [TRIMS, 'serve', '--socket', socket, '--cache-dir', cacheDir],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, TRIMS_LOG_LEVEL: 'warn' },
    },
  );
  let log = '';
  daemon.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  for (let i = 0; i < 200; i++) {
    if (daemon.exitCode !== null) throw new Error(`the daemon exited: ${log}`);
    try {
      (await TrimsClient.connect({ socketPath: socket })).close();
      return daemon;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  daemon.kill();
  throw new Error(`the daemon did not answer on ${socket}: ${log}`);
}

const ms = (value: number): string => `${value.toFixed(1).padStart(7)} ms`;

/**
 * The demo: a daemon starts; short-lived processes each load a built-in
 * model (ResNet-18, generated here) and classify an input, once with
 * tf.loadGraphModel and once through TrIMS; the load times go side by side.
 */
export async function runDemo(options: { processes: number; model: string }): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trims-demo-'));
  const socket = path.join(dir, 'trims.sock');
  let daemon: ChildProcess | undefined;
  try {
    const model = generateModel(options.model, path.join(dir, 'models'), { seed: 1 });
    const modelJson = path.join(dir, 'models', options.model, 'model.json');
    const { format } = JSON.parse(fs.readFileSync(modelJson, 'utf8')) as { format?: string };
    if (format !== 'graph-model')
      throw new Error(
        `demo: ${options.model} is a ${format ?? 'model of no known format'}, not a graph-model; the demo loads graph models with loadGraphModel (resnet18, mobilenet_v2, squeezenet1_1, inception_v3, ...)`,
      );
    const url = `file://${modelJson}`;
    const run = (mode: 'plain' | 'trims'): Promise<ClientResult> =>
      runClient(mode, url, model.inputShape, socket);
    daemon = await startDaemon(socket, path.join(dir, 'cache'));
    console.log(
      `trims demo: a daemon, then ${options.processes} short-lived processes each load ${options.model} ` +
        `(${(model.parameters / 1e6).toFixed(1)} M parameters, ${(model.bytes / 2 ** 20).toFixed(0)} MiB) and classify one image`,
    );
    console.log(
      '  process   tf.loadGraphModel   through TrIMS   speedup   class (p)        same output',
    );
    let mismatches = 0;
    for (let i = 0; i < options.processes; i++) {
      const plain = await run('plain');
      const shared = await run('trims');
      const same = plain.checksum === shared.checksum && plain.top === shared.top;
      if (!same) mismatches++;
      const note = i === 0 ? ' (cold: fetched and converted)' : '';
      console.log(
        `  ${String(i + 1).padStart(7)}   ${ms(plain.load)}          ${ms(shared.load)}   ${(plain.load / shared.load).toFixed(1).padStart(6)}x   ` +
          `${String(shared.top).padStart(4)} (${shared.probability.toFixed(4)})   ${same ? 'yes' : 'NO'}${note}`,
      );
    }
    const startup = (await run('trims')).startup;
    console.log(
      `  (each process also started the framework, ~${Math.round(startup)} ms, the same with or without TrIMS)`,
    );
    console.log(
      mismatches === 0
        ? '  outputs: identical with and without TrIMS'
        : `  outputs differ in ${mismatches} process(es)`,
    );
    return mismatches === 0 ? 0 : 1;
  } finally {
    // One that is gone already (killed, crashed) sends no 'exit' again: waiting would end the process, silently, 0
    if (daemon && daemon.exitCode === null && daemon.signalCode === null) {
      const gone = new Promise((resolve) => daemon!.once('exit', resolve));
      daemon.kill('SIGTERM');
      await gone;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
