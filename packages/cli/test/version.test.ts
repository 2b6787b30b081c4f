import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const PACKAGE = path.resolve(__dirname, '..', '..');

describe('trims --version', () => {
  it("prints the cli package's version and exits 0", () => {
    const { version } = require(path.join(PACKAGE, 'package.json')) as { version: string };
    const result = spawnSync(
      process.execPath,
      [path.join(PACKAGE, 'bin', 'trims.js'), '--version'],
      {
        encoding: 'utf8',
      },
    );
    expect(result.status, result.stderr).to.equal(0);
    expect(result.stdout.trim()).to.equal(version);
  });
});
