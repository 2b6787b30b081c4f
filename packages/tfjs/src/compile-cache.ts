/**
 * Loads the bundle with a V8 code cache, the way Node 22's
 * module.enableCompileCache does for a whole application (Node 20 has no
 * such thing, and a library must not turn it on for its host). A fresh
 * process otherwise compiles every function of the client it runs: that
 * was half of require('@trims/tfjs') and a third of a hit.
 *
 * V8 runs what the cache holds, and a release build checks neither its
 * checksum (a flipped bit can crash the process, and every later one) nor
 * more of the source than its length. So the cache is this user's own
 * (`$XDG_CACHE_HOME/trims`, else ~/.cache/trims: a directory this uid owns
 * that nobody else can write, files 0600 this uid owns), named for the
 * bundle's content hash, the Node version and the process's V8 flags, and framed with a magic, the
 * source's CRC32 and the payload's, checked before V8 sees a byte. It is
 * written at exit by a process that found none (or only one written before
 * any model was loaded: `warm` tells). NODE_DISABLE_COMPILE_CACHE=1 turns
 * it off, as it does Node's.
 */
import * as fs from 'node:fs';
import Module from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';
import * as zlib from 'node:zlib';

const MAGIC = Buffer.from('TRIMSV8\0');
/** magic, CRC32 of the source it was made from, CRC32 of the payload, payload length */
const HEADER_BYTES = MAGIC.length + 12;

/** This uid's, and nobody else can write it (so nobody else can have put anything in it). */
function ownedAndPrivate(stat: fs.Stats): boolean {
  return stat.uid === process.getuid?.() && (stat.mode & 0o022) === 0;
}

/** The cache directory, made if missing, or undefined when it is not safely this user's. */
function cacheDirectory(): string | undefined {
  const xdg = process.env.XDG_CACHE_HOME;
  // The XDG spec: a relative value is ignored (it would follow the working directory).
  const base = xdg !== undefined && path.isAbsolute(xdg) ? xdg : path.join(os.homedir(), '.cache');
  const dir = path.join(base, 'trims');
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stat = fs.lstatSync(dir); // a link is not the directory checked
    return stat.isDirectory() && ownedAndPrivate(stat) ? dir : undefined;
  } catch {
    return undefined; // a read-only home, no home: compiled as without a cache
  }
}

function readCache(file: string, sourceCrc: number): Buffer | undefined {
  let fd: number;
  try {
    // O_NONBLOCK: a FIFO someone put at this name must not hang the load.
    fd = fs.openSync(
      file,
      fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK,
    );
  } catch {
    return undefined; // none yet
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile() || !ownedAndPrivate(stat) || stat.size < HEADER_BYTES) return undefined;
    const framed = fs.readFileSync(fd);
    const payload = framed.subarray(HEADER_BYTES);
    const intact =
      framed.subarray(0, MAGIC.length).equals(MAGIC) &&
      framed.readUInt32LE(MAGIC.length) === sourceCrc && // a bundle edited in place is another source
      framed.readUInt32LE(MAGIC.length + 8) === payload.length &&
      framed.readUInt32LE(MAGIC.length + 4) === zlib.crc32(payload);
    return intact ? payload : undefined;
  } catch {
    return undefined;
  } finally {
    fs.closeSync(fd);
  }
}

function writeCache(file: string, sourceCrc: number, payload: Buffer): void {
  const header = Buffer.alloc(HEADER_BYTES);
  MAGIC.copy(header);
  header.writeUInt32LE(sourceCrc, MAGIC.length);
  header.writeUInt32LE(zlib.crc32(payload), MAGIC.length + 4);
  header.writeUInt32LE(payload.length, MAGIC.length + 8);
  const temporary = `${file}.${process.pid}.tmp`;
  let renamed = false;
  try {
    // 'wx': never through a link someone left at this name (O_EXCL refuses any existing path)
    fs.writeFileSync(temporary, Buffer.concat([header, payload]), { mode: 0o600, flag: 'wx' });
    fs.renameSync(temporary, file); // whole or absent, whoever writes at the same time
    renamed = true;
  } catch {
    // a full disk, a quota: the next process compiles, as this one did
  } finally {
    if (!renamed) fs.rmSync(temporary, { force: true });
  }
}

/** A flag as V8's are spelled (--name or --name=value, no path or code in the value). */
const FLAG = /^--[\w-]+(=[\w.,+-]*)?$/;
/** Node's own flags of that shape that change nothing V8 compiles. */
const NOT_V8 = new RegExp(
  '^--(no-)?(title|require|import|loader|experimental|eval|print|input-type|conditions|env-file|' +
    'inspect|debug|test|watch|warnings|deprecation|pending-deprecation|throw-deprecation|trace-|' +
    'enable-source-maps|unhandled-rejections|report|diagnostic|heapsnapshot|cpu-prof|heap-prof|' +
    'redirect-warnings|preserve-symlinks|icu-data-dir|openssl|tls|use-openssl|dns-result-order|' +
    'max-http-header-size|insecure-http-parser|network-family|secure-heap|frozen-intrinsics)',
);

/**
 * V8 rejects a cache made under other flags (--expose-gc,
 * --max-old-space-size, ...): processes started with different ones get
 * caches of their own, instead of each rejecting and rewriting the other's.
 * Only flags count: an inline script (-e), a --require path or a --title
 * must not make a new cache file each.
 */
function flagsTag(): string {
  const flags = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)]
    .filter((arg) => FLAG.test(arg) && !NOT_V8.test(arg))
    .sort()
    .join(' ');
  return flags === '' ? '' : `-f${zlib.crc32(flags).toString(16)}`;
}

/**
 * require(file) for a CommonJS file whose content hashes to `sourceHash`,
 * compiled with this user's code cache when there is one. `warm(exports)`
 * at exit: whether this process ran what matters (its cache then holds
 * those functions compiled too).
 */
export function requireWithCompileCache(
  file: string,
  sourceHash: string,
  warm: (exports: unknown) => boolean,
): unknown {
  const source = fs.readFileSync(file, 'utf8');
  const dir = process.env.NODE_DISABLE_COMPILE_CACHE === '1' ? undefined : cacheDirectory();
  const stem =
    dir &&
    path.join(
      dir,
      `tfjs-${sourceHash.slice(0, 32)}-${process.version}-${process.arch}${flagsTag()}`,
    );
  const files =
    stem === undefined ? undefined : { cold: `${stem}.v8cache`, warm: `${stem}.warm.v8cache` };
  const sourceCrc = files === undefined ? 0 : zlib.crc32(source);
  const warmData = files && readCache(files.warm, sourceCrc);
  const cachedData = warmData ?? (files && readCache(files.cold, sourceCrc));
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
        writeCache(isWarm ? files.warm : files.cold, sourceCrc, script.createCachedData());
    });
  return module.exports;
}
