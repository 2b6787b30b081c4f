import { expect } from 'chai';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const TRIMS = path.join(__dirname, '..', '..', 'bin', 'trims.js');

const demo = (...args: string[]) =>
  spawnSync(process.execPath, [TRIMS, 'demo', ...args], { encoding: 'utf8', timeout: 60_000 });

describe('trims demo', () => {
  it('refuses, naming the option, what it cannot run: a count of processes that is not one, a model that is not a graph model', () => {
    for (const count of ['abc', '0', '-2', '1.5', '101']) {
      const result = demo('-n', count);
      expect(result.status).to.equal(1);
      expect(result.stderr).to.contain(
        `--processes must be a whole number from 1 to 100, not "${count}"`,
      );
    }
    const layers = demo('--model', 'lenet5_layers', '-n', '1');
    expect(layers.status).to.equal(1);
    expect(layers.stderr).to.match(/lenet5_layers is a layers-model, not a graph-model/);
  });

  it('fails, saying so and leaving nothing behind, when its daemon dies midway', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'trims-demo-test-'));
    const run = spawn(process.execPath, [TRIMS, 'demo', '-n', '20', '--model', 'squeezenet1_1'], {
      env: { ...process.env, TMPDIR: tmp },
    });
    let out = '';
    let err = '';
    run.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => run.once('exit', resolve));
    await new Promise<void>((resolve) =>
      run.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (/^\s+1\s/m.test(out)) resolve(); // a first row: its daemon is serving
      }),
    );
    const daemon = spawnSync('pgrep', ['-P', String(run.pid), '-f', 'serve'], { encoding: 'utf8' });
    expect(daemon.stdout.trim(), 'the demo runs its daemon').to.match(/^\d+$/);
    process.kill(Number(daemon.stdout.trim()), 'SIGKILL');
    expect(await exited, out + err).to.equal(1);
    expect(err).to.match(/demo|daemon|TrIMS/i);
    expect(fs.readdirSync(tmp), 'its directory is removed').to.deep.equal([]);
    fs.rmSync(tmp, { recursive: true, force: true });
  });
});
