const { loadFramework } = require('@trims/tensorflow');
const url = 'file://' + process.argv[2] + '/model.json';
(async () => {
  const { tf } = loadFramework();
  tf.tidy(() => tf.add(tf.ones([1]), 1));
  const trims = require('@trims/tfjs');
  const t0 = process.hrtime.bigint();
  await trims.loadGraphModel(url, { strict: true });
  const t1 = process.hrtime.bigint();
  require('fs').writeFileSync('/tmp/s6/window.json', JSON.stringify({ t0: Number(t0 / 1000n), t1: Number(t1 / 1000n) }));
})();
