import * as fs from 'node:fs';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import * as yauzl from 'yauzl';

import { run, tail } from '../run';
import { addLinkerNames, resetDeps } from './deps-layout';

/**
 * The TensorFlow pip wheel carries the C and eager C APIs in
 * libtensorflow_cc.so.2, with libtensorflow_framework.so.2 and the headers.
 * Only the libraries and the C API's headers are taken from it.
 */
const LIBRARY_PREFIX = 'tensorflow/';
const LIBRARIES = ['libtensorflow_cc.so.2', 'libtensorflow_framework.so.2'];
const HEADER_ROOT = 'tensorflow/include/';
const HEADER_PREFIXES = [
  'tensorflow/c/',
  'tensorflow/core/platform/ctstring',
  'tsl/platform/ctstring',
  'xla/tsl/c/',
];

export function parseRequirement(requirement: string): { name: string; version: string } {
  const match = /^\s*([A-Za-z0-9_.-]+)\s*==\s*([0-9][A-Za-z0-9.]*)\s*$/.exec(requirement);
  if (!match) throw new Error(`"${requirement}" is not of the form name==version`);
  return { name: match[1]!, version: match[2]! };
}

function cachedWheel(dir: string, name: string, version: string): string | undefined {
  if (!fs.existsSync(dir)) return undefined;
  const prefix = `${name.replace(/-/g, '_')}-${version}-`;
  const found = fs
    .readdirSync(dir)
    .find((file) => file.startsWith(prefix) && file.endsWith('.whl'));
  return found === undefined ? undefined : path.join(dir, found);
}

export async function downloadWheel(
  requirement: string,
  cacheDir: string,
  python: string,
): Promise<string> {
  const { name, version } = parseRequirement(requirement);
  const dir = path.join(cacheDir, 'wheels');
  const cached = cachedWheel(dir, name, version);
  if (cached !== undefined) return cached;
  fs.mkdirSync(dir, { recursive: true });
  const result = await run(python, [
    '-m',
    'pip',
    'download',
    requirement,
    '--no-deps',
    '--only-binary=:all:',
    '--disable-pip-version-check',
    '-d',
    dir,
  ]);
  const wheel = cachedWheel(dir, name, version);
  if (result.code !== 0 || wheel === undefined) {
    throw new Error(`pip download ${requirement} failed:\n${tail(result.output, 12)}`);
  }
  return wheel;
}

function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: true }, (error, zip) => {
      if (error || !zip) reject(error ?? new Error(`cannot open ${file}`));
      else resolve(zip);
    });
  });
}

function destinationOf(entry: string, deps: string): string | undefined {
  if (entry.endsWith('/')) return undefined;
  if (entry.startsWith(LIBRARY_PREFIX) && LIBRARIES.includes(entry.slice(LIBRARY_PREFIX.length))) {
    return path.join(deps, 'lib', entry.slice(LIBRARY_PREFIX.length));
  }
  if (entry.startsWith(HEADER_ROOT)) {
    const header = entry.slice(HEADER_ROOT.length);
    if (HEADER_PREFIXES.some((prefix) => header.startsWith(prefix)))
      return path.join(deps, 'include', header);
  }
  return undefined;
}

export async function extractWheel(wheel: string, deps: string): Promise<void> {
  resetDeps(deps);
  const zip = await openZip(wheel);
  await new Promise<void>((resolve, reject) => {
    zip.on('error', reject);
    zip.on('end', resolve);
    zip.on('entry', (entry: yauzl.Entry) => {
      const destination = destinationOf(entry.fileName, deps);
      if (destination === undefined) {
        zip.readEntry();
        return;
      }
      zip.openReadStream(entry, (error, stream) => {
        if (error || !stream) {
          reject(error ?? new Error(`cannot read ${entry.fileName}`));
          return;
        }
        fs.mkdirSync(path.dirname(destination), { recursive: true });
        pipeline(stream, fs.createWriteStream(destination)).then(() => zip.readEntry(), reject);
      });
    });
    zip.readEntry();
  });
  const missing = LIBRARIES.filter((name) => !fs.existsSync(path.join(deps, 'lib', name)));
  if (missing.length > 0) throw new Error(`${path.basename(wheel)} lacks ${missing.join(', ')}`);
  addLinkerNames(path.join(deps, 'lib'));
}
