const { performance } = require('node:perf_hooks');
const tf = require('@tensorflow/tfjs-node-gpu'); tf.tidy(() => tf.add(tf.ones([1]), 1));
const t0 = performance.now();
const { loadFramework } = require('@trims/tensorflow');
const t1 = performance.now();
loadFramework();
const t2 = performance.now();
console.log('require', (t1-t0).toFixed(2), 'loadFramework', (t2-t1).toFixed(2), Object.keys(require.cache).length);
