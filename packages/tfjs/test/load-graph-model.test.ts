import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { generateModel, resolveSet, writeIndex } from '@trims/models';
import { loadFramework } from '@trims/tensorflow';
import { ask, Daemon, tempDir, writeTinyModel } from '@trims/testing';

import { ErrorCode, loadGraphModel, TrimsLoadError } from '../src';
import { Holder } from './holder';

const FIXTURES = path.join(__dirname, 'fixtures');
const PACKAGE = path.resolve(__dirname, '..', '..');
const TRIMS = path.resolve(PACKAGE, '..', 'cli', 'bin', 'trims.js');

/** The zoo to check bit for bit: the small set, or $TRIMS_TEST_ZOO (e.g. "paper"). */
const ZOO_SET = process.env.TRIMS_TEST_ZOO ?? 'small';

function run(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): { stdout: string; stderr: string; status: number | null } {
  const result = spawnSync(process.execPath, [path.join(FIXTURES, script), ...args], {
    encoding: 'utf8',
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2', ...env },
    maxBuffer: 1 << 24,
  });
  return { stdout: result.stdout, stderr: result.stderr, status: result.status };
}

/** A one-shard graph model written by hand (nodes and weights, in this order), as a file:// URL. */
function writeGraphModel(
  prefix: string,
  nodes: object[],
  weights: Array<{ name: string; dtype: string; shape: number[]; bytes: Buffer }>,
): string {
  const dir = path.join(tempDir(prefix), 'model');
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'w.bin'), Buffer.concat(weights.map((w) => w.bytes)));
  fs.writeFileSync(
    path.join(dir, 'model.json'),
    JSON.stringify({
      format: 'graph-model',
      modelTopology: { node: nodes, library: {}, versions: { producer: 1 } },
      weightsManifest: [
        {
          paths: ['w.bin'],
          weights: weights.map(({ name, dtype, shape }) => ({ name, dtype, shape })),
        },
      ],
    }),
  );
  return `file://${path.join(dir, 'model.json')}`;
}

const floats = (...values: number[]): Buffer => Buffer.from(Float32Array.of(...values).buffer);

const constNode = (name: string, type: string): object => ({
  name,
  op: 'Const',
  attr: { dtype: { type } },
});

