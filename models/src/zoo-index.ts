import * as fs from 'node:fs';
import * as path from 'node:path';

import { GeneratedModel } from './generate';

export interface ZooIndexEntry {
  name: string;
  parameters: number;
  publishedParameters: number;
  bytes: number;
  inputShape: number[];
  quantization: string | null;
  seed: number;
}

export function readIndex(outDir: string): ZooIndexEntry[] {
  const file = path.join(outDir, 'index.json');
  return fs.existsSync(file)
    ? ((JSON.parse(fs.readFileSync(file, 'utf8')) as { models: ZooIndexEntry[] }).models ?? [])
    : [];
}

/** Adds or replaces entries in DIR/index.json, keeping models generated earlier. */
export function writeIndex(
  outDir: string,
  generated: GeneratedModel[],
  seed: number,
  quantization: string | null,
): void {
  const byName = new Map(readIndex(outDir).map((entry) => [entry.name, entry]));
  for (const model of generated) {
    byName.set(model.name, {
      name: model.name,
      parameters: model.parameters,
      publishedParameters: model.published,
      bytes: model.bytes,
      inputShape: model.inputShape,
      quantization,
      seed,
    });
  }
  const models = [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  fs.writeFileSync(path.join(outDir, 'index.json'), JSON.stringify({ models }, null, 2) + '\n');
}
