import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The framework's binding compiles against deps/include and links
 * -ltensorflow -ltensorflow_framework from deps/lib (also its run-time rpath).
 * These helpers put a libtensorflow into that shape.
 */

export function resetDeps(deps: string): void {
  for (const sub of ['include', 'lib']) {
    fs.rmSync(path.join(deps, sub), { recursive: true, force: true });
  }
  fs.mkdirSync(path.join(deps, 'lib'), { recursive: true });
}

/** The library files of a libtensorflow directory (both naming schemes). */
export function libraryFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => /^libtensorflow(_cc|_framework)?\.so(\.\d+)*$/.test(name))
    .map((name) => path.join(dir, name));
}

/**
 * Adds the link-time names the binding asks for. A wheel ships
 * libtensorflow_cc.so.2 (C and eager C APIs inside) where an archive ships
 * libtensorflow.so; the binary records the SONAME, so a link is enough.
 */
export function addLinkerNames(lib: string): void {
  const present = new Set(fs.readdirSync(lib));
  const pick = (pattern: RegExp): string | undefined =>
    [...present].filter((name) => pattern.test(name)).sort((a, b) => a.length - b.length)[0];
  const wanted: Array<[string, RegExp[]]> = [
    ['libtensorflow.so', [/^libtensorflow\.so\.\d+/, /^libtensorflow_cc\.so(\.\d+)*$/]],
    ['libtensorflow_framework.so', [/^libtensorflow_framework\.so\.\d+/]],
  ];
  for (const [name, patterns] of wanted) {
    if (present.has(name)) continue;
    const target = patterns.map(pick).find((found) => found !== undefined);
    if (target === undefined) {
      throw new Error(`no library for ${name} in ${lib} (found: ${[...present].join(', ')})`);
    }
    fs.symlinkSync(target, path.join(lib, name));
  }
}

export function hasHeaders(includeDir: string): boolean {
  return fs.existsSync(path.join(includeDir, 'tensorflow', 'c', 'c_api.h'));
}
