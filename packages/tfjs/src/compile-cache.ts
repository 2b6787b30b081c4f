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
 * bundle's content hash, the Node version and the process's V8 flags, and
 * framed with a magic, the identity of the bundle file it was made from
 * (device, inode, size, mtime: an edit in place changes it) and the
 * payload's SHA-256, checked before V8 sees a byte. It is written at exit
 * by a process that found none (or only one written before any model was
 * loaded: `warm` tells). NODE_DISABLE_COMPILE_CACHE=1 turns it off, as it
 * does Node's.
 *
 * Every import here is named: a namespace import copies each export of the
 * module (tens of property definitions per module, per process), and
 * node:zlib's first require alone costs more than hashing the payload with
 * node:crypto, which the bundle loads anyway.
 */
import { createHash } from 'node:crypto';
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  Stats,
  writeFileSync,
} from 'node:fs';
import { createRequire, Module, wrap } from 'node:module';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { Script } from 'node:vm';

const MAGIC = Buffer.from('TRIMSV8\x01');
const IDENTITY_BYTES = 32;
const DIGEST_BYTES = 32;
/** magic, the bundle file's identity, SHA-256 of the payload, payload length */
const HEADER_BYTES = MAGIC.length + IDENTITY_BYTES + DIGEST_BYTES + 4;
/** Caches of other builds (or Node versions, or flags) not rewritten for this long are deleted. */
const STALE_MS = 30 * 24 * 3600 * 1000;

/** This uid's, and nobody else can write it (so nobody else can have put anything in it). */
function ownedAndPrivate(stat: Stats): boolean {
  return stat.uid === process.getuid?.() && (stat.mode & 0o022) === 0;
}

/** The cache directory, made if missing, or undefined when it is not safely this user's. */
function cacheDirectory(): string | undefined {
  const xdg = process.env.XDG_CACHE_HOME;
  // The XDG spec: a relative value is ignored (it would follow the working directory).
  const base = xdg !== undefined && isAbsolute(xdg) ? xdg : join(homedir(), '.cache');
  const dir = join(base, 'trims');
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stat = lstatSync(dir); // a link is not the directory checked
    return stat.isDirectory() && ownedAndPrivate(stat) ? dir : undefined;
  } catch {
    return undefined; // a read-only home, no home: compiled as without a cache
  }
}

const sha256 = (data: Buffer | string): Buffer => createHash('sha256').update(data).digest();

/** The bundle's source, and what names this very file: device, inode, size and mtime. */
function readSource(file: string): { source: string; identity: Buffer } {
  const fd = openSync(file, 'r');
  try {
    const stat = fstatSync(fd, { bigint: true });
    const identity = Buffer.alloc(IDENTITY_BYTES);
    [stat.dev, stat.ino, stat.size, stat.mtimeNs].forEach((value, i) =>
      identity.writeBigUInt64LE(BigInt.asUintN(64, value), i * 8),
    );
    return { source: readFileSync(fd, 'utf8'), identity };
  } finally {
    closeSync(fd);
  }
}

function readCache(file: string, identity: Buffer): Buffer | undefined {
  let fd: number;
  try {
    // O_NONBLOCK: a FIFO someone put at this name must not hang the load.
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return undefined; // none yet
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile() || !ownedAndPrivate(stat) || stat.size < HEADER_BYTES) return undefined;
    const framed = readFileSync(fd);
    const payload = framed.subarray(HEADER_BYTES);
    let at = 0;
    const next = (length: number): Buffer => framed.subarray(at, (at += length));
    const intact =
      next(MAGIC.length).equals(MAGIC) &&
      next(IDENTITY_BYTES).equals(identity) && // a bundle edited or replaced is another source
      next(DIGEST_BYTES).equals(sha256(payload)) &&
      framed.readUInt32LE(at) === payload.length;
    return intact ? payload : undefined;
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** Deletes caches nobody has written for STALE_MS (other builds, Node versions, flags) and leftovers of crashed writes. */
function pruneStale(dir: string, keep: string): void {
  try {
    const now = Date.now();
    for (const name of readdirSync(dir)) {
      if (!name.startsWith('tfjs-') || join(dir, name) === keep) continue;
      const file = join(dir, name);
      const stat = lstatSync(file);
      const age = now - stat.mtimeMs;
      if (stat.isFile() && (age > STALE_MS || (name.endsWith('.tmp') && age > 3600_000)))
        rmSync(file, { force: true });
    }
  } catch {
    // another process pruning at the same time, a read-only directory: the next write tries again
  }
}

function writeCache(file: string, identity: Buffer, payload: Buffer): void {
  const length = Buffer.alloc(4);
  length.writeUInt32LE(payload.length);
  const temporary = `${file}.${process.pid}.tmp`;
  let renamed = false;
  try {
    // 'wx': never through a link someone left at this name (O_EXCL refuses any existing path)
    writeFileSync(temporary, Buffer.concat([MAGIC, identity, sha256(payload), length, payload]), {
      mode: 0o600,
      flag: 'wx',
    });
    renameSync(temporary, file); // whole or absent, whoever writes at the same time
    renamed = true;
  } catch {
    // a full disk, a quota: the next process compiles, as this one did
  } finally {
    if (!renamed) rmSync(temporary, { force: true });
  }
  if (renamed) pruneStale(dirname(file), file);
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
  return flags === '' ? '' : `-f${sha256(flags).toString('hex').slice(0, 8)}`;
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
  const { source, identity } = readSource(file);
  const dir = process.env.NODE_DISABLE_COMPILE_CACHE === '1' ? undefined : cacheDirectory();
  const stem =
    dir &&
    join(dir, `tfjs-${sourceHash.slice(0, 32)}-${process.version}-${process.arch}${flagsTag()}`);
  const files =
    stem === undefined ? undefined : { cold: `${stem}.v8cache`, warm: `${stem}.warm.v8cache` };
  const warmData = files && readCache(files.warm, identity);
  const cachedData = warmData ?? (files && readCache(files.cold, identity));
  const script = new Script(wrap(source), { filename: file, cachedData });
  const module = new Module(file);
  module.filename = file;
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  module.loaded = true;
  const rejected = script.cachedDataRejected === true;
  if (files !== undefined && (warmData === undefined || rejected))
    // At exit the cache holds every function this process ran, not only the top level.
    process.once('exit', () => {
      const isWarm = warm(module.exports);
      if (isWarm || cachedData === undefined || rejected)
        writeCache(isWarm ? files.warm : files.cold, identity, script.createCachedData());
    });
  return module.exports;
}
