const { performance } = require('node:perf_hooks');
const { loadFramework } = require('@trims/tensorflow');
const url = 'file://' + process.argv[2] + '/model.json';
(async () => {
  const { tf } = loadFramework();
  tf.tidy(() => tf.add(tf.ones([1]), 1));
  const trims = require('@trims/tfjs');
  const v8 = require('v8');
  const sp = () => v8.getHeapSpaceStatistics().find(s => s.space_name === 'new_space');
  const b = sp();
  console.log('before', (b.space_used_size/1e6).toFixed(2), (b.space_size/1e6).toFixed(2));
  console.log('HIT START');
  const t = performance.now();
  await trims.loadGraphModel(url, { strict: true });
  const ms = performance.now() - t;
  console.log('HIT END', ms.toFixed(2));
  const a = sp();
  console.log('after', (a.space_used_size/1e6).toFixed(2));
})();
