const { performance } = require('node:perf_hooks');
const { loadFramework } = require('@trims/tensorflow');
(async () => {
  const { tf } = loadFramework(); tf.tidy(() => tf.add(tf.ones([1]), 1));
  const { TrimsClient } = require('@trims/client');
  const t0 = performance.now();
  const c = TrimsClient.start({ socketPath: '/tmp/s6/t.sock' });
  const t1 = performance.now();
  await c.request('health', {});
  const t2 = performance.now();
  await c.request('health', {});
  const t3 = performance.now();
  const c2 = TrimsClient.start({ socketPath: '/tmp/s6/t.sock' });
  const t4 = performance.now();
  await c2.request('health', {});
  const t5 = performance.now();
  console.log('start', (t1-t0).toFixed(2), 'first rt', (t2-t1).toFixed(2), 'second rt', (t3-t2).toFixed(2), 'start2', (t4-t3).toFixed(2), 'rt2', (t5-t4).toFixed(2));
  c.close(); c2.close();
})();
