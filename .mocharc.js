'use strict';
// One mocha config for the monorepo: every package's compiled tests.
// No GPU here: the tests run the gpu tier on the CUDA driver stand-in, in
// this process and every daemon and client it starts (they inherit the
// environment). `TRIMS_CUDA_DRIVER= npm test` uses the real driver instead.
process.env.TRIMS_CUDA_DRIVER ??= 'standin';
module.exports = {
  spec: [
    'native-cuda/dist/test/**/*.test.js',
    'packages/*/dist/test/**/*.test.js',
    'models/dist/test/**/*.test.js',
  ],
  'node-option': ['expose-gc'],
  timeout: 120000,
  reporter: 'spec',
  exit: true,
};