describe('@trims/tfjs: the drop-in tf.loadGraphModel', function () {
  let zoo: string;
  let daemon: Daemon;
  let env: NodeJS.ProcessEnv;
  const url = (name: string): string => `file://${path.join(zoo, name, 'model.json')}`;

  before(async () => {
    zoo = tempDir('trims-tfjs-zoo-');
    const names = resolveSet(ZOO_SET);
    writeIndex(
      zoo,
      names.map((name) => generateModel(name, zoo, { seed: 3 })),
      3,
      null,
    );
    daemon = await Daemon.start();
    env = { TRIMS_SOCKET: daemon.socketPath };
  });

  after(async () => {
    await daemon.stop();
    fs.rmSync(zoo, { recursive: true, force: true });
  });

  it(`gives outputs bit-identical to tf.loadGraphModel for every model of the ${ZOO_SET} zoo, in processes apart from the daemon`, () => {
    const names = resolveSet(ZOO_SET);
    const plain = run('predict.js', ['plain', zoo, ...names], env);
    const shared = run('predict.js', ['trims', zoo, ...names], env);
    expect(plain.status, plain.stderr).to.equal(0);
    expect(shared.status, shared.stderr).to.equal(0);
    const expected = JSON.parse(plain.stdout) as Record<string, string>;
    expect(Object.keys(expected)).to.have.length(names.length);
    expect(JSON.parse(shared.stdout)).to.deep.equal(expected);
    expect(shared.stderr).to.not.contain('trims:'); // served by the daemon, no fallback
  });

  it('returns a real tf.GraphModel whose dispose() releases the daemon reference', async () => {
    const holder = await Holder.start(env);
    try {
      expect((await holder.ask({ load: url('squeezenet1_1') })).ok).to.equal(true);
      const held = (await ask(daemon, 'stats', {})).reply as { references: number };
      expect(held.references).to.equal(1);
      await holder.ask({ dispose: true });
      let references = -1;
      for (let i = 0; i < 50 && references !== 0; i++) {
        references = ((await ask(daemon, 'stats', {})).reply as { references: number }).references;
        if (references !== 0) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(references).to.equal(0);
    } finally {
      holder.stop();
    }
  });

  it("serves string weights too, equal to the framework loader's, and its weights in the same order", async () => {
    const words = ['héllo', '', 'wörld'];
    const target = writeGraphModel(
      'trims-strings-',
      [
        {
          name: 'x',
          op: 'Placeholder',
          attr: { dtype: { type: 'DT_FLOAT' }, shape: { shape: { dim: [{ size: '1' }] } } },
        },
        {
          name: 'words',
          op: 'Const',
          attr: {
            value: { tensor: { dtype: 'DT_STRING', tensorShape: { dim: [{ size: '3' }] } } },
            dtype: { type: 'DT_STRING' },
          },
        },
        { name: 'Identity', op: 'Identity', input: ['x'], attr: { T: { type: 'DT_FLOAT' } } },
        constNode('a', 'DT_FLOAT'),
        constNode('constructor', 'DT_FLOAT'),
      ],
      [
        { name: 'a', dtype: 'float32', shape: [1], bytes: floats(1) },
        {
          name: 'words',
          dtype: 'string',
          shape: [3],
          bytes: Buffer.concat(
            words.flatMap((w) => [
              Buffer.from(Uint32Array.of(Buffer.byteLength(w)).buffer),
              Buffer.from(w),
            ]),
          ),
        },
        { name: 'constructor', dtype: 'float32', shape: [1], bytes: floats(2) },
      ],
    );
    const shared = await loadGraphModel(target, { socketPath: daemon.socketPath, strict: true });
    const plain = await loadFramework().tf.loadGraphModel(target);
    expect(shared.weights.words![0]!.dataSync()).to.deep.equal(plain.weights.words![0]!.dataSync());
    expect(shared.weights.words![0]!.dataSync()).to.deep.equal(words);
    // made in one batch, strings apart: still in the manifest's order, as tfjs gives them
    expect(Object.keys(shared.weights)).to.deep.equal(Object.keys(plain.weights));
    expect(Object.keys(shared.weights)).to.deep.equal(['a', 'words', 'constructor']);
    const named = new Map(Object.entries(shared.weights));
    expect(Array.from(named.get('constructor')![0]!.dataSync())).to.deep.equal([2]);
    shared.dispose();
    plain.dispose();
  });

  it('a topology tfjs cannot build fails as the framework loader does, leaving no tensor and no reference', async () => {
    const target = writeGraphModel(
      'trims-unbuildable-',
      [
        { name: 'x', op: 'Placeholder', attr: { dtype: { type: 'DT_FLOAT' } } },
        constNode('w', 'DT_FLOAT'),
        // an input no node is: tfjs's graph building fails on it
        { name: 'y', op: 'AddV2', input: ['x', 'nowhere'], attr: { T: { type: 'DT_FLOAT' } } },
      ],
      [{ name: 'w', dtype: 'float32', shape: [2], bytes: floats(1, 2) }],
    );
    const { tf } = loadFramework();
    const plain = await tf.loadGraphModel(target).catch((error: Error) => error);
    expect(plain).to.be.instanceOf(Error);
    const tensors = tf.memory().numTensors;
    // Built twice (from this process's parse while the daemon answers, then from what it lent): one error.
    const shared = await loadGraphModel(target, { socketPath: daemon.socketPath }).catch(
      (error: Error) => error,
    );
    expect(shared).to.be.instanceOf(Error);
    expect((shared as Error).message).to.equal((plain as Error).message);
    expect(tf.memory().numTensors, 'the lent weights are disposed').to.equal(tensors);
    let references = -1;
    for (let i = 0; i < 50 && references !== 0; i++) {
      references = ((await ask(daemon, 'stats', {})).reply as { references: number }).references;
      if (references !== 0) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(references, "the daemon's reference is given back").to.equal(0);
  });

  it('a null or undefined URL fails as the framework loader does', async () => {
    const { tf } = loadFramework();
    for (const nothing of [null, undefined]) {
      const never = nothing as unknown as string;
      const plain = await tf.loadGraphModel(never).catch((error: Error) => error);
      const shared = await loadGraphModel(never).catch((error: Error) => error);
      expect(plain).to.be.instanceOf(Error);
      expect((shared as Error).message).to.equal((plain as Error).message);
    }
  });

  it('reads the files tfjs-node reads for every spelling of a file:// URL (relative, percent signs, a host), never decoding or resolving it otherwise', () => {
    const cwd = tempDir('trims-spellings-');
    const model = (dir: string, seed: number): void =>
      void writeTinyModel(path.join(cwd, dir), seed, { values: 2 });
    model('rel/m', 1);
    model('sq%2Df32', 2); // read as named: %2D is not decoded
    model('sq-f32', 3);
    model(`localhost${cwd}/x`, 4); // file://localhost/... is read relative to the working directory
    model('x', 5);
    const urls = [
      'file://./rel/m/model.json',
      'file://rel/m/model.json',
      `file://${cwd}/sq%2Df32/model.json`,
      `file://localhost${cwd}/x/model.json`,
    ];
    const spelled = (mode: string): Record<string, string> => {
      const result = spawnSync(
        process.execPath,
        [path.join(FIXTURES, 'spellings.js'), mode, ...urls],
        {
          encoding: 'utf8',
          cwd,
          env: { ...process.env, ...env, TF_CPP_MIN_LOG_LEVEL: '2' },
        },
      );
      expect(result.status, result.stderr).to.equal(0);
      return JSON.parse(result.stdout) as Record<string, string>;
    };
    const plain = spelled('plain');
    expect(Object.values(plain).filter((v) => v.startsWith('error'))).to.deep.equal([]);
    expect(spelled('trims')).to.deep.equal(plain); // strict: each served by the daemon
  });

  it("model.save() writes what tf.loadGraphModel's model would: the same weight specs and bytes", () => {
    const saved = (mode: string): unknown => {
      const out = tempDir(`trims-save-${mode}-`);
      const result = run('save.js', [mode, url('squeezenet1_1'), out], env);
      expect(result.status, result.stderr).to.equal(0);
      return JSON.parse(result.stdout);
    };
    expect(saved('trims')).to.deep.equal(saved('plain'));
    // and weights of every dtype a graph model stores as they are: int32, bool, strings (UTF-8)
    const strings = ['héllo', '', 'xxxxx'].map((text) => {
      const bytes = Buffer.from(text, 'utf8');
      const length = Buffer.alloc(4);
      length.writeUInt32LE(bytes.length);
      return Buffer.concat([length, bytes]);
    });
    const target = writeGraphModel(
      'trims-save-dtypes-',
      [
        constNode('i', 'DT_INT32'),
        constNode('b', 'DT_BOOL'),
        constNode('s', 'DT_STRING'),
        { name: 'out', op: 'Identity', input: ['i'], attr: { T: { type: 'DT_INT32' } } },
      ],
      [
        {
          name: 'i',
          dtype: 'int32',
          shape: [3],
          bytes: Buffer.from(Int32Array.of(7, -8, 9).buffer),
        },
        { name: 'b', dtype: 'bool', shape: [3], bytes: Buffer.from([1, 0, 1]) },
        { name: 's', dtype: 'string', shape: [3], bytes: Buffer.concat(strings) },
      ],
    );
    const savedOf = (mode: string): unknown => {
      const out = tempDir(`trims-save-${mode}-`);
      const result = run('save.js', [mode, target, out], env);
      expect(result.status, result.stderr).to.equal(0);
      return JSON.parse(result.stdout);
    };
    expect(savedOf('trims')).to.deep.equal(savedOf('plain'));
  });

  it('is importable as ESM too', () => {
    const result = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "import { loadGraphModel } from '@trims/tfjs'; console.log(typeof loadGraphModel);",
      ],
      {
        encoding: 'utf8',
        cwd: PACKAGE,
      },
    );
    expect(result.stdout.trim(), result.stderr).to.equal('function');
  });

  it('with the register hook, an unmodified script calling tf.loadGraphModel is served by the daemon', async () => {
    const target = url('mobilenet_v2');
    const opensBefore = ((await ask(daemon, 'stats', {})).reply as { opens: number }).opens;
    const result = spawnSync(
      process.execPath,
      ['-r', '@trims/tfjs/register', path.join(FIXTURES, 'unmodified.js'), target],
      {
        encoding: 'utf8',
        cwd: PACKAGE,
        env: { ...process.env, ...env, TF_CPP_MIN_LOG_LEVEL: '2', TRIMS_STRICT: '1' },
      },
    );
    expect(result.status, result.stderr).to.equal(0);
    expect((JSON.parse(result.stdout) as { shape: number[] }).shape).to.deep.equal([1, 1000]);
    const status = JSON.parse(
      spawnSync(process.execPath, [TRIMS, 'status', '--json', '--socket', daemon.socketPath], {
        encoding: 'utf8',
      }).stdout,
    ) as {
      models: Array<{ url: string; hits: number }>;
    };
    expect(
      status.models.map((m) => m.url),
      'trims status lists the model',
    ).to.include(target);
    const opensAfter = ((await ask(daemon, 'stats', {})).reply as { opens: number }).opens;
    expect(opensAfter - opensBefore, 'the script was served by the daemon').to.equal(1);
  });

  it('falls back to the framework loader when no daemon answers, saying so once; strict mode makes it an error', async () => {
    const noDaemon = { TRIMS_SOCKET: path.join(tempDir(), 'none.sock') };
    const holder = await Holder.start(noDaemon);
    try {
      const first = await holder.ask({ load: url('squeezenet1_1') });
      const second = await holder.ask({ load: url('squeezenet1_1'), predict: true });
      expect(first.ok && second.ok).to.equal(true);
      expect(second.stderr!.match(/^trims: .*no TrIMS daemon answers at/gm)).to.have.length(1);
      expect(second.stderr).to.contain(
        `loading ${url('squeezenet1_1')} with tf.loadGraphModel instead`,
      );
    } finally {
      holder.stop();
    }
    const strict = await Holder.start({ ...noDaemon, TRIMS_STRICT: '1' });
    try {
      const refused = await strict.ask({ load: url('squeezenet1_1') });
      expect(refused.ok).to.equal(false);
      expect(refused.error).to.match(
        /TrIMS could not load file:\/\/.*squeezenet1_1\/model\.json: .*no TrIMS daemon answers/,
      );
    } finally {
      strict.stop();
    }
    const quiet = await Holder.start({ ...noDaemon, TRIMS_QUIET: '1' });
    try {
      const silent = await quiet.ask({ load: url('squeezenet1_1') });
      expect(silent.ok).to.equal(true);
      expect(silent.stderr).to.not.contain('trims:');
    } finally {
      quiet.stop();
    }
  });

  it("a model.json that does not exist rejects with the framework's own error, and no TrIMS line before it", async () => {
    const missing = `file://${path.join(tempDir(), 'gone', 'model.json')}`;
    const { tf } = loadFramework();
    const plain = (await tf.loadGraphModel(missing).catch((error: Error) => error)) as Error;
    expect(plain).to.be.instanceOf(Error);
    for (const socket of [daemon.socketPath, path.join(tempDir(), 'none.sock')]) {
      const holder = await Holder.start({ TRIMS_SOCKET: socket });
      try {
        const reply = await holder.ask({ load: missing });
        expect(reply.ok).to.equal(false);
        expect(reply.error).to.equal(plain.message);
        expect(reply.stderr, 'nothing was loaded privately: nothing to say').not.to.contain(
          'trims:',
        );
      } finally {
        holder.stop();
      }
    }
    // The same through the register hook's load router (tfjs's GraphModel.load asks it).
    const hooked = spawnSync(
      process.execPath,
      [
        '-r',
        '@trims/tfjs/register',
        '-e',
        `const tf = require('@tensorflow/tfjs-node-gpu'); new tf.GraphModel(${JSON.stringify(missing)}).load().catch((e) => console.log(e.message))`,
      ],
      {
        encoding: 'utf8',
        cwd: PACKAGE,
        env: { ...process.env, ...env, TF_CPP_MIN_LOG_LEVEL: '2' },
      },
    );
    expect(hooked.stdout.trim()).to.equal(plain.message);
    expect(hooked.stderr).not.to.contain('trims:');
  });

  it("a fallback that fails for the daemon's reason says that reason first (a truncated shard)", async () => {
    const dir = tempDir('trims-truncated-');
    fs.cpSync(path.join(zoo, 'squeezenet1_1'), dir, { recursive: true });
    const shard = fs
      .readdirSync(dir)
      .filter((name) => name !== 'model.json')
      .sort()
      .at(-1)!;
    const bytes = fs.statSync(path.join(dir, shard)).size;
    fs.truncateSync(path.join(dir, shard), bytes - 4096);
    const target = `file://${path.join(dir, 'model.json')}`;
    const holder = await Holder.start(env);
    try {
      const reply = await holder.ask({ load: target });
      expect(reply.ok, 'tfjs rejects it too').to.equal(false);
      expect(reply.stderr).to.match(/^trims: .*CORRUPT|^trims: .*bytes/m);
      expect(reply.stderr).to.contain(`loading ${target} with tf.loadGraphModel instead`);
    } finally {
      holder.stop();
    }
  });

  it('a stopped (hung) daemon: a connected process falls back within twice the liveness bound (5 s), and a fresh one within once, each saying why', async function () {
    this.timeout(60_000);
    const own = await Daemon.start();
    const holder = await Holder.start({ TRIMS_SOCKET: own.socketPath });
    try {
      expect((await holder.ask({ load: url('squeezenet1_1') })).ok).to.equal(true);
      own.child.kill('SIGSTOP');
      let started = Date.now();
      const connected = await holder.ask({ load: url('resnet18'), predict: true });
      expect(connected.ok, connected.error).to.equal(true);
      expect(Date.now() - started).to.be.within(9_000, 20_000);
      expect(connected.stderr).to.match(
        /trims: .*the daemon at .* stopped answering .*stopped or hung/,
      );
      const fresh = await Holder.start({ TRIMS_SOCKET: own.socketPath });
      try {
        started = Date.now();
        const load = await fresh.ask({ load: url('squeezenet1_1') });
        expect(load.ok, load.error).to.equal(true);
        expect(Date.now() - started).to.be.within(4_500, 15_000);
        expect(load.stderr).to.match(
          /trims: .*hello: no reply from the daemon at .* within 5000 ms/,
        );
        // the next load does not ask again for a while: it falls back at once, saying so
        const next = await fresh.ask({ load: url('resnet18') });
        expect(next.ok, next.error).to.equal(true);
        expect(next.stderr).to.match(
          /trims: .*hello: no reply from the daemon at .* within 5000 ms \(asked again 10 s after\)/,
        );
      } finally {
        fresh.stop();
      }
    } finally {
      own.child.kill('SIGCONT');
      holder.stop();
      await own.stop();
    }
  });

  it('a daemon that refused a connection (at its limit) is asked again at the next load, not backed off from', async () => {
    const own = await Daemon.start([], { env: { TRIMS_CONNECTIONS_PER_UID: '2' } });
    const blockers = [await own.client(), await own.client()]; // the uid's two connections
    const holder = await Holder.start({ TRIMS_SOCKET: own.socketPath });
    try {
      const refused = await holder.ask({ load: url('squeezenet1_1') });
      expect(refused.ok, refused.error).to.equal(true); // loaded privately
      expect(refused.stderr).to.match(/trims: .*has 2 connections open \(the limit\): close some/);
      for (const blocker of blockers) blocker.close();
      let opens = -1;
      for (let i = 0; i < 50 && opens < 0; i++)
        opens = await ask(own, 'stats', {}).then(
          ({ reply }) => Number((reply as { opens: number }).opens),
          () => -1, // the blockers' ends not seen yet
        );
      const served = await holder.ask({ load: url('resnet18') });
      expect(served.ok, served.error).to.equal(true);
      expect(served.stderr).to.not.contain('asked again');
      const after = Number(((await ask(own, 'stats', {})).reply as { opens: number }).opens);
      expect(after - opens, 'served by the daemon').to.equal(1);
    } finally {
      for (const blocker of blockers) blocker.close();
      holder.stop();
      await own.stop();
    }
  });

  it("strict mode's error carries the cause's code, comparable with the exported ErrorCode", async () => {
    const error = await loadGraphModel(url('squeezenet1_1'), {
      strict: true,
      socketPath: path.join(tempDir(), 'none.sock'),
    }).catch((e: Error) => e);
    expect(error).to.be.instanceOf(TrimsLoadError);
    const { cause } = error as TrimsLoadError;
    expect(cause.code).to.equal(ErrorCode.UNAVAILABLE);
    expect(cause.codeName).to.equal('UNAVAILABLE');
  });

  it('falls back when the daemon says to load privately (no tier has room)', async () => {
    const tiny = await Daemon.start(['--host-budget', '1MB', '--disk-budget', '1MB']);
    const holder = await Holder.start({ TRIMS_SOCKET: tiny.socketPath });
    try {
      const reply = await holder.ask({ load: url('squeezenet1_1'), predict: true });
      expect(reply.ok).to.equal(true);
      expect(reply.stderr).to.match(/trims: .*no tier has room/);
    } finally {
      holder.stop();
      await tiny.stop();
    }
  });

  it('a daemon killed while a model is in use does not break it; the next load falls back once, and a restarted daemon is found again', async () => {
    const own = await Daemon.start();
    const holder = await Holder.start({ TRIMS_SOCKET: own.socketPath });
    try {
      const loaded = await holder.ask({ load: url('resnet18'), predict: true });
      expect(loaded.ok, loaded.error).to.equal(true);
      own.child.kill('SIGKILL');
      await new Promise((resolve) => own.child.once('exit', resolve));
      const after = await holder.ask({ predict: true });
      expect(after.digests![0]).to.equal(loaded.digests![0]); // the mapped weights outlive the daemon
      const fallback = await holder.ask({ load: url('resnet18'), predict: true });
      expect(fallback.ok).to.equal(true);
      expect(fallback.digests![1]).to.equal(loaded.digests![0]);
      expect(fallback.stderr!.match(/^trims: /gm)).to.have.length(2); // one message: the reason and what happens instead
      const restarted = await Daemon.start([], { dir: own.dir, cacheDir: own.cacheDir });
      try {
        const again = await holder.ask({ load: url('resnet18') });
        expect(again.ok).to.equal(true);
        const stats = (await ask(restarted, 'stats', {})).reply as { references: number };
        expect(stats.references).to.equal(1); // served by the new daemon
      } finally {
        await restarted.stop();
      }
    } finally {
      holder.stop();
    }
  });
});

