const { performance } = require('node:perf_hooks');
const { loadFramework } = require('@trims/tensorflow');
const url = 'file://' + process.argv[2] + '/model.json';
const mode = process.argv[3] || 'hit';
(async () => {
  const { tf, internals } = loadFramework();
  tf.tidy(() => tf.add(tf.ones([1]), 1));
  if (mode === 'floor') {
    const artifacts = await tf.io.fileSystem(process.argv[2] + '/model.json').load();
    const weights = tf.io.decodeWeights(artifacts.weightData, artifacts.weightSpecs);
    const t = performance.now();
    internals.loadWithWeightMap(new tf.GraphModel(url), artifacts, weights);
    console.log('floor', (performance.now() - t).toFixed(2));
    return;
  }
  const trims = require('@trims/tfjs');
  const t = performance.now();
  await trims.loadGraphModel(url, { strict: true });
  const a = performance.now() - t;
  const t2 = performance.now();
  await trims.loadGraphModel(url, { strict: true });
  console.log('hit', a.toFixed(2), 'again', (performance.now() - t2).toFixed(2));
})();
