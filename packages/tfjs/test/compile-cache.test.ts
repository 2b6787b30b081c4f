import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { Daemon, modelJsonPath, tempDir, zooModel } from '@trims/testing';

const LOAD_ONCE = path.join(__dirname, 'fixtures', 'load-once.js');

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
  function run(cacheHome: string, load: boolean, env: NodeJS.ProcessEnv = {}) {
    const result = spawnSync(process.execPath, [LOAD_ONCE, ...(load ? [url] : [])], {
      encoding: 'utf8',
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

  it('survives a corrupt cache, and reads none that another uid could have written', () => {
    const home = tempDir('trims-cache-home-');
    const first = run(home, true);
    const file = path.join(
      first.dir,
      first.files.find((f) => f.endsWith('.warm.v8cache'))!,
    );
    const good = fs.readFileSync(file);

    fs.writeFileSync(file, Buffer.alloc(good.length, 0x5a)); // V8 rejects it: compiled as if absent
    expect(run(home, true).stats.shared).to.equal(1);
    expect(fs.readFileSync(file).equals(Buffer.alloc(good.length, 0x5a))).to.equal(false);

    fs.chmodSync(file, 0o666); // writable by others: not read, replaced by this uid's own
    expect(run(home, true).stats.shared).to.equal(1);
    expect(fs.statSync(file).mode & 0o777).to.equal(0o600);
  });

  it('NODE_DISABLE_COMPILE_CACHE=1 reads and writes none, as it does for Node', () => {
    const home = tempDir('trims-cache-home-');
    const result = run(home, true, { NODE_DISABLE_COMPILE_CACHE: '1' });
    expect(result.stats.shared).to.equal(1);
    expect(result.files).to.deep.equal([]);
  });
});
