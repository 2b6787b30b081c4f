import * as fs from 'node:fs';
import * as path from 'node:path';

import { generateModel } from '@trims/models';

import { tempDir } from './daemon';

const cache = new Map<string, string>();

/** A generated model's directory (DIR/<name>/model.json), made once per test run. */
export function zooModel(
  name: string,
  seed = 1,
  quantize?: 'uint8' | 'uint16' | 'float16',
): string {
  const key = `${name}-${seed}-${quantize ?? 'f32'}`;
  const found = cache.get(key);
  if (found !== undefined) return found;
  const root = path.join(tempDir('trims-zoo-'), key);
  generateModel(name, root, { seed, ...(quantize ? { quantize } : {}) });
  const dir = path.join(root, name);
  cache.set(key, dir);
  return dir;
}

export function modelJsonPath(dir: string): string {
  return path.join(dir, 'model.json');
}

/** A copy of a model directory, to corrupt. */
export function copyModel(dir: string): string {
  const copy = path.join(tempDir('trims-copy-'), path.basename(dir));
  fs.cpSync(dir, copy, { recursive: true });
  return copy;
}
