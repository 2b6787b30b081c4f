import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { createSealedSegment, SeqPacketServer } from '@trims/native-cuda';

import { DemoModel, fillWeights, modelBytes } from './weights';

interface ClientResult {
  startup: number;
  load: number;
  inference: number;
  checksum: number;
}

function runClient(
  mode: 'private' | 'shared',
  file: string,
  socket: string,
  model: DemoModel,
): Promise<ClientResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join(__dirname, 'client.js'), JSON.stringify({ mode, file, socket, model })],
      {
        env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
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

const ms = (value: number): string => `${value.toFixed(1).padStart(8)} ms`;

/**
 * The demo: a stand-in daemon seals the model's weights in shared memory
 * once, then short-lived processes load them privately and through it.
 */
export async function runDemo(options: {
  processes: number;
  layers: number;
  width: number;
}): Promise<number> {
  const model: DemoModel = { layers: options.layers, width: options.width };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trims-demo-'));
  const file = path.join(dir, 'weights.bin');
  const socket = path.join(dir, 'demo.sock');
  const bytes = new Uint8Array(modelBytes(model));
  fillWeights(model, bytes);
  fs.writeFileSync(file, bytes);
  const segment = createSealedSegment('trims-demo-weights', bytes.length, (target) =>
    target.set(bytes),
  );
  const server = SeqPacketServer.listen(socket);
  server.on('connection', (channel) => {
    channel.on('message', () => void channel.send(Buffer.from('segment'), [segment]));
    channel.on('error', () => channel.close());
  });
  console.log(
    `trims demo: ${options.processes} short-lived processes each load a ${model.layers}-layer dense model ` +
      `(${(bytes.length / 2 ** 20).toFixed(0)} MiB of float32 weights) and run it once`,
  );
  console.log(
    '  process   private load   shared load   (framework start-up, inference alike in both)',
  );
  let mismatches = 0;
  try {
    for (let i = 0; i < options.processes; i++) {
      const alone = await runClient('private', file, socket, model);
      const shared = await runClient('shared', file, socket, model);
      if (alone.checksum !== shared.checksum) mismatches++;
      console.log(
        `  ${String(i + 1).padStart(7)} ${ms(alone.load)}   ${ms(shared.load)}   ` +
          `start-up ${alone.startup.toFixed(0)}/${shared.startup.toFixed(0)} ms, ` +
          `inference ${alone.inference.toFixed(1)}/${shared.inference.toFixed(1)} ms`,
      );
    }
  } finally {
    server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    mismatches === 0
      ? '  outputs: identical in every process (the shared weights are the same bytes, never copied)'
      : `  outputs differ in ${mismatches} process(es)`,
  );
  console.log(
    '  This demo uses a stand-in daemon; the full daemon (trims serve) is tracked in the issues.',
  );
  return mismatches === 0 ? 0 : 1;
}
