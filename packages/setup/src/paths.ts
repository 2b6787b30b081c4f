import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The installed @tensorflow/tfjs-node-gpu package that we patch and build. */
export function frameworkDir(): string {
  return path.dirname(require.resolve('@tensorflow/tfjs-node-gpu/package.json'));
}

/** The binding file that the framework loads (it picks the newest N-API build). */
export function bindingPath(): string {
  const dir = path.join(frameworkDir(), 'lib');
  const builds = fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((name) => name.startsWith('napi-v'))
        .sort()
    : [];
  const newest = builds[builds.length - 1];
  return newest === undefined
    ? path.join(dir, 'napi-v?', 'tfjs_binding.node')
    : path.join(dir, newest, 'tfjs_binding.node');
}

/** Where the framework's binding looks for libtensorflow (its rpath). */
export function depsDir(): string {
  return path.join(frameworkDir(), 'deps');
}

/** The monorepo root: the nearest package.json that declares workspaces. */
export function repoRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      const parsed = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { workspaces?: unknown };
      if (parsed.workspaces !== undefined) return dir;
    }
    if (path.dirname(dir) === dir) {
      throw new Error(`no workspace root above ${from}`);
    }
  }
}

export function patchesDir(): string {
  return path.join(repoRoot(), 'patches');
}

/** Downloads kept between runs: $TRIMS_CACHE_DIR, else the user's cache dir. */
export function downloadCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TRIMS_CACHE_DIR) return path.join(env.TRIMS_CACHE_DIR, 'downloads');
  const base = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'trims', 'downloads');
}
