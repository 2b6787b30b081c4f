import { expect } from 'chai';
import { spawnSync } from 'node:child_process';

/** loadFramework() in a fresh process after `prelude` ran with the framework loaded; what it threw, or 'ok'. */
function loadAfter(prelude: string): string {
  const script = `
    const tf = require('@tensorflow/tfjs-node-gpu');
    ${prelude}
    try {
      const { internals } = require('@trims/tensorflow').loadFramework();
      process.stdout.write('ok ' + internals.tensorflowVersion());
    } catch (error) {
      process.stdout.write(error.name + ': ' + error.message);
    }`;
  const result = spawnSync(process.execPath, ['-e', script], {
    encoding: 'utf8',
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' },
  });
  expect(result.status, result.stderr).to.equal(0);
  return result.stdout;
}

describe('@trims/tensorflow: the private tfjs members TrIMS uses', () => {
  it('are all present in the supported framework', () => {
    expect(loadAfter('')).to.match(/^ok \d+\.\d+/);
  });

  it('a missing one fails the load, naming it, the tfjs version found and the range supported', () => {
    const message = loadAfter('delete tf.GraphModel.prototype.loadWithWeightMap;');
    expect(message).to.match(/^FrameworkLoadError: /);
    expect(message).to.include('lacks GraphModel.prototype.loadWithWeightMap');
    expect(message).to.include('@tensorflow/tfjs-node-gpu 4.22.0 (tfjs-core 4.22.0');
    expect(message).to.include('TrIMS supports tfjs 4.22.x');
  });

  it('one checked only once a GraphModel is built (the executor) fails the same way, naming it', () => {
    const message = loadAfter(`
      const { internals } = require('@trims/tensorflow').loadFramework();
      const topology = { node: [{ name: 'x', op: 'Placeholder', attr: { dtype: { type: 'DT_FLOAT' } } }], versions: { producer: 1 } };
      const built = new tf.GraphModel('memory://x');
      internals.buildGraph(built, { modelTopology: topology });
      const w = tf.scalar(2);
      internals.attachWeights(built, { w });
      if (built.weights.w[0] !== w) throw new Error('attachWeights did not attach');
      const model = new tf.GraphModel('memory://y');
      internals.buildGraph(model, { modelTopology: topology });
      Object.defineProperty(Object.getPrototypeOf(model.executor), 'weightMap', { get() { return {}; }, set: undefined });
      try {
        internals.attachWeights(model, { w });
        process.stdout.write('attached');
      } catch (error) {
        process.stdout.write(error.name + ': ' + error.message);
      }
      process.exit(0);`);
    expect(message).to.match(/^FrameworkLoadError: /);
    expect(message).to.include("lacks GraphExecutor's weightMap setter");
    expect(message).to.include('TrIMS supports tfjs 4.22.x');
  });
});