describe('@trims/tfjs: a second process loading a large model another process holds', function () {
  it('grows its private memory by under 5% of the model, and returns far sooner than a private load', async () => {
    const dir = tempDir('trims-large-');
    const model = generateModel('vgg16', dir, { seed: 5 });
    const target = `file://${path.join(dir, 'vgg16', 'model.json')}`;
    const daemon = await Daemon.start();
    const first = await Holder.start({ TRIMS_SOCKET: daemon.socketPath, TRIMS_STRICT: '1' });
    try {
      expect((await first.ask({ load: target })).ok).to.equal(true);
      const env = { TRIMS_SOCKET: daemon.socketPath };
      const second = JSON.parse(run('second-client.js', ['trims', target], env).stdout) as {
        loadMs: number;
        privateGrowthBytes: number;
        weights: number;
      };
      const plain = JSON.parse(run('second-client.js', ['plain', target], env).stdout) as {
        loadMs: number;
        privateGrowthBytes: number;
      };
      expect(second.weights).to.be.greaterThan(30);
      expect(second.privateGrowthBytes).to.be.below(0.05 * model.bytes);
      console.log(
        `      (vgg16, ${(model.bytes / 2 ** 20).toFixed(0)} MiB: second client +${(second.privateGrowthBytes / 2 ** 20).toFixed(1)} MiB private in ` +
          `${second.loadMs.toFixed(0)} ms; private tf.loadGraphModel +${(plain.privateGrowthBytes / 2 ** 20).toFixed(0)} MiB in ${plain.loadMs.toFixed(0)} ms: ` +
          `${(plain.loadMs / second.loadMs).toFixed(0)}x)`,
      );
      fs.mkdirSync(path.resolve(PACKAGE, '..', '..', 'benchmarks', 'results', 'raw'), {
        recursive: true,
      });
      fs.writeFileSync(
        path.resolve(PACKAGE, '..', '..', 'benchmarks', 'results', 'raw', 'second-client.json'),
        JSON.stringify(
          {
            model: 'vgg16',
            bytes: model.bytes,
            trims: second,
            plain,
            ratio: plain.loadMs / second.loadMs,
            date: new Date().toISOString(),
          },
          null,
          2,
        ) + '\n',
      );
    } finally {
      first.stop();
      await daemon.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
