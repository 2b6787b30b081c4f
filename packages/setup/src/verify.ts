import { SetupError } from './errors';
import { repoRoot } from './paths';
import { run, tail } from './run';

/**
 * Proves the result in a fresh process, from the repository root: the patched framework loads
 * through @trims/tensorflow (which checks the patch and every private tfjs member TrIMS uses),
 * conv2d runs.
 */
const PROBE = `
const { tf, internals } = require('@trims/tensorflow').loadFramework();
const x = tf.ones([1, 8, 8, 3]);
const y = tf.conv2d(x, tf.ones([3, 3, 3, 4]), 1, 'same');
const sum = y.sum().dataSync()[0];
if (sum !== 5808) throw new Error('conv2d gave ' + sum + ', expected 5808');
process.stdout.write(JSON.stringify({ tfVersion: internals.tensorflowVersion(), gpu: internals.usingGpu() }));
`;

export async function verifyFramework(): Promise<{ tfVersion: string; gpu: boolean }> {
  const result = await run(process.execPath, ['-e', PROBE], {
    cwd: repoRoot(),
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' },
  });
  const json = /\{"tfVersion".*\}/.exec(result.output)?.[0];
  if (result.code !== 0 || json === undefined) {
    throw new SetupError(
      'check',
      `the patched framework does not run:\n${tail(result.output, 15)}`,
      [
        'rerun with TRIMS_FORCE_REBUILD=1 to rebuild the binding',
        'run npx trims doctor for a full diagnosis',
      ],
    );
  }
  return JSON.parse(json) as { tfVersion: string; gpu: boolean };
}
