import { expect } from 'chai';
import { ChildProcess, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { closeFd, connect, cuda, DeviceAllocation, DeviceMapping, isNativeError } from '../src';
import { fixture, runCommand, runNode, startNode, tempDir } from './helpers';

const pattern = (i: number): number => (i * 13 + 5) & 0xff;
const PACKAGE_ROOT = path.resolve(__dirname, '..', '..');

function caught(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  return undefined;
}

/** Writes one byte at an address through /proc/self/mem, as a debugger or a stray kernel would: the page protection decides. */
function pokeThroughProcMem(address: bigint): string {
  const fd = fs.openSync('/proc/self/mem', 'r+');
  try {
    fs.writeSync(fd, Buffer.from([0xee]), 0, 1, Number(address));
    return 'written';
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? 'error';
  } finally {
    fs.closeSync(fd);
  }
}

/** Memfds of the stand-in's allocations in this process: mapped or held. */
function standInAllocations(): number {
  const maps = fs.readFileSync('/proc/self/maps', 'utf8').split('\n');
  return new Set(
    maps.filter((line) => line.includes('/memfd:trims-cuda-standin')).map((l) => l.split(' ')[0]),
  ).size;
}

function receiveFd(socketPath: string): Promise<{ fd: number; size: number }> {
  const channel = connect(socketPath);
  return new Promise((resolve, reject) => {
    channel.once('message', ({ data, fds }) => {
      channel.close();
      resolve({ fd: fds[0]!, size: (JSON.parse(data.toString()) as { size: number }).size });
    });
    channel.once('error', reject);
    void channel.send(Buffer.from('lend'));
  });
}

describe('native-cuda: the CUDA driver, found at run time', () => {
  it('without a driver library, says why and names TRIMS_CUDA_DRIVER; every call throws ERR_CUDA_UNAVAILABLE', async () => {
    const probe = `const n=require(${JSON.stringify(require.resolve('../src'))});
      const s=n.cuda.status(); const codes=[];
      for (const call of [() => n.cuda.devices().length && n.binding.cuda.deviceProperties(0),
        () => n.DeviceAllocation.allocate(16), () => n.DeviceMapping.import(0, 1 << 21)])
        try { call(); codes.push('none'); } catch (e) { codes.push(e.code); }
      process.stdout.write(JSON.stringify({ s, codes }));`;
    for (const driver of ['/nonexistent/libcuda.so.1', '']) {
      const result = await runNode(['-e', probe], { ...process.env, TRIMS_CUDA_DRIVER: driver });
      expect(result.code, result.stderr).to.equal(0);
      const { s, codes } = JSON.parse(result.stdout) as {
        s: { available: boolean; reason: string; standIn?: string };
        codes: string[];
      };
      if (driver === '' && s.available) continue; // a real driver here: nothing to check
      expect(s.available).to.equal(false);
      expect(s.standIn).to.equal(undefined); // never chosen silently
      expect(s.reason).to.contain(driver || 'libcuda.so.1');
      expect(s.reason).to.contain('TRIMS_CUDA_DRIVER');
      expect(codes.slice(1)).to.deep.equal(['ERR_CUDA_UNAVAILABLE', 'ERR_CUDA_UNAVAILABLE']);
    }
  });

  it("declares the driver's values and struct layouts as the installed cuda.h does", function () {
    const include = [process.env.CUDA_HOME, '/usr/local/cuda']
      .filter((dir): dir is string => dir !== undefined)
      .map((dir) => path.join(dir, 'include'))
      .find((dir) => fs.existsSync(path.join(dir, 'cuda.h')));
    if (include === undefined) {
      console.log('      (skipped: no cuda.h in $CUDA_HOME/include or /usr/local/cuda/include)');
      this.skip();
    }
    const check = path.join(PACKAGE_ROOT, 'gpu-check', 'layout_check.cc');
    execFileSync('c++', ['-std=c++17', '-fsyntax-only', `-I${include}`, check]); // throws on a mismatch
  });

  describe('the stand-in (TRIMS_CUDA_DRIVER=standin)', function () {
    before(function () {
      if (!cuda.isStandIn()) {
        console.log(
          `      (stand-in tests skipped: TRIMS_CUDA_DRIVER is "${process.env.TRIMS_CUDA_DRIVER}", not standin)`,
        );
        this.skip();
      }
    });

    it('names itself and one device with VMM and POSIX-fd handles', () => {
      const status = cuda.status();
      expect(status.available).to.equal(true);
      expect(status.standIn).to.match(/stand-in/);
      expect(status.library).to.match(/trims_cuda_standin\.so$/);
      const [device] = cuda.devices();
      expect(device!.name).to.match(/stand-in/);
      expect(device!.virtualMemoryManagement).to.equal(true);
      expect(device!.posixFdHandles).to.equal(true);
      expect(device!.granularity).to.equal(2 << 20);
    });

    it('refuses a device number it does not have, never wrapping it to another (2^32 is not device 0)', () => {
      for (const device of [1, -1, 0.5, 2 ** 32, NaN])
        expect(
          isNativeError(
            caught(() => DeviceAllocation.allocate(1, device)),
            'ERR_OUT_OF_RANGE',
          ),
          String(device),
        ).to.equal(true);
      const notANumber = caught(() => DeviceAllocation.allocate(1, '0' as unknown as number));
      expect(notANumber).to.be.instanceOf(TypeError);
    });

    it('returns the driver error codes for each misuse (a C program linked against it)', function () {
      const program = path.join(tempDir(), 'error_codes');
      const release = path.join(PACKAGE_ROOT, 'build', 'Release');
      try {
        execFileSync('cc', [
          '-std=gnu11',
          '-o',
          program,
          path.join(PACKAGE_ROOT, 'test', 'standin', 'error_codes.c'),
          path.join(release, 'trims_cuda_standin.so'),
          `-Wl,-rpath,${release}`,
        ]);
      } catch (error) {
        console.log(`      (skipped: no C compiler: ${(error as Error).message.split('\n')[0]})`);
        this.skip();
      }
      const codes = JSON.parse(
        execFileSync(program, {
          env: { ...process.env, TRIMS_CUDA_STANDIN_MEMORY: String(8 << 20) },
        }).toString(),
      ) as Record<string, number>;
      const MiB = 1 << 20;
      expect(codes).to.deep.equal({
        beforeInit: 3, // CUDA_ERROR_NOT_INITIALIZED
        copyWithoutContext: 201, // CUDA_ERROR_INVALID_CONTEXT
        unalignedSize: 1, // CUDA_ERROR_INVALID_VALUE
        badDevice: 101, // CUDA_ERROR_INVALID_DEVICE
        outOfMemory: 2, // past the stated 8 MiB
        create: 0,
        freeAfterCreate: 4 * MiB,
        total: 8 * MiB,
        secondPastMemory: 2,
        unknownHandle: 400, // CUDA_ERROR_INVALID_HANDLE
        map: 0,
        mapTwice: 208, // CUDA_ERROR_ALREADY_MAPPED
        copyBeforeAccess: 1, // mapped but no access set yet
        setReadOnly: 0,
        copyIntoReadOnly: 1,
        copyOutOfReadOnly: 0,
        copyPastMapping: 1,
        export: 0,
        release: 0,
        releaseTwice: 400,
        mapReleased: 400,
        exportReleased: 400,
        freeWhileMapped: 4 * MiB, // released, but the mapping keeps it
        readWhileMapped: 0,
        addressFreeWhileMapped: 1,
        unmap: 0,
        freeAfterUnmap: 8 * MiB, // last handle and mapping gone
        readAfterUnmap: 1,
        addressFree: 0,
        importForeignFd: 400, // an fd that is no allocation
        importClosedFd: 1,
        importExported: 0, // an exported fd keeps the allocation
        register: 0,
        registerOverlapping: 712, // CUDA_ERROR_HOST_MEMORY_ALREADY_REGISTERED
        registerBadFlags: 1,
        unregisterInside: 713, // CUDA_ERROR_HOST_MEMORY_NOT_REGISTERED: only a registered start
        unregister: 0,
        unregisterTwice: 713,
      });
    });

    it('a large asynchronous copy page-locks the host memory while it runs, and only then; a range already locked copies unlocked', async function () {
      if (process.getuid?.() !== 0) {
        console.log(
          '      (skipped: locking 256 MiB needs root (CAP_IPC_LOCK) past the usual memlock limit)',
        );
        this.skip();
      }
      const lockedKb = (): number =>
        Number(/VmLck:\s+(\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))![1]);
      const before = lockedKb();
      const bytes = 256 << 20;
      const allocation = DeviceAllocation.allocate(bytes);
      try {
        const data = Buffer.alloc(bytes);
        for (let i = 0; i < bytes; i += 4096) data[i] = pattern(i);
        let most = before;
        let done = false;
        // Two copies of the same buffer at once: the second cannot lock it again and copies unlocked.
        const copies = Promise.all([
          allocation.writeAsync(data),
          allocation.writeAsync(data),
        ]).finally(() => (done = true));
        while (!done) {
          most = Math.max(most, lockedKb());
          await new Promise((resolve) => setImmediate(resolve));
        }
        await copies;
        expect(most - before, 'KiB locked during the copy').to.be.at.least(bytes / 1024);
        expect(lockedKb(), 'all unlocked after it').to.equal(before);
        const back = Buffer.alloc(bytes);
        await allocation.readInto(back);
        expect(back.equals(data)).to.equal(true);
        expect(lockedKb()).to.equal(before);
      } finally {
        allocation.release();
      }
    });

    it('allocates in granules, copies both ways, and fails past the device size with CUDA_ERROR_OUT_OF_MEMORY', async () => {
      const allocation = DeviceAllocation.allocate(3 << 20);
      try {
        expect(allocation.size).to.equal(4 << 20);
        const data = Buffer.alloc(3 << 20);
        for (let i = 0; i < data.length; i++) data[i] = pattern(i);
        allocation.write(data);
        expect(allocation.read().equals(data)).to.equal(true);
        expect(allocation.read(4, 1000).equals(data.subarray(1000, 1004))).to.equal(true);
        expect(
          isNativeError(
            caught(() => allocation.read(16, (4 << 20) - 8)),
            'ERR_OUT_OF_RANGE',
          ),
        ).to.equal(true);
      } finally {
        allocation.release();
      }
      expect(
        isNativeError(
          caught(() => allocation.exportFd()),
          'ERR_CUDA_RELEASED',
        ),
      ).to.equal(true);
      const probe = `const n=require(${JSON.stringify(require.resolve('../src'))});
        const a = n.DeviceAllocation.allocate(6 << 20); let e;
        try { n.DeviceAllocation.allocate(4 << 20); } catch (error) { e = error; }
        a.release(); const b = n.DeviceAllocation.allocate(8 << 20);
        process.stdout.write(JSON.stringify({ code: e && e.code, name: e && e.cudaErrorName, message: e && e.message, after: b.size }));`;
      const result = await runNode(['-e', probe], {
        ...process.env,
        TRIMS_CUDA_STANDIN_MEMORY: String(8 << 20),
      });
      expect(result.code, result.stderr).to.equal(0);
      const out = JSON.parse(result.stdout) as {
        code: string;
        name: string;
        message: string;
        after: number;
      };
      expect(out.code).to.equal('ERR_CUDA');
      expect(out.name).to.equal('CUDA_ERROR_OUT_OF_MEMORY');
      expect(out.message).to.contain('cuMemCreate(4194304)');
      expect(out.after).to.equal(8 << 20); // freed memory is free again
    });

    it('copies off the event loop; a release during a copy waits for it', async () => {
      const allocation = DeviceAllocation.allocate(5 << 20);
      const data = Buffer.alloc(5 << 20);
      for (let i = 0; i < data.length; i++) data[i] = pattern(i);
      const copied = allocation.writeAsync(data);
      allocation.release(); // unmapping now would pull the range from under the copy
      await copied;
      expect(
        isNativeError(
          caught(() => allocation.read(1)),
          'ERR_CUDA_RELEASED',
        ),
      ).to.equal(true);
      const again = DeviceAllocation.allocate(5 << 20);
      try {
        await again.writeAsync(data);
        const back = Buffer.alloc(data.length);
        await again.readInto(back);
        expect(back.equals(data)).to.equal(true);
        await again.readInto(back.subarray(0, 16), 100);
        expect(back.subarray(0, 16).equals(data.subarray(100, 116))).to.equal(true);
        expect(
          isNativeError(
            caught(() => again.writeAsync(data, 2 << 20)),
            'ERR_OUT_OF_RANGE',
          ),
        ).to.equal(true);
      } finally {
        again.release();
      }
    });

    it('gpu-check runs end to end and prints one JSON report (PASS, marked as the stand-in); another importer can write', async () => {
      const result = await runCommand(
        'bash',
        [path.join(PACKAGE_ROOT, 'gpu-check', 'run.sh'), '8'],
        {
          ...process.env,
          PATH: `${path.dirname(process.execPath)}:${process.env.PATH ?? ''}`, // run.sh runs node
        },
      );
      expect(result.code, result.stderr + result.stdout).to.equal(0);
      const report = JSON.parse(result.stdout) as {
        result: string;
        standIn: boolean;
        note: string;
        badBytes: number;
        checks: Record<string, boolean>;
        otherImporterReadWrite: Record<string, unknown>;
      };
      expect(report.result).to.match(/^PASS/);
      expect(report.standIn).to.equal(true);
      expect(report.note).to.contain('not device numbers');
      expect(report.badBytes).to.equal(0);
      expect(report.checks.writeRefused).to.equal(true);
      expect(report.checks.readsAfterExporterExit).to.equal(true);
      if (report.otherImporterReadWrite.ran !== true) {
        console.log(
          `      (other importer not checked: ${String(report.otherImporterReadWrite.reason)})`,
        );
        return;
      }
      // As CUDA lets it: the importer picks its own access. Hence one uid per lent device copy.
      expect(report.otherImporterReadWrite).to.include({
        setAccessReadWrite: 0,
        write: 0,
        writeSeenHere: true,
      });
    });

    describe('between processes', () => {
      let exporter: ChildProcess;
      let socketPath: string;
      const bytes = (2 << 20) + 12345;

      before(async () => {
        socketPath = path.join(tempDir(), 'device.sock');
        exporter = (await startNode([fixture('device-exporter'), socketPath, String(bytes)])).child;
      });

      after(() => exporter.kill('SIGTERM'));

      it('an exported fd, imported and mapped read-only, reads the same bytes; copies and writes into it fail', async () => {
        const { fd, size } = await receiveFd(socketPath);
        const mapping = DeviceMapping.import(fd, size);
        closeFd(fd);
        try {
          expect(mapping.readOnly).to.equal(true);
          const read = mapping.read(bytes);
          let mismatches = 0;
          for (let i = 0; i < bytes; i++) if (read[i] !== pattern(i)) mismatches++;
          expect(mismatches).to.equal(0);
          const error = caught(() => mapping.write(Buffer.from([1, 2, 3])));
          expect(isNativeError(error, 'ERR_CUDA'), String(error)).to.equal(true);
          expect((error as Error).message).to.contain('cuMemcpyHtoD');
          expect(pokeThroughProcMem(mapping.pointer)).to.not.equal('written');
          expect(mapping.read(1)[0]).to.equal(pattern(0));
        } finally {
          mapping.release();
        }
      });

      it('the same poke succeeds on a read-write mapping (the check above can fail)', () => {
        const allocation = DeviceAllocation.allocate(1);
        try {
          expect(pokeThroughProcMem(allocation.pointer)).to.equal('written');
          expect(allocation.read(1)[0]).to.equal(0xee);
        } finally {
          allocation.release();
        }
      });

      it('the importer keeps reading correct bytes after the exporter exited', async () => {
        const once = path.join(tempDir(), 'once.sock');
        const { child } = await startNode([
          fixture('device-exporter'),
          once,
          String(bytes),
          'once',
        ]);
        const exited = new Promise((resolve) => child.once('exit', resolve));
        const { fd, size } = await receiveFd(once);
        const mapping = DeviceMapping.import(fd, size);
        closeFd(fd);
        await exited;
        const read = mapping.read(bytes);
        let mismatches = 0;
        for (let i = 0; i < bytes; i++) if (read[i] !== pattern(i)) mismatches++;
        expect(mismatches).to.equal(0);
        mapping.release();
      });

      it('a mapping is unmapped when collected (its owner released), not before', async () => {
        const before = standInAllocations();
        const { fd, size } = await receiveFd(socketPath);
        let mapping: DeviceMapping | undefined = DeviceMapping.import(fd, size);
        closeFd(fd);
        expect(standInAllocations()).to.equal(before + 1);
        const weak = new WeakRef(mapping);
        mapping = undefined;
        for (let i = 0; i < 10 && weak.deref() !== undefined; i++) {
          await new Promise((resolve) => setImmediate(resolve));
          global.gc!();
        }
        await new Promise((resolve) => setImmediate(resolve));
        expect(weak.deref()).to.equal(undefined);
        expect(standInAllocations()).to.equal(before);
      });
    });
  });
});
