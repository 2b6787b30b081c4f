import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

import { readProvenance } from '../src';

describe('@trims/setup: a second run', () => {
  it('does nothing twice: every step reports it was already done, and still verifies', () => {
    const before = readProvenance();
    const main = path.join(__dirname, '..', 'src', 'main.js');
    const result = spawnSync(process.execPath, [main], { encoding: 'utf8' });
    expect(result.status, result.stderr + result.stdout).to.equal(0);
    expect(result.stdout).to.match(/libtensorflow\s+already in place/);
    expect(result.stdout).to.match(/patches\s+already applied/);
    expect(result.stdout).to.match(/binding\s+up to date/);
    expect(result.stdout).to.match(/native addon\s+up to date/);
    expect(result.stdout).to.match(/check\s+conv2d ran on TensorFlow \d+\.\d+/);
    expect(readProvenance().binding).to.deep.equal(before.binding);
  });
});
