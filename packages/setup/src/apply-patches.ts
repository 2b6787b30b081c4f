import * as fs from 'node:fs';
import * as path from 'node:path';

import { SetupError } from './errors';
import { sha256OfFile } from './fingerprint';
import { patchesDir, repoRoot } from './paths';
import { PatchRecord, readProvenance } from './provenance';
import { run, tail } from './run';

export function patchFiles(): string[] {
  const dir = patchesDir();
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.patch'))
    .sort()
    .map((name) => path.join(dir, name));
}

function sameRecords(a: readonly PatchRecord[] | undefined, b: readonly PatchRecord[]): boolean {
  return a !== undefined && JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Applies patches/ to the installed packages with patch-package, which
 * recognises a patch that is already applied, so a rerun is harmless.
 */
export async function applyPatches(): Promise<{ records: PatchRecord[]; changed: boolean }> {
  const records = patchFiles().map((file) => ({
    file: path.basename(file),
    sha256: sha256OfFile(file),
  }));
  const cli = require.resolve('patch-package/index.js', { paths: [repoRoot()] });
  const result = await run(process.execPath, [cli, '--patch-dir', 'patches', '--error-on-fail'], {
    cwd: repoRoot(),
  });
  if (result.code !== 0) {
    throw new SetupError(
      'patches',
      `patch-package could not apply patches/:\n${tail(result.output, 15)}`,
      [
        'reinstall the framework so that it is pristine: rm -rf node_modules/@tensorflow/tfjs-node-gpu && npm install',
        'check that the installed @tensorflow/tfjs-node-gpu is the version the patch file names',
      ],
    );
  }
  return { records, changed: !sameRecords(readProvenance().patches, records) };
}
