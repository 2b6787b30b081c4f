/**
 * Loads the bundle with a V8 code cache, the way Node 22's
 * module.enableCompileCache does for a whole application (Node 20 has no
 * such thing, and a library must not turn it on for its host). A fresh
 * process otherwise compiles every function of the client it runs: that
 * was half of require('@trims/tfjs') and a third of a hit. The cache is
 * this user's own (`$XDG_CACHE_HOME/trims`, else ~/.cache/trims, 0700),
 * named for the bundle's identity and the Node version, written at exit by
 * a process that found none (or only one written before any model was
 * loaded: `warm` tells), and only read when this uid owns it.
 * NODE_DISABLE_COMPILE_CACHE=1 turns it off, as it does Node's.
 */
import * as fs from 'node:fs';
import Module from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';

function cacheDirectory(): string {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'trims');
}

/** The cache files for this bundle: a rebuild (another inode, size or mtime) or another Node is another file. */
function cacheFilesFor(stat: fs.Stats): { cold: string; warm: string } {
  const id = [stat.ino, stat.size, Math.round(stat.mtimeMs), process.version, process.arch];
  const stem = path.join(cacheDirectory(), `tfjs-${id.join('-')}`);
  return { cold: `${stem}.v8cache`, warm: `${stem}.warm.v8cache` };
}

function readCache(file: string): Buffer | undefined {
  try {
    const fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
    try {
      const stat = fs.fstatSync(fd);
      // Code runs from it: only a file this uid wrote, that nobody else can change.
      if (stat.uid !== process.getuid?.() || (stat.mode & 0o022) !== 0) return undefined;
      return fs.readFileSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return undefined; // none yet
  }
}

function writeCache(file: string, data: Buffer): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const temporary = `${file}.${process.pid}.tmp`;
    // 'wx': never through a link someone left at this name (O_EXCL refuses any existing path)
    fs.writeFileSync(temporary, data, { mode: 0o600, flag: 'wx' });
    fs.renameSync(temporary, file); // whole or absent, whoever writes at the same time
  } catch {
    // a read-only home, a full disk: the next process compiles, as this one did
  }
}

/**
 * require(file) for a CommonJS file, compiled with this user's code cache
 * when there is one. `warm(exports)` at exit: whether this process ran what
 * matters (its cache then holds those functions compiled too).
 */
export function requireWithCompileCache(
  file: string,
  warm: (exports: unknown) => boolean,
): unknown {
  const source = fs.readFileSync(file, 'utf8');
  const files =
    process.env.NODE_DISABLE_COMPILE_CACHE === '1' ? undefined : cacheFilesFor(fs.statSync(file));
  const warmData = files && readCache(files.warm);
  const cachedData = warmData ?? (files && readCache(files.cold));
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  const module = new Module(file);
  module.filename = file;
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run.call(
    module.exports,
    module.exports,
    Module.createRequire(file),
    module,
    file,
    path.dirname(file),
  );
  module.loaded = true;
  const rejected = script.cachedDataRejected === true;
  if (files !== undefined && (warmData === undefined || rejected))
    // At exit the cache holds every function this process ran, not only the top level.
    process.once('exit', () => {
      const isWarm = warm(module.exports);
      if (isWarm || cachedData === undefined || rejected)
        writeCache(isWarm ? files.warm : files.cold, script.createCachedData());
    });
  return module.exports;
}
