import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const MAIN = path.join(__dirname, '..', 'src', 'main.js');
const RESULTS = path.join(__dirname, '..', '..', 'results');

/** Runs the bench with `args`; the results folder's listing before and after (nothing may run). */
function bench(...args: string[]): { status: number | null; out: string; err: string } {
  const before = fs
    .readdirSync(RESULTS)
    .map((name) => [name, fs.statSync(path.join(RESULTS, name)).mtimeMs]);
  const run = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', timeout: 60_000 });
  const after = fs
    .readdirSync(RESULTS)
    .map((name) => [name, fs.statSync(path.join(RESULTS, name)).mtimeMs]);
  expect(after, 'no suite ran: benchmarks/results is untouched').to.deep.equal(before);
  return { status: run.status, out: run.stdout, err: run.stderr };
}

describe('npm run bench (its arguments)', () => {
  it('prints its usage for --help, and runs nothing', () => {
    const { status, out } = bench('--help');
    expect(status).to.equal(0);
    expect(out).to.match(/^usage: npm run bench -- \[quick \| full \| report \| <suite>\]/);
    expect(out).to.include('hit-path');
  });

  it('refuses an unknown option, a misspelt suite or two suites, naming it, and runs nothing', () => {
    for (const [args, named] of [
      [['--bogus'], "'--bogus'"],
      [['zoo', '--fulll'], "'--fulll'"],
      [['zooo'], 'unknown suite "zooo"'],
      [['constructor'], 'unknown suite "constructor"'],
      [['zoo', 'large'], 'also given: large'],
    ] as const) {
      const { status, err } = bench(...args);
      expect(status, args.join(' ')).to.equal(2);
      expect(err, args.join(' ')).to.include(named).and.to.include('usage: npm run bench');
    }
  });
});
