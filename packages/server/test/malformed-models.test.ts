import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { ErrorCode, TrimsError } from '@trims/protocol';
import { ask, Daemon, tempDir, writeTinyModel } from '@trims/testing';

type Manifest = Array<{ paths: unknown; weights: unknown }>;

/** model.json variants a hostile or broken converter could write; each must be named, never INTERNAL. */
const CASES: Array<[string, (json: Record<string, unknown>) => unknown]> = [
  ['a weight that is not an object', (j) => ((j.weightsManifest as Manifest)[0]!.weights = [null])],
  ['a weight that is a number', (j) => ((j.weightsManifest as Manifest)[0]!.weights = [7])],
  [
    'a shape with a huge dimension',
    (j) =>
      ((j.weightsManifest as Manifest)[0]!.weights = [
        { name: 'w', shape: [2 ** 40, 2 ** 40], dtype: 'float32' },
      ]),
  ],
  [
    'a shape of strings',
    (j) =>
      ((j.weightsManifest as Manifest)[0]!.weights = [
        { name: 'w', shape: ['4'], dtype: 'float32' },
      ]),
  ],
  [
    'quantization null',
    (j) =>
      ((j.weightsManifest as Manifest)[0]!.weights = [
        { name: 'w', shape: [16], dtype: 'float32', quantization: 'uint8' },
      ]),
  ],
  [
    'a weight group tfjs does not know',
    (j) =>
      ((j.weightsManifest as Manifest)[0]!.weights = [
        { name: 'w', shape: [16], dtype: 'float32', group: { toString: 'optimizer' } },
      ]),
  ],
  ['a manifest group that is null', (j) => (j.weightsManifest = [null])],
  ['paths that are not strings', (j) => ((j.weightsManifest as Manifest)[0]!.paths = [{}])],
  [
    'a shard path out of the model directory',
    (j) => ((j.weightsManifest as Manifest)[0]!.paths = ['../../../etc/passwd']),
  ],
  ['a topology that is an array', (j) => (j.modelTopology = [1, 2])],
  [
    'a topology nested 100,000 deep',
    (j) => (j.modelTopology = { n: [] }), // deepened in the text below
  ],
  ['model.json that is a string', () => 'model'],
];

describe('trims serve: malformed models are named, never INTERNAL', function () {
  it(`answers ${CASES.length} malformed model.json files with CORRUPT_MODEL, BAD_REQUEST, NOT_FOUND or ACCESS_DENIED`, async () => {
    const root = tempDir('trims-malformed-models-');
    const daemon = await Daemon.start();
    try {
      for (const [i, [what, change]] of CASES.entries()) {
        const model = writeTinyModel(path.join(root, `m${i}`), i);
        const json = JSON.parse(fs.readFileSync(model.modelJson, 'utf8')) as Record<
          string,
          unknown
        >;
        const replaced = change(json);
        let text = JSON.stringify(typeof replaced === 'string' ? replaced : json);
        if (what.includes('100,000'))
          text = text.replace('"n":[]', `"n":${'['.repeat(100_000)}${']'.repeat(100_000)}`);
        fs.writeFileSync(model.modelJson, text);
        const error = await ask(daemon, 'open', { url: model.modelJson }).then(
          () => undefined,
          (e: TrimsError) => e,
        );
        expect(error, what).to.be.instanceOf(TrimsError);
        expect(
          [
            ErrorCode.CORRUPT_MODEL,
            ErrorCode.BAD_REQUEST,
            ErrorCode.NOT_FOUND,
            ErrorCode.ACCESS_DENIED,
          ],
          `${what}: ${error!.message}`,
        ).to.include(error!.code);
      }
      expect(daemon.alive).to.equal(true);
    } finally {
      await daemon.stop();
    }
  });
});
