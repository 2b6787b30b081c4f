import { expect } from 'chai';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { Daemon, modelJsonPath, tempDir, zooModel } from '@trims/testing';

const LOAD_ONCE = path.join(__dirname, 'fixtures', 'load-once.js');
const CACHED_REQUIRE = path.join(__dirname, 'fixtures', 'cached-require.js');
const REQUIRE_AGAIN = path.join(__dirname, 'fixtures', 'require-again.js');
const CACHE_COPIES = path.join(__dirname, 'fixtures', 'cache-copies.js');

describe('@trims/tfjs: the code cache of its bundle', function () {
  let daemon: Daemon;
  let url: string;

  before(async () => {
    daemon = await Daemon.start();
    url = `file://${modelJsonPath(zooModel('squeezenet1_1', 5))}`;
  });

  after(async () => {
    await daemon.stop();
  });

  /** One process with its own cache directory; returns its loadStats() and the cache files after it. */
  function run(
    cacheHome: string,
    load: boolean,
    env: NodeJS.ProcessEnv = {},
    flags: string[] = [],
  ) {
    const result = spawnSync(process.execPath, [...flags, LOAD_ONCE, ...(load ? [url] : [])], {
      encoding: 'utf8',
      timeout: 60_000, // a cache file that hangs the load fails here, not the whole run
      env: {
        ...process.env,
        TF_CPP_MIN_LOG_LEVEL: '2',
        TRIMS_SOCKET: daemon.socketPath,
        XDG_CACHE_HOME: cacheHome,
        ...env,
      },
    });
    expect(result.status, result.stderr).to.equal(0);
    const dir = path.join(cacheHome, 'trims');
    const files = fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
    return { stats: JSON.parse(result.stdout) as { shared: number }, dir, files };
  }

  /** load-once.js after shell commands (a mount, a ulimit), the whole inside `wrapper` if given. */
  function loadOnceAfter(before: string[], home: string, wrapper: string[] = []) {
    const script = [...before, `exec '${process.execPath}' '${LOAD_ONCE}' '${url}'`].join(' && ');
    const [command, ...args] = [...wrapper, 'sh', '-c', script];
    return spawnSync(command!, args, {
      encoding: 'utf8',
      env: {
        ...process.env,
        TF_CPP_MIN_LOG_LEVEL: '2',
        TRIMS_SOCKET: daemon.socketPath,
        XDG_CACHE_HOME: home,
        NODE_DEBUG: 'trims-compile-cache',
      },
    });
  }

  it('is written once, owner-only, by the first process that loaded a model, and kept by the next', () => {
    const home = tempDir('trims-cache-home-');
    const cold = run(home, false);
    expect(cold.stats.shared).to.equal(0);
    expect(cold.files).to.have.length(1);
    expect(cold.files[0]).to.match(/^tfjs-.*\.v8cache$/);
    expect(cold.files[0]).not.to.contain('.warm.');

    const warm = run(home, true);
    expect(warm.stats.shared).to.equal(1);
    const written = warm.files.find((file) => file.endsWith('.warm.v8cache'));
    expect(written, 'a process that loaded a model writes the warm cache').to.be.a('string');
    const file = path.join(warm.dir, written!);
    expect(fs.statSync(file).mode & 0o777).to.equal(0o600);
    const before = fs.statSync(file).mtimeMs;

    expect(run(home, true).stats.shared).to.equal(1);
    expect(fs.statSync(file).mtimeMs, 'a process that found the warm cache leaves it').to.equal(
      before,
    );
  });

  it('processes started with other V8 flags keep caches of their own (V8 rejects a cache made under other flags)', () => {
    const home = tempDir('trims-cache-home-');
    const warm = (files: string[]): string[] => files.filter((f) => f.endsWith('.warm.v8cache'));
    const plain = warm(run(home, true).files);
    expect(plain).to.have.length(1);
    const file = path.join(home, 'trims', plain[0]!);
    const before = fs.statSync(file).mtimeMs;
    warm(run(home, true, {}, ['--expose-gc']).files);
    // V8's own flags that share a prefix with Node's options (--trace-*, --experimental-wasm-*) count too.
    const both = warm(run(home, true, {}, ['--experimental-wasm-gc']).files);
    expect(both, 'one warm cache per set of flags').to.have.length(3);
    // Not flags: a --require path or a --title (of a job, say) makes no cache file of its own.
    const preload = path.join(home, 'preload.js');
    fs.writeFileSync(preload, '// nothing\n');
    run(home, true, {}, ['--title=job-1', '--require', preload]);
    run(home, true, { NODE_OPTIONS: `--title=job-2 --require=${preload}` });
    expect(warm(fs.readdirSync(path.join(home, 'trims')))).to.deep.equal(both);
    run(home, true);
    expect(
      fs.statSync(file).mtimeMs,
      "the plain processes' cache was accepted, not rewritten",
    ).to.equal(before);
  });

  it('survives a corrupt cache, and reads none that another uid could have written', () => {
    const home = tempDir('trims-cache-home-');
    const first = run(home, true);
    const file = path.join(
      first.dir,
      first.files.find((f) => f.endsWith('.warm.v8cache'))!,
    );
    const good = fs.readFileSync(file);
    const rewritten = (): boolean => !fs.readFileSync(file).equals(corrupt);

    // Bit flips in the payload, header intact: V8 would run them (a release build checks no
    // checksum); the digest keeps them from it, and the process writes a good cache instead.
    let corrupt = Buffer.from(good);
    for (let at = 64; at < corrupt.length; at += Math.floor(corrupt.length / 9))
      corrupt[at]! ^= 0xff;
    fs.writeFileSync(file, corrupt);
    expect(run(home, true).stats.shared).to.equal(1);
    expect(rewritten(), 'a corrupt cache is replaced').to.equal(true);

    corrupt = Buffer.alloc(good.length, 0x5a); // not even the magic
    fs.writeFileSync(file, corrupt);
    expect(run(home, true).stats.shared).to.equal(1);
    expect(rewritten()).to.equal(true);

    fs.chmodSync(file, 0o666); // writable by others: not read, replaced by this uid's own
    expect(run(home, true).stats.shared).to.equal(1);
    expect(fs.statSync(file).mode & 0o777).to.equal(0o600);

    fs.rmSync(file);
    execFileSync('mkfifo', [file]); // a FIFO at its name: no hang, no cache
    expect(run(home, true).stats.shared).to.equal(1);
    expect(fs.lstatSync(file).isFIFO(), 'the rename replaced the FIFO').to.equal(false);
  });

  it('is not used for a source edited in place to the same length (V8 itself would run the old code)', () => {
    const home = tempDir('trims-cache-home-');
    const dir = tempDir('trims-cached-source-');
    const file = path.join(dir, 'source.js');
    const cachedRequire = (): string => {
      const result = spawnSync(process.execPath, [CACHED_REQUIRE, file], {
        encoding: 'utf8',
        env: { ...process.env, XDG_CACHE_HOME: home },
      });
      expect(result.status, result.stderr).to.equal(0);
      return result.stdout.trim();
    };
    // The function runs, so the cache written at exit holds it compiled.
    fs.writeFileSync(file, "module.exports = function answer() { return 'one'; };\n");
    expect(cachedRequire()).to.equal('one');
    expect(cachedRequire(), 'the cache is read back').to.equal('one');
    // Same length, same name and build-time hash: only the content tells.
    fs.writeFileSync(file, "module.exports = function answer() { return 'two'; };\n");
    expect(cachedRequire()).to.equal('two');
    // And another install of the same source (another path, inode, mtime) shares its cache.
    const caches = fs.readdirSync(path.join(home, 'trims'));
    expect(caches.filter((name) => name.endsWith('.warm.v8cache'))).to.have.length(1);
    const copy = path.join(tempDir('trims-cached-source-'), 'source.js');
    fs.copyFileSync(file, copy);
    const written = caches.map((name) => fs.statSync(path.join(home, 'trims', name)).mtimeMs);
    const again = spawnSync(process.execPath, [CACHED_REQUIRE, copy], {
      encoding: 'utf8',
      env: { ...process.env, XDG_CACHE_HOME: home },
    });
    expect(again.stdout.trim()).to.equal('two');
    expect(
      caches.map((name) => fs.statSync(path.join(home, 'trims', name)).mtimeMs),
      'the copy used the cache as it was',
    ).to.deep.equal(written);
  });

  it("deletes other builds' caches that nobody has written or read for 30 days, and keeps the rest", () => {
    const home = tempDir('trims-cache-home-');
    const dir = path.join(home, 'trims');
    fs.mkdirSync(dir, { mode: 0o700 });
    const daysAgo = (days: number): Date => new Date(Date.now() - days * 24 * 3600 * 1000);
    const put = (name: string, age?: Date): string => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, 'x', { mode: 0o600 });
      if (age !== undefined) fs.utimesSync(file, age, age);
      return name;
    };
    const build = (digit: string): string => `tfjs-${digit.repeat(32)}-v18.0.0-x64`;
    const stale = put(`${build('0')}.warm.v8cache`, daysAgo(31));
    const crashed = put(`${build('0')}.v8cache.123.tmp`, daysAgo(0.1));
    const recent = put(`${build('1')}-f0123abcd.warm.v8cache`);
    const writing = put(`${build('1')}.v8cache.456.tmp`); // a write in progress
    const foreign = put('tfjs-notes.txt', daysAgo(60)); // not a name of ours
    const preRelease = put(`tfjs-${'2'.repeat(32)}-v23.0.0-rc.1-arm64.v8cache`, daysAgo(40));
    const files = run(home, true).files;
    expect(files).not.to.include(stale);
    expect(files).not.to.include(crashed);
    expect(files).not.to.include(preRelease);
    expect(files).to.include.members([recent, writing, foreign]);
    expect(files.filter((f) => f.endsWith('.warm.v8cache'))).to.have.length(2);

    // A cache in daily use is read, not rewritten: reading it renews it, so no prune takes it.
    const ours = files.find((f) => f.endsWith('.warm.v8cache') && f !== recent)!;
    fs.utimesSync(path.join(dir, ours), daysAgo(31), daysAgo(31));
    run(home, true);
    expect(Date.now() - fs.statSync(path.join(dir, ours)).mtimeMs).to.be.lessThan(3600_000);
    run(home, true, {}, ['--expose-gc']); // writes a cache of its own, and prunes
    expect(fs.readdirSync(dir)).to.include(ours);
  });

  it('writes and prunes only in the directory it checked: not where its name leads by exit', async () => {
    const home = tempDir('trims-cache-home-');
    const victim = tempDir('trims-victim-');
    const precious = path.join(victim, `tfjs-${'0'.repeat(32)}-v18.0.0-x64.v8cache`);
    fs.writeFileSync(precious, 'not a cache');
    const old = new Date(Date.now() - 60 * 24 * 3600 * 1000);
    fs.utimesSync(precious, old, old);
    const source = path.join(tempDir('trims-cached-source-'), 'source.js');
    fs.writeFileSync(source, "module.exports = () => 'ok';\n");
    const child = spawn(process.execPath, [CACHED_REQUIRE, source, 'wait'], {
      env: { ...process.env, XDG_CACHE_HOME: home },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    await new Promise((resolve) => child.stdout.once('data', resolve)); // imported: the directory was checked
    // Someone who can write an ancestor swaps the directory for a link.
    fs.renameSync(path.join(home, 'trims'), path.join(home, 'trims-checked'));
    fs.symlinkSync(victim, path.join(home, 'trims'));
    child.stdin.end();
    expect(await exited).to.equal(0);
    expect(fs.readdirSync(victim), 'nothing written or pruned through the link').to.deep.equal([
      path.basename(precious),
    ]);
    // At exit the name no longer leads to the directory checked: no cache is written at all.
    expect(fs.readdirSync(path.join(home, 'trims-checked'))).to.deep.equal([]);
  });

  it('a bundle required again and again (require.cache cleared) holds no fd and adds one exit listener', () => {
    const home = tempDir('trims-cache-home-');
    const result = spawnSync(process.execPath, [REQUIRE_AGAIN, '20', home], {
      encoding: 'utf8',
      env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2', XDG_CACHE_HOME: home },
    });
    expect(result.status, result.stderr).to.equal(0);
    expect(result.stderr).not.to.contain('MaxListenersExceededWarning');
    expect(JSON.parse(result.stdout)).to.deep.equal({ heldOnCache: 0, exitListeners: 1 });
  });

  it('a cache on a read-only file system is still used when its mtime cannot be renewed', function () {
    if (process.getuid?.() !== 0) {
      console.log(
        '      (skipped: needs root, for a read-only bind mount in a mount namespace of its own)',
      );
      this.skip();
    }
    const home = tempDir('trims-cache-home-');
    const dir = run(home, true).dir;
    const warm = fs.readdirSync(dir).find((f) => f.endsWith('.warm.v8cache'))!;
    const old = new Date(Date.now() - 3 * 24 * 3600 * 1000);
    fs.utimesSync(path.join(dir, warm), old, old);
    const result = loadOnceAfter(
      [`mount --bind '${dir}' '${dir}'`, `mount -o remount,bind,ro '${dir}'`],
      home,
      ['unshare', '--mount', '--propagation', 'private'],
    );
    if (result.error !== undefined || /unshare|mount:/.test(result.stderr)) {
      console.log(
        `      (skipped: no mount namespace here: ${result.error?.message ?? result.stderr.trim()})`,
      );
      this.skip();
    }
    expect(result.status, result.stderr).to.equal(0);
    expect(result.stderr).to.match(/TRIMS-COMPILE-CACHE \d+: .* compiled from the warm cache/);
  });

  it('imports without a cache for a uid with no home (no passwd entry, no HOME)', function () {
    if (process.getuid?.() !== 0) {
      console.log('      (skipped: needs root, to run as a uid that has no passwd entry)');
      this.skip();
    }
    const env: NodeJS.ProcessEnv = { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' };
    delete env.HOME;
    delete env.XDG_CACHE_HOME;
    const result = spawnSync(process.execPath, [LOAD_ONCE], {
      encoding: 'utf8',
      uid: 64_999, // in no passwd file: os.homedir() throws
      gid: 64_999,
      cwd: '/',
      env: { ...env, NODE_DEBUG: 'trims-compile-cache' },
    });
    expect(result.status, result.stderr).to.equal(0);
    expect(JSON.parse(result.stdout)).to.deep.equal({ shared: 0, private: 0 });
    expect(result.stderr).to.match(/TRIMS-COMPILE-CACHE \d+: .*: no cache directory/);
  });

  /** cache-copies.js in a fresh cache home: what it printed, and the warm caches it left. */
  function copies(mode: string, sources: string[]): { printed: string; warmCaches: number } {
    const home = tempDir('trims-cache-home-');
    const files = sources.map((source, i) => {
      const file = path.join(tempDir(`trims-install-${i}-`), 'bundle.js');
      fs.writeFileSync(file, source);
      return file;
    });
    const result = spawnSync(process.execPath, [CACHE_COPIES, mode, ...files], {
      encoding: 'utf8',
      env: { ...process.env, XDG_CACHE_HOME: home },
    });
    expect(result.status, result.stderr).to.equal(0);
    const caches = fs.readdirSync(path.join(home, 'trims'));
    return {
      printed: result.stdout.trim(),
      warmCaches: caches.filter((f) => f.endsWith('.warm.v8cache')).length,
    };
  }

  it('two installs of one build in a process: the one that ran a load writes the warm cache', () => {
    const source = "module.exports = function answer() { return 'same'; };\n";
    expect(copies('two-copies', [source, source])).to.deep.equal({
      printed: 'same same',
      warmCaches: 1,
    });
  });

  it("an install's stack traces name its own files, though another install of the build wrote a cache first", () => {
    const home = tempDir('trims-cache-home-');
    const source = "module.exports = function where() { return new Error('here').stack; };\n";
    const stackOf = (): { file: string; stack: string } => {
      const file = path.join(tempDir('trims-install-'), 'bundle.js');
      fs.writeFileSync(file, source);
      const result = spawnSync(process.execPath, [CACHE_COPIES, 'foreign-key', file], {
        encoding: 'utf8',
        env: { ...process.env, XDG_CACHE_HOME: home },
      });
      expect(result.status, result.stderr).to.equal(0);
      return { file, stack: result.stdout };
    };
    for (const { file, stack } of [stackOf(), stackOf(), stackOf()])
      expect(stack).to.contain(`${file}:1`);
  });

  it('imports, and still writes its cache, whatever else sits under its global key', () => {
    expect(copies('foreign-key', ["module.exports = () => 'fine';\n"])).to.deep.equal({
      printed: 'fine',
      warmCaches: 1,
    });
  });

  it('a write that fails midway (a file-size limit, a full disk) leaves no partial file', function () {
    const home = tempDir('trims-cache-home-');
    // 64 KiB: the bundle's cache is larger. Node ignores SIGXFSZ, so the write fails with EFBIG.
    const result = loadOnceAfter(['ulimit -f 64'], home);
    expect(result.status, result.stderr).to.equal(0);
    expect(JSON.parse(result.stdout)).to.deep.equal({ shared: 1, private: 0 });
    expect(fs.readdirSync(path.join(home, 'trims'))).to.deep.equal([]);
  });

  it('uses no cache directory that others can write', () => {
    const home = tempDir('trims-cache-home-');
    fs.mkdirSync(path.join(home, 'trims'), { mode: 0o777 });
    fs.chmodSync(path.join(home, 'trims'), 0o777);
    const result = run(home, true);
    expect(result.stats.shared).to.equal(1);
    expect(result.files).to.deep.equal([]);
  });

  it('NODE_DISABLE_COMPILE_CACHE=1 reads and writes none, as it does for Node', () => {
    const home = tempDir('trims-cache-home-');
    const result = run(home, true, { NODE_DISABLE_COMPILE_CACHE: '1' });
    expect(result.stats.shared).to.equal(1);
    expect(result.files).to.deep.equal([]);
  });
});
