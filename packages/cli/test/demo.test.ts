import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
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
});
