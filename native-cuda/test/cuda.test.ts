import { expect } from 'chai';

import { binding, cuda, DeviceBuffer, isNativeError } from '../src';
import { fixture, runNode } from './helpers';

describe('native-cuda: CUDA found at run time', () => {
  it('reports its state without crashing, and why when unavailable', () => {
    const status = cuda.status();
    expect(status.available).to.be.a('boolean');
    if (!status.available) {
      expect(status.reason).to.be.a('string').and.not.equal('');
      expect(status.deviceCount).to.equal(0);
      console.log(`      (CUDA here: ${status.reason!.split('\n')[0]})`);
    }
  });

  it('loads and answers on a machine without the CUDA library at all', async () => {
    const probe = `const n=require(${JSON.stringify(require.resolve('../src'))});
      const s=n.cuda.status(); let code='';
      try { n.cuda.devices(); n.binding.cuda.malloc(16, 0); } catch (e) { code = e.code; }
      process.stdout.write(JSON.stringify({ s, code }));`;
    const result = await runNode(['-e', probe], {
      ...process.env,
      TRIMS_CUDA_LIBRARY: '/nonexistent/libcudart.so',
    });
    expect(result.code, result.stderr).to.equal(0);
    const { s, code } = JSON.parse(result.stdout) as {
      s: { available: boolean; reason: string };
      code: string;
    };
    expect(s.available).to.equal(false);
    expect(s.reason).to.contain('/nonexistent/libcudart.so');
    expect(s.reason).to.contain('TRIMS_CUDA_LIBRARY');
    expect(code).to.equal('ERR_CUDA_UNAVAILABLE');
  });

  it('every device call says CUDA is unavailable when it is', function () {
    if (cuda.available()) {
      console.log('      (skipped: a CUDA device is present; the GPU tests below cover it)');
      this.skip();
    }
    for (const call of [
      () => DeviceBuffer.allocate(1024),
      () => binding.cuda.deviceProperties(0),
      () => binding.cuda.ipcOpenMemHandle(Buffer.alloc(64), 0),
    ]) {
      let caught: unknown;
      try {
        call();
      } catch (error) {
        caught = error;
      }
      expect(isNativeError(caught, 'ERR_CUDA_UNAVAILABLE'), String(caught)).to.equal(true);
      expect((caught as Error).message).to.contain(cuda.status().reason!.split('\n')[0]);
    }
  });

  describe('with a GPU', function () {
    before(function () {
      if (!cuda.available()) {
        console.log(`      (GPU tests skipped: ${cuda.status().reason!.split('\n')[0]})`);
        this.skip();
      }
    });

    it('lists devices with names and memory', () => {
      const devices = cuda.devices();
      expect(devices.length).to.be.greaterThan(0);
      expect(devices[0]!.name).to.not.equal('');
      expect(devices[0]!.totalMemory).to.be.greaterThan(0);
    });

    it('another process opens an IPC handle and reads the same bytes', async () => {
      const bytes = 1 << 20;
      const buffer = DeviceBuffer.allocate(bytes);
      try {
        const data = Buffer.alloc(bytes);
        for (let i = 0; i < bytes; i++) data[i] = i & 0xff;
        buffer.write(data);
        expect(buffer.read().equals(data)).to.equal(true);
        const handle = buffer.ipcHandle();
        expect(handle.length).to.equal(64);
        const result = await runNode([
          fixture('cuda-ipc-peer'),
          handle.toString('hex'),
          String(bytes),
        ]);
        expect(result.code, result.stderr).to.equal(0);
        let sum = 0;
        for (const byte of data) sum += byte;
        expect((JSON.parse(result.stdout) as { sum: number }).sum).to.equal(sum);
      } finally {
        buffer.free();
      }
    });
  });
});
