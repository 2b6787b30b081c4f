import * as fs from 'node:fs';
import * as path from 'node:path';

import { SetupError } from './errors';
import { sha256 } from './fingerprint';
import { NODE_GYP_REMEDIES, nodeGypEnv } from './node-headers';
import { bindingPath, frameworkDir } from './paths';
import { BuildRecord, LibtensorflowRecord, PatchRecord, readProvenance } from './provenance';
import { run, tail } from './run';

/** Builds the patched binding from source against the provisioned libtensorflow. */
export async function buildBinding(
  libtensorflow: LibtensorflowRecord,
  patches: readonly PatchRecord[],
): Promise<{ record: BuildRecord; changed: boolean }> {
  const inputs = sha256(
    JSON.stringify({
      libtensorflow,
      patches,
      node: process.versions.modules,
      napi: process.versions.napi,
    }),
  );
  const previous = readProvenance().binding;
  if (previous?.inputs === inputs && fs.existsSync(previous.output))
    return { record: previous, changed: false };

  const dir = frameworkDir();
  const started = Date.now();
  const cli = require.resolve('@mapbox/node-pre-gyp/bin/node-pre-gyp', { paths: [dir] });
  fs.rmSync(path.join(dir, 'lib'), { recursive: true, force: true });
  const result = await run(
    process.execPath,
    [cli, 'rebuild', '--build-from-source', '--build-latest-napi-version-only'],
    { cwd: dir, env: nodeGypEnv() },
  );
  const output = bindingPath();
  if (result.code !== 0 || !fs.existsSync(output)) {
    throw new SetupError(
      'binding',
      `building the TensorFlow binding from source failed:\n${tail(result.output)}`,
      [
        ...NODE_GYP_REMEDIES,
        'if the compiler cannot find tensorflow/c headers, set TRIMS_LIBTENSORFLOW_DIR or remove node_modules/@tensorflow/tfjs-node-gpu/deps and rerun',
      ],
    );
  }
  return { record: { inputs, output, seconds: (Date.now() - started) / 1000 }, changed: true };
}
