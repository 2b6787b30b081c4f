import { expect } from 'chai';
import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import * as readline from 'node:readline';

import { ask, Daemon, ModelHttpServer, zooModel } from '@trims/testing';

const OPENER = path.join(__dirname, 'fixtures', 'open-many.js');

async function statsOf(daemon: Daemon): Promise<{ references: number; connections: number }> {
  return (await ask(daemon, 'stats', {})).reply as { references: number; connections: number };
}

describe('trims serve: leases of clients killed mid-open', function () {
  let http: ModelHttpServer;

  before(async () => {
    http = await new ModelHttpServer(path.dirname(zooModel('squeezenet1_1'))).start();
  });

  after(() => http.close());

  it('20 clients kill -9ed at random points of cold and warm opens leave 0 references', async () => {
    const daemon = await Daemon.start();
    const warm = http.url('squeezenet1_1/model.json?warm');
    await ask(daemon, 'open', { url: warm }); // cached, its lease gone with that connection
    const children: ChildProcess[] = [];
    const delays: number[] = [];
    try {
      for (let i = 0; i < 20; i++) {
        // Each client: the warm model, and two cold ones (distinct URLs, slow shards: a conversion in flight).
        const urls = [
          warm,
          http.url(`slow/squeezenet1_1/model.json?client=${i}&n=1`),
          http.url(`squeezenet1_1/model.json?client=${i}&n=2`),
        ];
        const child = spawn(process.execPath, [OPENER, daemon.socketPath, ...urls], {
          stdio: ['ignore', 'pipe', 'ignore'],
        });
        children.push(child);
        // Killed at a random point after its Hello: before, during or after its opens.
        const delay = Math.floor(Math.random() * 700);
        delays.push(delay);
        readline
          .createInterface({ input: child.stdout! })
          .once('line', () => setTimeout(() => child.kill('SIGKILL'), delay));
        child.once('exit', () => child.stdout!.destroy());
      }
      await Promise.all(
        children.map(
          (child) =>
            new Promise((resolve) =>
              child.exitCode !== null || child.signalCode !== null
                ? resolve(undefined)
                : child.once('exit', resolve),
            ),
        ),
      );
      // Conversions the dead clients started still finish; each lease they produce must go back.
      let stats = await statsOf(daemon);
      for (let i = 0; i < 200 && (stats.references !== 0 || stats.connections !== 1); i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        stats = await statsOf(daemon);
      }
      expect(stats.references, `kill delays ${delays.join(',')} ms`).to.equal(0);
      expect(stats.connections).to.equal(1);
      const list = (await ask(daemon, 'list', {})).reply as { models: Array<{ refs: number }> };
      expect(list.models.map((m) => m.refs)).to.satisfy((refs: number[]) =>
        refs.every((r) => r === 0),
      );
      const evicted = (await ask(daemon, 'evict', { all: true })).reply as { kept: string[] };
      expect(evicted.kept).to.deep.equal([]); // nothing is held, so everything can go
      expect(daemon.alive).to.equal(true);
    } finally {
      for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
      await daemon.stop();
    }
  });
});
