import { expect } from 'chai';
import * as fs from 'node:fs';

import type * as TF from '@tensorflow/tfjs-node-gpu';
import { binding, closeFd } from '@trims/native-cuda';

import {
  createTensorFromMemory,
  createTensorsFromMemory,
  deviceNames,
  ExternalMemoryError,
  loadFramework,
} from '../src';

const { tf } = loadFramework();

/** A writable, page-aligned host buffer (a memfd map): the test-only way to change memory under a tensor. */
function writableHostMemory(bytes: number): { buffer: ArrayBuffer; release: () => void } {
  const fd = binding.memfdCreate('trims-test-tensor', bytes);
  const buffer = binding.map(fd, 0, bytes, true, false, false);
  return { buffer, release: () => closeFd(fd) };
}

function mapsOf(name: string): number {
  return fs
    .readFileSync('/proc/self/maps', 'utf8')
    .split('\n')
    .filter((line) => line.includes(`memfd:${name}`)).length;
}

describe('@trims/tensorflow: tensors over memory TensorFlow does not own', () => {
  it('shares memory: the tensor sees a write made to its source after creation', () => {
    const { buffer, release } = writableHostMemory(4096);
    try {
      const source = new Float32Array(buffer, 0, 16).fill(1);
      const tensor = createTensorFromMemory(source, [4, 4], 'float32');
      expect(tf.sum(tensor).dataSync()[0]).to.equal(16);
      source[5] = 101; // after creation: a copy would not see this
      expect(tf.sum(tensor).dataSync()[0]).to.equal(116);
      expect(tensor.dataSync()[5]).to.equal(101);
      tensor.dispose();
    } finally {
      release();
    }
  });

  it('gives bit-identical results to tf.tensor() of the same data', () => {
    const { buffer, release } = writableHostMemory(1 << 16);
    try {
      const input = tf.randomNormal([1, 16, 16, 8], 0, 1, 'float32', 7);
      const filter = new Float32Array(buffer, 0, 3 * 3 * 8 * 16);
      for (let i = 0; i < filter.length; i++) filter[i] = Math.sin(i) * 0.1;
      const shared = createTensorFromMemory(filter, [3, 3, 8, 16], 'float32');
      const copied = tf.tensor4d(filter.slice(), [3, 3, 8, 16]);
      const convolve = (filterTensor: TF.Tensor): Float32Array =>
        tf
          .conv2d(input as TF.Tensor4D, filterTensor as TF.Tensor4D, 1, 'same')
          .dataSync() as Float32Array;
      const a = convolve(shared);
      const b = convolve(copied);
      expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).to.equal(true);
    } finally {
      release();
    }
  });

  it('supports int32 and bool weights', () => {
    const { buffer, release } = writableHostMemory(4096);
    try {
      const ints = new Int32Array(buffer, 0, 4);
      ints.set([1, -2, 3, 4]);
      expect(Array.from(createTensorFromMemory(ints, [4], 'int32').dataSync())).to.deep.equal([
        1, -2, 3, 4,
      ]);
      const bools = new Uint8Array(buffer, 64, 3);
      bools.set([1, 0, 1]);
      const mask = createTensorFromMemory(bools, [3], 'bool');
      expect(mask.dtype).to.equal('bool');
      expect(Array.from(tf.cast(mask, 'int32').dataSync())).to.deep.equal([1, 0, 1]);
    } finally {
      release();
    }
  });

  it('keeps the source alive until TensorFlow releases the tensor, then lets it go', async () => {
    const fd = binding.memfdCreate('trims-test-owner', 1 << 20);
    const gc = (globalThis as { gc?: () => void }).gc;
    if (gc === undefined) throw new Error('run mocha with --expose-gc (the root .mocharc.js does)');
    const settle = async (): Promise<void> => {
      for (let i = 0; i < 4; i++) {
        gc();
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
    let tensor: TF.Tensor | undefined = ((): TF.Tensor => {
      const view = new Float32Array(binding.map(fd, 0, 1 << 20, true, false, false)).fill(2);
      return createTensorFromMemory(view, [1 << 18], 'float32');
    })();
    await settle();
    expect(mapsOf('trims-test-owner')).to.equal(1); // only TensorFlow holds it now
    expect(tf.sum(tensor).dataSync()[0]).to.equal(2 * (1 << 18));
    tensor.dispose();
    tensor = undefined;
    await settle();
    expect(mapsOf('trims-test-owner')).to.equal(0);
    closeFd(fd);
  });

  it('refuses misaligned memory instead of letting TensorFlow copy it', () => {
    const { buffer, release } = writableHostMemory(4096);
    try {
      let caught: unknown;
      try {
        createTensorFromMemory(new Float32Array(buffer, 4, 4), [4], 'float32');
      } catch (error) {
        caught = error;
      }
      expect(caught).to.be.instanceOf(ExternalMemoryError);
      expect((caught as Error).message)
        .to.match(/not 64-byte aligned/)
        .and.match(/shape \[4\]/);
    } finally {
      release();
    }
  });

  it('refuses a shape that does not fit the memory, naming both sizes', () => {
    const { buffer, release } = writableHostMemory(4096);
    try {
      expect(() =>
        createTensorFromMemory(new Float32Array(buffer, 0, 16), [4, 5], 'float32'),
      ).to.throw(ExternalMemoryError, /needs 80 bytes but the memory holds 64/);
    } finally {
      release();
    }
  });

  it('refuses an unknown device and lists the ones present', () => {
    const { buffer, release } = writableHostMemory(4096);
    try {
      const absent = `gpu:${deviceNames().length + 7}`;
      expect(() =>
        createTensorFromMemory(new Float32Array(buffer, 0, 4), [4], 'float32', { device: absent }),
      ).to.throw(ExternalMemoryError, /No TensorFlow device .*device:CPU:0/);
    } finally {
      release();
    }
  });

  it('creates a tensor from a raw address, keeping its owner object alive', () => {
    const { buffer, release } = writableHostMemory(4096);
    try {
      new Float32Array(buffer, 0, 8).fill(3);
      const address = binding.addressOf(buffer);
      expect(Number(address % 64n)).to.equal(0);
      const tensor = createTensorFromMemory(
        { address, byteLength: 32, owner: buffer },
        [8],
        'float32',
      );
      new Float32Array(buffer, 0, 8)[7] = 4;
      expect(Array.from(tensor.dataSync())).to.deep.equal([3, 3, 3, 3, 3, 3, 3, 4]);
      expect(() =>
        createTensorFromMemory(
          { address: address + 4n, byteLength: 32, owner: buffer },
          [8],
          'float32',
        ),
      ).to.throw(/not 64-byte aligned/);
    } finally {
      release();
    }
  });

  it('makes many tensors over one memory in one call; a failure makes none and names the tensor', () => {
    const { buffer, release } = writableHostMemory(4096);
    const handlesOf = (tf.backend() as unknown as { binding: { getNumOfTensors(): number } })
      .binding;
    try {
      new Float32Array(buffer, 0, 4).set([1, 2, 3, 4]);
      new Int32Array(buffer, 64, 2).set([-5, 6]);
      new Uint8Array(buffer, 128, 3).set([1, 0, 1]);
      const memory = { address: binding.addressOf(buffer), owner: buffer };
      const handles = handlesOf.getNumOfTensors();
      const [a, b, c] = createTensorsFromMemory(memory, [
        { offset: 0, byteLength: 16, shape: [2, 2], dtype: 'float32' },
        { offset: 64, byteLength: 8, shape: [2], dtype: 'int32' },
        { offset: 128, byteLength: 3, shape: [3], dtype: 'bool' },
      ]);
      expect([a!.shape, b!.shape, c!.shape]).to.deep.equal([[2, 2], [2], [3]]);
      expect([a!.dtype, b!.dtype, c!.dtype]).to.deep.equal(['float32', 'int32', 'bool']);
      expect(Array.from(b!.dataSync())).to.deep.equal([-5, 6]);
      const cast = tf.tidy(() => Array.from(tf.cast(c!, 'int32').dataSync()));
      expect(cast).to.deep.equal([1, 0, 1]);
      new Float32Array(buffer, 0, 4)[3] = 9; // shared, not copied
      expect(Array.from(a!.dataSync())).to.deep.equal([1, 2, 3, 9]);
      [a, b, c].forEach((tensor) => tensor!.dispose());
      expect(handlesOf.getNumOfTensors()).to.equal(handles);

      const tensors = tf.memory().numTensors;
      let caught: unknown;
      try {
        createTensorsFromMemory(memory, [
          { name: 'first', offset: 0, byteLength: 16, shape: [4], dtype: 'float32' },
          { name: 'second', offset: 68, byteLength: 8, shape: [2], dtype: 'int32' },
        ]);
      } catch (error) {
        caught = error;
      }
      expect(caught).to.be.instanceOf(ExternalMemoryError);
      expect((caught as Error).message)
        .to.match(/not 64-byte aligned/)
        .and.match(/second, a int32 tensor of shape \[2\]/);
      expect(tf.memory().numTensors, 'no tensor of the failed batch is left').to.equal(tensors);
      expect(handlesOf.getNumOfTensors(), 'nor any TensorFlow handle').to.equal(handles);
      expect(() =>
        createTensorsFromMemory(memory, [
          { offset: 0, byteLength: 20, shape: [4], dtype: 'float32' },
        ]),
      ).to.throw(ExternalMemoryError, /needs 16 bytes but the memory holds 20/);
      const entry = { name: 'w', byteLength: 16, shape: [4], dtype: 'float32' as const };
      for (const offset of [1.5, -64])
        expect(() => createTensorsFromMemory(memory, [{ ...entry, offset }])).to.throw(
          ExternalMemoryError,
          new RegExp(`cannot create w, .*its offset ${offset} is not a byte offset`),
        );
      expect(() =>
        createTensorsFromMemory({ address: 4096 as unknown as bigint, owner: buffer }, []),
      ).to.throw(TypeError, /must be a bigint/);
    } finally {
      release();
    }
  });
});
