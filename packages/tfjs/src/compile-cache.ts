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
 * payload's, checked before V8 sees a byte. Named for the bundle's path
 * too: the code V8 caches keeps the name of the script it was made from,
 * so another install's cache would make stack traces name that install's
 * files (a container's fresh mount at the same path still finds its own). It is written at exit
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
  writeSync,
} from 'node:fs';
import { createRequire, Module, wrap } from 'node:module';
import { dirname, join } from 'node:path';
import { debuglog } from 'node:util';
import { Script } from 'node:vm';

import { CacheDirectory, openCacheDirectory, ownedAndPrivate, pruneStale } from './cache-directory';
import { atExit } from './exit-writes';

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

/** Writes `name` whole or not at all (a temporary file and a rename), pruning stale ones first. */
function writeCache(
  dir: CacheDirectory,
  name: string,
  sourceDigest: Buffer,
  payload: Buffer,
): void {
  pruneStale(dir, name); // first: on a full disk or quota, what it frees may let this write fit
  const length = Buffer.alloc(4);
  length.writeUInt32LE(payload.length);
  const framed = Buffer.concat([MAGIC, sourceDigest, sha256(payload), length, payload]);
  // Unique to this write: threads of one process, or containers sharing the directory, have one pid.
  const temporary = join(dir.path, `${name}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
  let fd: number;
  try {
    // 'wx': never through a link someone left at this name (O_EXCL refuses any existing path)
    fd = openSync(temporary, 'wx', 0o600);
  } catch {
    return; // a read-only directory, no inodes left: the next process compiles, as this one did
  }
  try {
    try {
      for (let at = 0; at < framed.length;) at += writeSync(fd, framed, at);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, join(dir.path, name)); // whole or absent, whoever writes at the same time
  } catch {
    // a full disk, a quota, a file-size limit: nothing partial is left behind
    rmSync(temporary, { force: true });
  }
}

/** NODE_DEBUG=trims-compile-cache: which cache, if any, compiled the bundle (why an import is slow). */
const debug = debuglog('trims-compile-cache');

/** A flag as V8's are spelled (--name or --name=value, no path or code in the value). */
const FLAG = /^--[\w-]+(=[\w.,+-]*)?$/;
/**
 * Node's own options of that shape, which change nothing V8 compiles. Named
 * whole, not by prefix: V8 has --trace-*, --print-* and
 * --experimental-wasm-* flags of its own, and a flag wrongly counted costs
 * one compile where one wrongly left out costs a compile in every process.
 */
const NOT_V8 = new RegExp(
  '^--(no-)?(' +
    [
      'title|require|import|loader|eval|print|input-type|conditions|env-file',
      'experimental-(?!wasm-)[\\w-]+|inspect[\\w-]*|debug-port|test[\\w-]*|watch[\\w-]*',
      'warnings|deprecation|pending-deprecation|throw-deprecation|redirect-warnings',
      'trace-(warnings|deprecation|uncaught|exit|sigint|sync-io|tls|atomics-wait|event-categories|event-file-pattern)',
      'enable-source-maps|unhandled-rejections|report[\\w-]*|diagnostic-dir|heapsnapshot[\\w-]*',
      'cpu-prof[\\w-]*|heap-prof[\\w-]*|preserve-symlinks[\\w-]*|icu-data-dir|openssl[\\w-]*',
      'tls[\\w-]*|use-openssl-ca|use-bundled-ca|dns-result-order|max-http-header-size',
      'insecure-http-parser|network-family-autoselection[\\w-]*|secure-heap[\\w-]*|frozen-intrinsics',
    ].join('|') +
    ')(=|$)',
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
  const where = sha256(file).toString('hex').slice(0, 8);
  const stem = `tfjs-${sourceHash.slice(0, 32)}-${where}-${process.version}-${process.arch}${flagsTag()}`;
  const names = { cold: `${stem}.v8cache`, warm: `${stem}.warm.v8cache` };
  const cache = dir && { dir, digest: sha256(bytes) };
  const read = (name: string): Buffer | undefined =>
    cache && readCache(join(cache.dir.path, name), cache.digest);
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
  if (cache === undefined || (warmData !== undefined && !rejected)) return module.exports;
  // At exit the cache holds every function this process ran, not only the top level.
  const loaded = new WeakRef(module.exports as object);
  const compiled = new WeakRef(script);
  atExit(stem, {
    warm: () => {
      const exports = loaded.deref();
      return exports === undefined || compiled.deref() === undefined ? undefined : warm(exports);
    },
    needsCold: cachedData === undefined || rejected,
    write: (isWarm) => {
      const from = compiled.deref();
      const again = from && cache.dir.reopen(); // undefined when the name now leads elsewhere (a link)
      if (from === undefined || again === undefined) return;
      try {
        writeCache(again, isWarm ? names.warm : names.cold, cache.digest, from.createCachedData());
      } finally {
        again.close();
      }
    },
  });
  return module.exports;
}
