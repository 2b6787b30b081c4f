import { expect } from 'chai';
import { execFile, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';

import { generateModel, GeneratedModel } from '@trims/models';
import { loadFramework } from '@trims/tensorflow';
import { ask, Daemon, tempDir } from '@trims/testing';

import { SharedModelHandler, TfIo } from '../src/io-router';
import { loadGraphModel } from '../src';
import { openRequestFor } from '../src/load-policy';

const FIXTURES = path.join(__dirname, 'fixtures');
const PACKAGE = path.resolve(__dirname, '..', '..');
const TRIMS = path.resolve(PACKAGE, '..', 'cli', 'bin', 'trims.js');

interface Run {
  digests: string[];
  loadMs: number;
  privateGrowthBytes: number;
  stderr: string;
}

/**
 * The unmodified application, as a real child process: plain, or under the
 * register hook. Asynchronous, so the loopback model host in this process answers.
 */
async function application(
  how: string,
  urls: string[],
  hooked: boolean,
  env: NodeJS.ProcessEnv = {},
): Promise<Run> {
  const args = [
    ...(hooked ? ['-r', '@trims/tfjs/register'] : []),
    path.join(FIXTURES, 'application.js'),
    how,
    ...urls,
  ];
  const { stdout, stderr } = await new Promise<{ stdout: string; stderr: string }>(
    (resolve, reject) =>
      execFile(
        process.execPath,
        args,
        { cwd: PACKAGE, env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2', ...env } },
        (error, out, err) =>
          error
            ? reject(new Error(`${how} ${hooked ? 'hooked' : 'plain'} failed:\n${err}`))
            : resolve({ stdout: out, stderr: err }),
      ),
  );
  const trimsLines = stderr.split('\n').filter((line) => line.startsWith('trims:'));
  return { ...(JSON.parse(stdout) as Omit<Run, 'stderr'>), stderr: trimsLines.join('\n') };
}

/** Serves a directory on loopback, as a model host would. */
async function serveDirectory(dir: string): Promise<{ server: http.Server; base: string }> {
  const server = http.createServer((request, response) => {
    const file = path.join(dir, decodeURIComponent(new URL(request.url!, 'http://x').pathname));
    if (!file.startsWith(dir) || !fs.existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-length': fs.statSync(file).size });
    fs.createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('@trims/tfjs: every way an unmodified application loads a model goes through TrIMS', function () {
  let zoo: string;
  let daemon: Daemon;
  let host: { server: http.Server; base: string };
  let env: NodeJS.ProcessEnv;
  const models: Record<string, GeneratedModel> = {};
  const GRAPH = ['squeezenet1_1', 'mobilenet_v2'];
  const LAYERS = ['lenet5_layers', 'mlp_layers'];
  const fileUrl = (name: string): string => `file://${path.join(zoo, name, 'model.json')}`;
  const bytesOf = (names: string[]): number => names.reduce((sum, n) => sum + models[n]!.bytes, 0);
  let plainGraph: Run;
  let plainLayers: Run;

  async function opens(): Promise<number> {
    return ((await ask(daemon, 'stats', {})).reply as { opens: number }).opens;
  }

  function hits(): Map<string, number> {
    const result = spawnSync(
      process.execPath,
      [TRIMS, 'status', '--json', '--socket', daemon.socketPath],
      {
        encoding: 'utf8',
      },
    );
    const status = JSON.parse(result.stdout) as { models: Array<{ url: string; hits: number }> };
    return new Map(status.models.map((m) => [m.url, m.hits]));
  }

  /** Runs the application hooked and strict: every model must come from the daemon, unchanged. */
  async function expectServed(how: string, names: string[], reference: Run): Promise<void> {
    const urls = names.map(fileUrl);
    const [opensBefore, hitsBefore] = [await opens(), hits()];
    const shared = await application(how, urls, true, { ...env, TRIMS_STRICT: '1' });
    expect(shared.digests, 'outputs bit-identical to the plain framework').to.deep.equal(
      reference.digests,
    );
    expect(shared.stderr, 'nothing loaded privately').to.equal('');
    expect((await opens()) - opensBefore, 'each model opened at the daemon').to.equal(urls.length);
    const hitsAfter = hits();
    for (const url of urls)
      expect(hitsAfter.get(url), `status counts a hit for ${url}`).to.equal(
        (hitsBefore.get(url) ?? 0) + 1,
      );
    // Weights are tensors over the daemon's memory: the process copies none of them.
    // (2 MiB: the client's modules load lazily, at the first load, inside the measure.)
    expect(shared.privateGrowthBytes).to.be.below(0.1 * bytesOf(names) + 2 * 1024 * 1024);
    expect(reference.privateGrowthBytes).to.be.above(0.9 * bytesOf(names));
  }

  /** The register hook's handler for `url`, loaded (strict: from the daemon). */
  function sharedLoad(url: string): ReturnType<SharedModelHandler['load']> {
    const io = loadFramework().tf.io as TfIo;
    return new SharedModelHandler(io, url, { socketPath: daemon.socketPath, strict: true }).load();
  }

  before(async () => {
    zoo = tempDir('trims-transparent-zoo-');
    for (const name of [...GRAPH, ...LAYERS]) models[name] = generateModel(name, zoo, { seed: 4 });
    daemon = await Daemon.start();
    host = await serveDirectory(zoo);
    env = { TRIMS_SOCKET: daemon.socketPath };
    // The daemon fetches each model once here, so the runs below are hits.
    for (const name of [...GRAPH, ...LAYERS]) await ask(daemon, 'preload', { url: fileUrl(name) });
    plainGraph = await application('loadGraphModel', GRAPH.map(fileUrl), false);
    plainLayers = await application('loadLayersModel', LAYERS.map(fileUrl), false);
  });

  after(async () => {
    host?.server.close();
    await daemon?.stop();
    fs.rmSync(zoo, { recursive: true, force: true });
  });

  it('tf.loadGraphModel(url)', () => expectServed('loadGraphModel', GRAPH, plainGraph));

  it('new tf.GraphModel(url), then model.load()', () =>
    expectServed('graphModelLoad', GRAPH, plainGraph));

  it('a fetchFunc set, findIOHandler(), handler.load(), loadSync(artifacts): the pattern of widely used libraries (file:// ignores fetchFunc, as tfjs does)', () =>
    expectServed('handlerLoadSync', GRAPH, plainGraph));

  it('tf.io.getLoadHandlers(url)[0], then tf.loadGraphModel(handler)', () =>
    expectServed('getLoadHandlers', GRAPH, plainGraph));

  it("one handler.load()'s artifacts built into three models (loadSync twice, fromMemory): each has weights of its own, and outlives the others' dispose", () =>
    expectServed('sameArtifacts', GRAPH, plainGraph));

  it('tf.loadLayersModel(url): variables take the shared tensors without a copy', () =>
    expectServed('loadLayersModel', LAYERS, plainLayers));

  it("tf.loadLayersModel(url) of a model saved with its optimizer: its optimizer's weights are served too", async () => {
    const dir = path.join(zoo, 'with_optimizer');
    const { tf } = loadFramework();
    const model = tf.sequential({
      layers: [
        tf.layers.dense({ units: 4, inputShape: [3], activation: 'relu' }),
        tf.layers.dense({ units: 2 }),
      ],
    });
    model.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' });
    const [x, y] = [
      tf.randomNormal([8, 3], 0, 1, 'float32', 1),
      tf.randomNormal([8, 2], 0, 1, 'float32', 2),
    ];
    await model.fit(x, y, { epochs: 2, verbose: 0 });
    await model.save(`file://${dir}`, { includeOptimizer: true });
    const manifest = (
      JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8')) as {
        weightsManifest: Array<{ weights: Array<{ group?: string }> }>;
      }
    ).weightsManifest.flatMap((group) => group.weights);
    expect(manifest.filter((w) => w.group === 'optimizer')).to.not.have.length(0);
    const url = `file://${path.join(dir, 'model.json')}`;
    const plain = await application('loadLayersModel', [url], false);
    const opensBefore = await opens();
    const shared = await application('loadLayersModel', [url], true, { ...env, TRIMS_STRICT: '1' });
    expect(shared.stderr, 'nothing loaded privately').to.equal('');
    expect(
      shared.digests,
      'outputs and optimizer weights as the plain framework has them',
    ).to.deep.equal(plain.digests);
    expect((await opens()) - opensBefore, 'served by the daemon (strict: no fallback)').to.equal(1);
  });

  it('http(s): served when the daemon can repeat the request; with a fetchFunc, loaded privately, saying why once per model', async () => {
    const urls = [...GRAPH, GRAPH[0]!].map((name) => `${host.base}/${name}/model.json`);
    const plain = await application('loadGraphModel', urls, false);
    const before = await opens();
    const served = await application('loadGraphModel', urls, true, env);
    expect(served.digests).to.deep.equal(plain.digests);
    expect(served.stderr).to.equal('');
    expect((await opens()) - before).to.equal(urls.length);
    const own = await application('handlerLoadSync', urls, true, env);
    expect(own.digests).to.deep.equal(plain.digests);
    expect((await opens()) - before, 'none of them went to the daemon').to.equal(urls.length);
    const lines = own.stderr.split('\n');
    expect(lines, 'one line per model').to.have.length(GRAPH.length);
    for (const [i, name] of GRAPH.entries())
      expect(lines[i])
        .to.contain(`${host.base}/${name}/model.json`)
        .and.contain('custom fetchFunc');
  });

  it('TRIMS_QUIET silences the reason; TRIMS_STRICT makes a private load an error', async () => {
    const url = `${host.base}/${GRAPH[0]}/model.json`;
    const quiet = await application('handlerLoadSync', [url], true, { ...env, TRIMS_QUIET: '1' });
    expect(quiet.stderr).to.equal('');
    const refused = await application('handlerLoadSync', [url], true, {
      ...env,
      TRIMS_STRICT: '1',
    }).then(
      () => '',
      (error: Error) => error.message,
    );
    expect(refused).to.match(/TrIMS could not load http:.*custom fetchFunc/);
  });

  it("gives the daemon its reference back once a routed model's weights are disposed and collected, or its artifacts were never built into a model", async () => {
    const { tf } = loadFramework();
    const references = async (): Promise<number> =>
      ((await ask(daemon, 'stats', {})).reply as { references: number }).references;
    const before = await references();
    const tensorsBefore = tf.memory().numTensors;
    await (async () => {
      const load = (): Promise<object> =>
        new SharedModelHandler(tf.io as TfIo, fileUrl('mobilenet_v2'), {
          socketPath: daemon.socketPath,
          strict: true,
        }).load();
      const model = new tf.GraphModel(fileUrl('mobilenet_v2'));
      const artifacts = await load();
      JSON.stringify(artifacts); // as a log would: reads no weight, so makes no tensors
      (model as unknown as { loadSync(a: object): boolean }).loadSync(artifacts);
      await load(); // never built into a model
      expect(await references()).to.equal(before + 2);
      model.dispose();
    })();
    let now = before + 2;
    for (let i = 0; i < 100 && now !== before; i++) {
      global.gc!();
      await new Promise((resolve) => setTimeout(resolve, 20));
      now = await references();
    }
    expect(now).to.equal(before);
    expect(tf.memory().numTensors).to.equal(tensorsBefore);
  });

  it("an application's own IOHandler loads privately, said once", async () => {
    const { tf } = loadFramework();
    let stderr = '';
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string | Uint8Array): boolean => {
      stderr += chunk.toString();
      return true;
    }) as typeof process.stderr.write;
    try {
      for (let i = 0; i < 2; i++) {
        const own = tf.io.getLoadHandlers(fileUrl('squeezenet1_1'))[0]!; // tfjs-node's: no router here
        (await loadGraphModel(own, { socketPath: daemon.socketPath })).dispose();
      }
    } finally {
      process.stderr.write = write;
    }
    expect(stderr.match(/^trims: not shared, loading privately: an IOHandler: /gm)).to.have.length(
      1,
    );
  });

  it("the handler's artifacts report weightSpecs and weightData as tfjs's own handler does", async () => {
    const { tf } = loadFramework();
    const url = fileUrl('squeezenet1_1');
    const shared = await sharedLoad(url);
    const own = await tf.io.getLoadHandlers(url)[0]!.load!();
    expect(shared.weightSpecs).to.deep.equal(own.weightSpecs);
    expect(
      Buffer.from(shared.weightData as ArrayBuffer).equals(
        Buffer.from(own.weightData as ArrayBuffer),
      ),
    ).to.equal(true);
    expect(shared.modelTopology).to.deep.equal(own.modelTopology);
    tf.dispose(Object.values((shared as unknown as { weightTensors: object }).weightTensors));
  });

  it("a copy of the handler's artifacts ({...a}, structuredClone) loads as a copy of tfjs's own does: weightData is copied with it", async () => {
    const { tf } = loadFramework();
    const url = fileUrl('squeezenet1_1');
    const shared = await sharedLoad(url);
    const input = tf.randomUniform([1, 224, 224, 3], 0, 1, 'float32', 7);
    const own = tf.loadGraphModelSync(await tf.io.getLoadHandlers(url)[0]!.load!());
    const expected = Buffer.from((own.predict(input) as typeof input).dataSync().buffer);
    for (const copy of [{ ...shared }, structuredClone(shared), Object.assign({}, shared)]) {
      const model = tf.loadGraphModelSync(copy); // plain tfjs here: no hook in this process
      const output = Buffer.from((model.predict(input) as typeof input).dataSync().buffer);
      expect(output.equals(expected), 'the same outputs as tfjs').to.equal(true);
      model.dispose();
    }
    own.dispose();
    tf.dispose([
      input,
      ...Object.values((shared as unknown as { weightTensors: object }).weightTensors),
    ]);
  });

  it("an application's own IOHandler in strict mode is an error, as every load the hook sees but does not share", async () => {
    const { tf } = loadFramework();
    const own = tf.io.getLoadHandlers(fileUrl('squeezenet1_1'))[0]!;
    const error = await loadGraphModel(own, { socketPath: daemon.socketPath, strict: true }).then(
      () => undefined,
      (caught: Error) => caught,
    );
    expect(error?.name).to.equal('TrimsLoadError');
    expect(error?.message).to.match(/an IOHandler.*the application's own/);
  });

  it('an application on another backend (tf.setBackend("cpu")) loads privately, saying why: shared weights are tensorflow tensors', async () => {
    const { tf } = loadFramework();
    const url = fileUrl('squeezenet1_1');
    const input = tf.randomUniform([1, 224, 224, 3], 0, 1, 'float32', 7);
    const expected = (
      tf
        .loadGraphModelSync(await tf.io.getLoadHandlers(url)[0]!.load!())
        .predict(input) as typeof input
    ).dataSync();
    const opensBefore = await opens();
    await tf.setBackend('cpu');
    try {
      const strict = await loadGraphModel(url, {
        socketPath: daemon.socketPath,
        strict: true,
      }).then(
        () => undefined,
        (caught: Error) => caught,
      );
      expect(strict?.message).to.match(/the active backend is cpu/);
      const model = await loadGraphModel(url, { socketPath: daemon.socketPath, quiet: true });
      const output = (
        model.predict(tf.tensor(input.dataSync(), input.shape)) as typeof input
      ).dataSync();
      expect(Array.from(output).map((v) => v.toFixed(4))).to.deep.equal(
        Array.from(expected).map((v) => v.toFixed(4)),
      );
      expect(tf.getBackend()).to.equal('cpu');
      model.dispose();
    } finally {
      await tf.setBackend('tensorflow');
    }
    expect(await opens(), 'the daemon was not asked').to.equal(opensBefore);
    input.dispose();
  });

  it('an application of @tensorflow/tfjs alone (no tfjs-node) under the hook keeps its backend: the load is private, saying why', async () => {
    const script = [
      "const tf = require('@tensorflow/tfjs');",
      '(async () => {',
      '  await tf.ready();',
      '  const before = tf.getBackend();',
      `  const model = await tf.loadGraphModel(${JSON.stringify(`${host.base}/squeezenet1_1/model.json`)});`,
      '  process.stdout.write(JSON.stringify({ before, after: tf.getBackend(), inputs: model.inputs.length }));',
      '})();',
    ].join('\n');
    // Asynchronous: the loopback model host is this process.
    const run = await new Promise<{ status: number; stdout: string; stderr: string }>((resolve) =>
      execFile(
        process.execPath,
        ['-r', '@trims/tfjs/register', '-e', script],
        { cwd: PACKAGE, env: { ...process.env, ...env, TF_CPP_MIN_LOG_LEVEL: '2' } },
        (error, stdout, stderr) => resolve({ status: error ? 1 : 0, stdout, stderr }),
      ),
    );
    expect(run.status, run.stderr).to.equal(0);
    expect(JSON.parse(run.stdout)).to.deep.equal({ before: 'cpu', after: 'cpu', inputs: 1 });
    expect(run.stderr).to.match(/trims: not shared, loading privately: .*tfjs without tfjs-node/);
  });
});

describe('@trims/tfjs: what the daemon can fetch as tfjs would', function () {
  it('file:// ignores every fetch option, as tfjs-node does', () => {
    expect(
      openRequestFor('file:///m/model.json', {
        fetchFunc: fetch,
        requestInit: { cache: 'no-store' } as RequestInit,
      }),
    ).to.deep.equal({
      request: { headers: {}, weightPathPrefix: '' },
    });
  });

  it('http(s): headers and a GET are repeated; a fetchFunc, a weightUrlConverter or other requestInit fields are not', () => {
    expect(
      openRequestFor('https://h/m/model.json', {
        requestInit: { method: 'get', headers: { Authorization: 'Bearer x' } },
        weightPathPrefix: 'https://cdn/w/',
      }),
    ).to.deep.equal({
      request: { headers: { authorization: 'Bearer x' }, weightPathPrefix: 'https://cdn/w/' },
    });
    expect(openRequestFor('http://h/m.json', { fetchFunc: fetch }))
      .to.have.property('whyNot')
      .that.contains('fetchFunc');
    expect(openRequestFor('http://h/m.json', { weightUrlConverter: async (name) => name }))
      .to.have.property('whyNot')
      .that.contains('weightUrlConverter');
    expect(
      openRequestFor('http://h/m.json', {
        requestInit: { credentials: 'include', cache: 'no-store' } as RequestInit,
      }),
    )
      .to.have.property('whyNot')
      .that.contains('requestInit.credentials, requestInit.cache');
  });
});
