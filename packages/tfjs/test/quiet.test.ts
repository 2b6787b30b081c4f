import { expect } from 'chai';
import { spawnSync } from 'node:child_process';

/** What TensorFlow prints at start-up, minus times and thread ids: the absl notice and "file.cc:line]" of each log line. */
function startUpLines(prelude: string, level: string | undefined): string[] {
  const env = { ...process.env };
  delete env.TF_CPP_MIN_LOG_LEVEL;
  if (level !== undefined) env.TF_CPP_MIN_LOG_LEVEL = level;
  const script = `${prelude}const tf = require('@tensorflow/tfjs-node-gpu'); tf.add(tf.ones([2]), 1).dataSync();`;
  const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env });
  expect(result.status, result.stderr).to.equal(0);
  return result.stderr
    .split('\n')
    .map((line) =>
      line.startsWith('WARNING: All log messages before absl')
        ? 'absl notice'
        : (/^[IWEF]\d{4} [\d:.]+ +\d+ ([\w.]+:\d+)\]/.exec(line)?.[1] ?? ''),
    )
    .filter((line) => line !== '');
}

describe('@trims/tfjs: TensorFlow start-up noise', function () {
  let plain: string[];

  before(function () {
    plain = startUpLines('', undefined);
    if (plain.length === 0) {
      console.log('      (this TensorFlow build prints nothing at start-up: nothing to quiet)');
      this.skip();
    }
  });

  it('is quiet when @trims/tfjs is loaded first and the user set no TF_CPP_MIN_LOG_LEVEL', () => {
    expect(startUpLines("require('@trims/tfjs');", undefined)).to.deep.equal([]);
  });

  it("is as loud as the user's own TF_CPP_MIN_LOG_LEVEL=0 says", () => {
    expect(startUpLines("require('@trims/tfjs');", '0')).to.deep.equal(plain);
  });
});
