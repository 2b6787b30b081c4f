'use strict';
// One mocha config for the monorepo: every package's compiled tests.
// No GPU here: the tests run the gpu tier on the CUDA driver stand-in, in
// this process and every daemon and client it starts (they inherit the
// environment). `TRIMS_CUDA_DRIVER= npm test` uses the real driver instead.
process.env.TRIMS_CUDA_DRIVER ??= 'standin';
// Every temporary file of the run (the tests', their daemons' and clients')
// goes under one directory, removed when the run ends, so that a run that
// fails or is killed mid-test leaves at most that one behind. Mode 1777 as
// /tmp: tests run clients as other users. Set once; mocha's child process
// (node-option) inherits it.
if (process.env.TRIMS_TEST_TMPDIR === undefined) {
  const fs = require('node:fs');
  const os = require('node:os');
  const path = require('node:path');
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'trims-test-run-'));
  fs.chmodSync(root, 0o1777);
  process.env.TRIMS_TEST_TMPDIR = root;
  process.env.TMPDIR = root;
  process.once('exit', () => fs.rmSync(root, { recursive: true, force: true }));
}
module.exports = {
  spec: [
    'native-cuda/dist/test/**/*.test.js',
    'packages/*/dist/test/**/*.test.js',
    'models/dist/test/**/*.test.js',
    'benchmarks/dist/test/**/*.test.js',
  ],
  'node-option': ['expose-gc'],
  timeout: 120000,
  reporter: 'spec',
  exit: true,
};
