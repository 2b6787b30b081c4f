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
 * bundle's content hash at build time, the Node version and the process's
 * V8 flags, and framed with a magic, the SHA-256 of the source it was made
 * from (the bundle as read now: one edited in place is another source, and
 * V8 would run the old code of a source of the same length) and the
 * payload's, checked before V8 sees a byte. Content, not the file's
 * identity: installs of the same build (one per service, a container's
 * fresh mount) share one cache. It is written at exit
 * by a process that found none (or only one written before any model was
 * loaded: `warm` tells). NODE_DISABLE_COMPILE_CACHE=1 turns it off, as it
 * does Node's.
 *
 * Every import here is named: a namespace import copies each export of the
 * module (tens of property definitions per module, per process), and
 * node:zlib's first require alone costs more than hashing the payload with
 * node:crypto, which the bundle loads anyway.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  fstatSync,
  futimesSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire, Module, wrap } from 'node:module';
import { dirname, join } from 'node:path';
import { debuglog } from 'node:util';
import { Script } from 'node:vm';

import { CacheDirectory, openCacheDirectory, ownedAndPrivate, pruneStale } from './cache-directory';

const MAGIC = Buffer.from('TRIMSV8\x01');
const DIGEST_BYTES = 32;
/** magic, SHA-256 of the source, SHA-256 of the payload, payload length */
const HEADER_BYTES = MAGIC.length + 2 * DIGEST_BYTES + 4;
/** A cache read this long after it was written has its mtime renewed (pruneStale goes by mtime). */
const RENEW_MS = 24 * 3600 * 1000;

const sha256 = (data: Buffer | string): Buffer => createHash('sha256').update(data).digest();

function readCache(file: string, sourceDigest: Buffer): Buffer | undefined {
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
      next(DIGEST_BYTES).equals(sourceDigest) && // a bundle edited in place is another source
      next(DIGEST_BYTES).equals(sha256(payload)) &&
      framed.readUInt32LE(at) === payload.length;
    if (!intact) return undefined;
    const now = Date.now();
    if (now - stat.mtimeMs > RENEW_MS)
      try {
        futimesSync(fd, now / 1000, now / 1000); // in use: not stale
      } catch {
        // a read-only file system (an image built with its cache): still a good cache
      }
    return payload;
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** Writes `name` whole or not at all (a temporary file and a rename), then prunes stale ones. */
function writeCache(
  dir: CacheDirectory,
  name: string,
  sourceDigest: Buffer,
  payload: Buffer,
): void {
  const length = Buffer.alloc(4);
  length.writeUInt32LE(payload.length);
  // Unique to this write: threads of one process, or containers sharing the directory, have one pid.
  const temporary = join(dir.path, `${name}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
  let created = false;
  try {
    // 'wx': never through a link someone left at this name (O_EXCL refuses any existing path)
    writeFileSync(
      temporary,
      Buffer.concat([MAGIC, sourceDigest, sha256(payload), length, payload]),
      { mode: 0o600, flag: 'wx' },
    );
    created = true;
    renameSync(temporary, join(dir.path, name)); // whole or absent, whoever writes at the same time
  } catch {
    // a full disk, a quota: the next process compiles, as this one did
    if (created) rmSync(temporary, { force: true });
    return;
  }
  pruneStale(dir, name);
}

/** NODE_DEBUG=trims-compile-cache: which cache, if any, compiled the bundle (why an import is slow). */
const debug = debuglog('trims-compile-cache');

const EXIT_WRITES = Symbol.for('@trims/tfjs: code caches to write at exit');

/**
 * One exit listener per process, whatever re-requires the bundle
 * (require.cache cleared by a test runner or a hot reload): the latest
 * writer of each cache replaces the earlier's, which then holds nothing.
 */
function atExit(cache: string, write: () => void): void {
  const global = globalThis as { [EXIT_WRITES]?: Map<string, () => void> };
  let writes = global[EXIT_WRITES];
  if (writes === undefined) {
    const pending = new Map<string, () => void>();
    writes = global[EXIT_WRITES] = pending;
    process.once('exit', () => {
      for (const writeOne of pending.values())
        try {
          writeOne();
        } catch {
          // a cache is worth no failure of the process that is exiting
        }
    });
  }
  writes.set(cache, write);
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
  const bytes = readFileSync(file);
  const source = bytes.toString('utf8');
  const dir = process.env.NODE_DISABLE_COMPILE_CACHE === '1' ? undefined : openCacheDirectory();
  const stem = `tfjs-${sourceHash.slice(0, 32)}-${process.version}-${process.arch}${flagsTag()}`;
  const names = { cold: `${stem}.v8cache`, warm: `${stem}.warm.v8cache` };
  const digest = dir && sha256(bytes);
  const read = (name: string): Buffer | undefined =>
    dir && digest && readCache(join(dir.path, name), digest);
  const warmData = read(names.warm);
  const cachedData = warmData ?? read(names.cold);
  dir?.close(); // opened again at exit, if there is anything to write
  const script = new Script(wrap(source), { filename: file, cachedData });
  const module = new Module(file);
  module.filename = file;
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  module.loaded = true;
  const rejected = script.cachedDataRejected === true;
  debug(
    '%s: %s',
    file,
    dir === undefined
      ? 'no cache directory'
      : cachedData === undefined
        ? 'no cache yet'
        : rejected
          ? 'cache rejected by V8'
          : `compiled from the ${warmData === undefined ? 'cold' : 'warm'} cache`,
  );
  if (dir === undefined || digest === undefined || (warmData !== undefined && !rejected))
    return module.exports;
  // At exit the cache holds every function this process ran, not only the top level.
  atExit(stem, () => {
    const isWarm = warm(module.exports);
    if (!isWarm && cachedData !== undefined && !rejected) return;
    const again = dir.reopen(); // undefined when the name now leads elsewhere (a link)
    if (again === undefined) return;
    try {
      writeCache(again, isWarm ? names.warm : names.cold, digest, script.createCachedData());
    } finally {
      again.close();
    }
  });
  return module.exports;
}
