import * as fs from 'node:fs';
import * as path from 'node:path';

import { SetupError } from './errors';
import { sha256 } from './fingerprint';
import { NODE_GYP_REMEDIES, nodeGypEnv } from './node-headers';
import { BuildRecord } from './provenance';
import { repoRoot } from './paths';
import { run, tail } from './run';

function sourcesOf(dir: string, sourceDir: string): string[] {
  const files: string[] = [path.join(dir, 'binding.gyp')];
  const walk = (sub: string): void => {
    for (const entry of fs.readdirSync(sub, { withFileTypes: true })) {
      const full = path.join(sub, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.push(full);
    }
  };
  walk(path.join(dir, sourceDir));
  return files.sort();
}

/** Builds a node-gyp addon (native-cuda, or a dependency's), unless its sources are unchanged. */
export async function buildAddon(
  relativeDir: string,
  product: string,
  previous: BuildRecord | undefined,
  sourceDir = 'csrc',
): Promise<{ record: BuildRecord; changed: boolean }> {
  const dir = path.join(repoRoot(), relativeDir);
  const output = path.join(dir, 'build', 'Release', product);
  const inputs = sha256(
    JSON.stringify([
      process.versions.modules,
      ...sourcesOf(dir, sourceDir).map((file) => [file, sha256(fs.readFileSync(file))]),
    ]),
  );
  if (previous?.inputs === inputs && fs.existsSync(output))
    return { record: previous, changed: false };
  const started = Date.now();
  const gyp = require.resolve('node-gyp/bin/node-gyp.js', { paths: [repoRoot()] });
  const result = await run(process.execPath, [gyp, 'rebuild'], { cwd: dir, env: nodeGypEnv() });
  if (result.code !== 0 || !fs.existsSync(output)) {
    throw new SetupError(
      'addon',
      `building ${relativeDir} failed:\n${tail(result.output)}`,
      NODE_GYP_REMEDIES,
    );
  }
  return { record: { inputs, output, seconds: (Date.now() - started) / 1000 }, changed: true };
}
