import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { generateModel, resolveSet, writeIndex } from '@trims/models';
import { filesFor, TrimsClient } from '@trims/client';
import { closeFd, cuda } from '@trims/native-cuda';
import { ErrorCode, IModelInfo, Tier, TrimsError } from '@trims/protocol';
import { ask, Daemon, tempDir } from '@trims/testing';

import { gpuWeights } from '../src/gpu-weights';
import { Holder } from './holder';

const FIXTURES = path.join(__dirname, 'fixtures');
const ZOO_SET = process.env.TRIMS_TEST_ZOO ?? 'small';

async function models(daemon: Daemon): Promise<IModelInfo[]> {
  return ((await ask(daemon, 'list', {})).reply as { models: IModelInfo[] }).models ?? [];
}

async function references(daemon: Daemon, want: number): Promise<number> {
  let seen = -1;
  for (let i = 0; i < 100 && seen !== want; i++) {
    seen = ((await ask(daemon, 'stats', {})).reply as { references: number }).references;
    if (seen !== want) await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return seen;
}

describe('@trims/tfjs: weights from the gpu tier (CUDA VMM; the stand-in without a GPU)', function () {
  let zoo: string;
  let daemon: Daemon;
  let env: NodeJS.ProcessEnv;
  const url = (name: string): string => `file://${path.join(zoo, name, 'model.json')}`;

  before(async function () {
    if (!cuda.isStandIn()) {
      // CPU-only TensorFlow here: device tensors need the stand-in's host addresses.
      console.log(
        `      (skipped: TRIMS_CUDA_DRIVER is "${process.env.TRIMS_CUDA_DRIVER ?? ''}"; npm test sets it to standin)`,
      );
      this.skip();
    }
    zoo = tempDir('trims-gpu-zoo-');
    const names = resolveSet(ZOO_SET);
    writeIndex(
      zoo,
      names.map((name) => generateModel(name, zoo, { seed: 4 })),
      4,
      null,
    );
    daemon = await Daemon.start(['--gpu-budget', '2GiB']);
    env = { TRIMS_SOCKET: daemon.socketPath };
  });

  after(async () => {
    await daemon?.stop();
    if (zoo) fs.rmSync(zoo, { recursive: true, force: true });
  });

  it(`gives outputs bit-identical to tf.loadGraphModel for every model of the ${ZOO_SET} zoo, each served from the gpu tier`, async () => {
    const names = resolveSet(ZOO_SET);
    const predict = (mode: string): { status: number | null; stdout: string; stderr: string } =>
      spawnSync(process.execPath, [path.join(FIXTURES, 'predict.js'), mode, zoo, ...names], {
        encoding: 'utf8',
        env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2', ...env },
        maxBuffer: 1 << 24,
      });
    const plain = predict('plain');
    const shared = predict('trims');
    expect(plain.status, plain.stderr).to.equal(0);
    expect(shared.status, shared.stderr).to.equal(0);
    const expected = JSON.parse(plain.stdout) as Record<string, string>;
    expect(Object.keys(expected)).to.have.length(names.length);
    expect(JSON.parse(shared.stdout)).to.deep.equal(expected);
    const served = await models(daemon);
    expect(served).to.have.length(names.length);
    for (const model of served) expect(model.tiers, model.urls![0]).to.include(Tier.GPU);
  });

  it('a write into the lent weights fails (read-only pages), and the model still predicts the same', async () => {
    const holder = await Holder.start({ ...env, TRIMS_STRICT: '1' });
    try {
      const loaded = await holder.ask({ load: url('squeezenet1_1'), predict: true });
      expect(loaded.ok, loaded.error).to.equal(true);
      const { pokes } = await holder.ask({ poke: true });
      expect(pokes).to.have.length.greaterThan(0);
      for (const poke of pokes!) {
        expect(poke.perms).to.equal('r--s');
        expect(poke.result).to.not.equal('written');
      }
      const again = await holder.ask({ predict: true });
      expect(again.digests).to.deep.equal(loaded.digests);
    } finally {
      await holder.stop();
    }
  });

  it('kill -9 of a client releases its lease: the model can then leave the gpu tier', async () => {
    const holder = await Holder.start({ ...env, TRIMS_STRICT: '1' });
    const model = url('resnet18');
    const loaded = await holder.ask({ load: model });
    expect(loaded.ok, loaded.error).to.equal(true);
    expect(await references(daemon, 1)).to.equal(1);
    const kept = (await ask(daemon, 'evict', { url: model, tier: Tier.GPU })).reply as {
      kept: string[];
    };
    expect(kept.kept).to.have.length(1); // held: stays
    await holder.stop();
    expect(await references(daemon, 0)).to.equal(0);
    const evicted = (await ask(daemon, 'evict', { url: model, tier: Tier.GPU })).reply as {
      evicted: string[];
    };
    expect(evicted.evicted).to.have.length(1);
  });

  it('kill -9 of the daemon leaves a running client predicting identical outputs from its mapping', async () => {
    const own = await Daemon.start(['--gpu-budget', '1GiB']);
    const holder = await Holder.start({ TRIMS_SOCKET: own.socketPath, TRIMS_STRICT: '1' });
    try {
      const loaded = await holder.ask({ load: url('resnet18'), predict: true });
      expect(loaded.ok, loaded.error).to.equal(true);
      const served = await models(own);
      expect(served[0]!.tiers).to.include(Tier.GPU);
      own.child.kill('SIGKILL');
      await new Promise((resolve) => own.child.once('exit', resolve));
      const after = await holder.ask({ predict: true });
      expect(after.ok, after.error).to.equal(true);
      expect(after.digests).to.deep.equal(loaded.digests);
    } finally {
      await holder.stop();
    }
  });

  it('unmaps only when TensorFlow released every tensor over the mapping, not at dispose()', () => {
    const result = spawnSync(
      process.execPath,
      ['--expose-gc', path.join(FIXTURES, 'gpu-lifetime.js'), url('squeezenet1_1')],
      { encoding: 'utf8', env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2', ...env } },
    );
    expect(result.status, result.stderr).to.equal(0);
    const counts = JSON.parse(result.stdout) as {
      loaded: number;
      afterDispose: number;
      cloneIntact: boolean;
      afterLastTensor: number;
    };
    expect(counts.loaded).to.equal(1);
    expect(counts.afterDispose).to.equal(1); // a clone of a weight still reads the mapping
    expect(counts.cloneIntact).to.equal(true);
    expect(counts.afterLastTensor).to.equal(0);
  });

  it('refuses a reply whose segment is larger than its device mapping (tensors past the mapped memory)', async () => {
    const client = await TrimsClient.connect({ socketPath: daemon.socketPath });
    const target = url('squeezenet1_1');
    const files = filesFor(target);
    try {
      const { reply, fds } = await client.request(
        'open',
        { url: target, device: 'gpu:0', options: {}, attachedFiles: files.fds.length },
        { fds: files.fds },
      );
      try {
        expect(reply.tier).to.equal(Tier.GPU);
        const granule = 2 << 20; // the stand-in's
        const allocation = Number(reply.gpuAllocationBytes);
        expect(allocation, 'a model of more than one granule').to.be.greaterThan(granule);
        // A daemon that names less than it lent: the driver maps that much, the table still spans the segment.
        const short = { ...reply, gpuAllocationBytes: allocation - granule };
        expect(() => gpuWeights(short, fds, undefined))
          .to.throw(TrimsError, /segment in a \d+-byte device mapping/)
          .with.property('code', ErrorCode.INTERNAL);
        const whole = gpuWeights(reply, fds, undefined); // the same reply as lent is mapped
        expect(Object.keys(whole.weights)).to.have.length(whole.tensors.length);
        Object.values(whole.weights).forEach((tensor) => tensor.dispose());
      } finally {
        fds.forEach(closeFd);
      }
    } finally {
      files.close();
      client.close();
    }
  });
});
