import * as fs from 'node:fs';
import * as path from 'node:path';

import { addLinkerNames, hasHeaders, libraryFiles, resetDeps } from './deps-layout';

/**
 * Uses a libtensorflow the user already has, by links (nothing copied).
 * Accepts the official archive's layout (include/, lib/) and an installed
 * TensorFlow Python package's (include/, libtensorflow_cc.so.2 beside it).
 */
export function provisionFromDirectory(dir: string, deps: string): void {
  const root = path.resolve(dir);
  if (!fs.existsSync(root)) throw new Error(`${root} does not exist`);
  const include = path.join(root, 'include');
  if (!hasHeaders(include)) {
    throw new Error(`${include}/tensorflow/c/c_api.h is missing: not a libtensorflow directory`);
  }
  const libraries = [...libraryFiles(path.join(root, 'lib')), ...libraryFiles(root)];
  if (libraries.length === 0) {
    throw new Error(`no libtensorflow*.so* in ${root}/lib or ${root}`);
  }
  resetDeps(deps);
  fs.symlinkSync(include, path.join(deps, 'include'));
  for (const library of libraries) {
    fs.symlinkSync(library, path.join(deps, 'lib', path.basename(library)));
  }
  addLinkerNames(path.join(deps, 'lib'));
}
