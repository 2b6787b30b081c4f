'use strict';
// One mocha config for the monorepo: every package's compiled tests.
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
