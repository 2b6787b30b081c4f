import { expect } from 'chai';
import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { Daemon, ask, modelJsonPath, segmentOf, zooModel } from '@trims/testing';

const HOLDER = path.join(__dirname, 'fixtures', 'hold-model.js');

function holder(socketPath: string, urls: string[]): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [HOLDER, socketPath, ...urls], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    readline.createInterface({ input: child.stdout! }).once('line', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`holder exited with ${code}: ${stderr}`)));
  });
}

describe('trims serve: crashed clients', function () {
  it('kill -9 of 200 clients, each holding models, leaves zero references, and the daemon keeps serving', async () => {
    const urls = [1, 2, 3].map((seed) => modelJsonPath(zooModel('squeezenet1_1', seed)));
    const daemon = await Daemon.start();
    const children: ChildProcess[] = [];
    try {
      for (let batch = 0; batch < 8; batch++) {
        const started = await Promise.all(
          Array.from({ length: 25 }, (_, i) =>
            holder(daemon.socketPath, urls.slice(0, 1 + ((batch * 25 + i) % 3))),
          ),
        );
        children.push(...started);
      }
      const held = (await ask(daemon, 'stats', {})).reply as {
        references: number;
        connections: number;
      };
      const expected = Array.from({ length: 200 }, (_, i) => 1 + (i % 3)).reduce(
        (a, b) => a + b,
        0,
      );
      expect(held.references).to.equal(expected);
      const exits = children.map((child) => new Promise((resolve) => child.once('exit', resolve)));
      for (const child of children) child.kill('SIGKILL');
      await Promise.all(exits);
      let stats = { references: -1, connections: -1 };
      for (let i = 0; i < 100 && (stats.references !== 0 || stats.connections !== 1); i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        stats = (await ask(daemon, 'stats', {})).reply as typeof stats;
      }
      expect(stats.references).to.equal(0);
      expect(stats.connections).to.equal(1); // only the asking connection
      expect(daemon.alive).to.equal(true);
      const after = await ask(daemon, 'open', { url: urls[0]! });
      expect(segmentOf(after.fds).tensors.length).to.be.greaterThan(0);
    } finally {
      for (const child of children)
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await daemon.stop();
    }
  });
});
