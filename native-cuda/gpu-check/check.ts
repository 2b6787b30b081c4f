/**
 * The device check: CUDA VMM sharing between two real processes, as the
 * daemon and a client do it. One command, one JSON object on stdout:
 *
 *   native-cuda/gpu-check/run.sh [MiB=512]   (check.js MiB [other_importer])
 *
 * The exporter allocates MiB with cuMemCreate, fills it twice (from pinned
 * host memory: the peak; from a fresh map of a sealed memfd, on a libuv
 * thread: the daemon's promotion), reads it back into a new sealed memfd
 * (the daemon's demotion), exports an fd over SCM_RIGHTS; the importer maps it
 * read-only, verifies every byte, attempts a write, times import+map, and
 * reads again after the exporter exited. Another process lent the same fd
 * asks for read-write access and writes (other_importer.c; a finding, not a
 * check). Targets: import+map <= 1 ms, promotion >= 80% of the pinned peak.
 * Under TRIMS_CUDA_DRIVER=standin it runs too (the CI test does), and says
 * so: device numbers need a GPU.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import * as fs from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import * as readline from 'node:readline';

import {
  closeFd,
  connect,
  createSealedSegment,
  createSealedSegmentAsync,
  cuda,
  DeviceAllocation,
  DeviceMapping,
  mapReadOnly,
  SeqPacketServer,
  unmap,
} from '../src';

const MiB = 1 << 20;
const pattern = (i: number): number => (i * 13 + 5) & 0xff;

function fillPattern(bytes: Uint8Array): void {
  for (let i = 0; i < bytes.length; i++) bytes[i] = pattern(i);
}

function mismatches(bytes: Uint8Array, length: number): number {
  let bad = 0;
  for (let i = 0; i < length; i++) if (bytes[i] !== pattern(i)) bad++;
  return bad;
}

function seconds(run: () => void): number {
  const started = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

async function secondsAsync(run: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/** The daemon's side: allocate, fill (timed both ways), read back, lend the fd once, exit on "exit". */
async function exporter(socketPath: string, bytes: number): Promise<void> {
  const allocation = DeviceAllocation.allocate(bytes);
  const pinned = new Uint8Array(cuda.pinnedHostBuffer(bytes));
  fillPattern(pinned);
  allocation.write(pinned); // warm-up: first-touch costs stay out of the timing
  const pinnedSeconds = Math.min(...[0, 1, 2].map(() => seconds(() => allocation.write(pinned))));
  const segment = createSealedSegment('trims-gpu-check', bytes, fillPattern);
  // As the daemon promotes and demotes: from a fresh read-only map of a segment, and into a
  // new sealed segment, each copy on a libuv thread. Best of three.
  let promotionSeconds = Infinity;
  let demotionSeconds = Infinity;
  for (let i = 0; i < 3; i++) {
    const map = mapReadOnly(segment);
    const took = await secondsAsync(() => allocation.writeAsync(new Uint8Array(map)));
    promotionSeconds = Math.min(promotionSeconds, took);
    unmap(map);
    const back = await secondsAsync(async () =>
      closeFd(
        await createSealedSegmentAsync('trims-gpu-check-back', bytes, (t) =>
          allocation.readInto(t),
        ),
      ),
    );
    demotionSeconds = Math.min(demotionSeconds, back);
  }
  closeFd(segment);
  const server = SeqPacketServer.listen(socketPath);
  server.on('connection', (channel) => {
    channel.on('message', ({ data }) => {
      if (data.toString() === 'exit') {
        allocation.release();
        process.exit(0);
      }
      const fd = allocation.exportFd();
      const report = { size: allocation.size, pinnedSeconds, promotionSeconds, demotionSeconds };
      void channel.send(Buffer.from(JSON.stringify(report)), [fd]).then(() => closeFd(fd));
    });
  });
  process.stdout.write('ready\n');
}

interface Lent {
  fd: number;
  size: number;
  pinnedSeconds: number;
  promotionSeconds: number;
  demotionSeconds: number;
}

function ask(socketPath: string, text: string): Promise<Lent> {
  const channel = connect(socketPath);
  return new Promise((resolve, reject) => {
    channel.once('message', ({ data, fds }) => {
      channel.close();
      resolve({ ...(JSON.parse(data.toString()) as Omit<Lent, 'fd'>), fd: fds[0]! });
    });
    channel.once('error', reject);
    void channel.send(Buffer.from(text));
  });
}

/**
 * Another process, lent the same fd, asks the driver for read-write access
 * and writes 0xee at offset 0 (other_importer.c, built by run.sh): whether
 * the driver lets it, and whether this mapping then sees the byte.
 */
function otherImporter(
  helper: string | undefined,
  fd: number,
  size: number,
): Record<string, unknown> {
  if (helper === undefined)
    return { ran: false, reason: 'no C compiler to build other_importer.c' };
  const library = cuda.status().library ?? 'libcuda.so.1';
  const run = spawnSync(helper, [library, String(size), '0'], {
    stdio: ['ignore', 'pipe', 'inherit', fd],
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (run.status !== 0) return { ran: false, reason: `exit ${run.status ?? run.signal}` };
  return { ran: true, ...(JSON.parse(run.stdout) as Record<string, number>) };
}

async function importer(mib: number, helper: string | undefined): Promise<Record<string, unknown>> {
  const bytes = mib * MiB;
  const status = cuda.status();
  const report: Record<string, unknown> = {
    check: 'trims gpu-check',
    date: new Date().toISOString(),
    host: os.hostname(),
    bytes,
    driver: status,
    standIn: status.standIn !== undefined,
  };
  if (!status.available) return { ...report, result: 'UNAVAILABLE', reason: status.reason };
  report.device = cuda.devices()[0];
  const socketPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'trims-gpu-check-')), 's');
  const child = spawn(process.execPath, [__filename, 'exporter', socketPath, String(bytes)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).once('line', () => resolve());
    child.once('exit', (code) => reject(new Error(`the exporter exited with ${code}`)));
  });
  const lent = await ask(socketPath, 'lend');
  let mapping: DeviceMapping | undefined;
  const importMapSeconds = seconds(() => (mapping = DeviceMapping.import(lent.fd, lent.size)));
  const m = mapping!;
  const badBytes = mismatches(m.read(bytes), bytes);
  const other = otherImporter(helper, lent.fd, lent.size);
  closeFd(lent.fd);
  const otherWriteSeen = m.read(1)[0] === 0xee;
  void ask(socketPath, 'exit').catch(() => undefined);
  const exitCode = await exited;
  const afterExit = m.read(bytes);
  if (otherWriteSeen) afterExit[0] = pattern(0); // the other importer's byte, seen above
  const badAfterExit = mismatches(afterExit, bytes);
  // Last: on a device, a write the MMU refuses may leave this context unusable.
  let writeAttempt: string;
  let unchanged = false;
  try {
    m.write(Buffer.from([0x5a]), 1);
    writeAttempt = 'succeeded';
  } catch (error) {
    writeAttempt = `refused: ${(error as Error).message}`;
  }
  try {
    unchanged = m.read(1, 1)[0] === pattern(1);
  } catch (error) {
    writeAttempt += `; a read after it failed: ${(error as Error).message}`;
  }
  m.release();
  const gbps = (s: number): number => Math.round((bytes / s / 1e9) * 100) / 100;
  const ratio = lent.pinnedSeconds / lent.promotionSeconds;
  const importMapMs = importMapSeconds * 1000;
  const checks = {
    bytesVerified: badBytes === 0,
    readOnlyMapping: m.readOnly,
    writeRefused: writeAttempt.startsWith('refused') && unchanged,
    readsAfterExporterExit: exitCode === 0 && badAfterExit === 0,
    importMapWithin1ms: importMapMs <= 1,
    promotionAtLeast80PercentOfPinned: ratio >= 0.8,
  };
  const functional = checks.bytesVerified && checks.writeRefused && checks.readsAfterExporterExit;
  return {
    ...report,
    importMapMs: Math.round(importMapMs * 1000) / 1000,
    pinnedH2DGBps: gbps(lent.pinnedSeconds),
    promotionH2DGBps: gbps(lent.promotionSeconds),
    demotionD2HGBps: gbps(lent.demotionSeconds),
    promotionOfPinned: Math.round(ratio * 1000) / 1000,
    badBytes,
    badBytesAfterExporterExit: badAfterExit,
    writeAttempt,
    // A finding, not a check: the daemon lends a device copy to one uid only either way.
    otherImporterReadWrite: { ...other, writeSeenHere: otherWriteSeen },
    checks,
    result: functional
      ? Object.values(checks).every(Boolean)
        ? 'PASS'
        : 'PASS_WITH_MISSED_TARGETS'
      : 'FAIL',
    ...(status.standIn !== undefined
      ? { note: 'stand-in: host memory, no GPU; timings are not device numbers' }
      : {}),
  };
}

if (process.argv[2] === 'exporter') {
  exporter(process.argv[3]!, Number(process.argv[4])).catch((error: Error) => {
    process.stderr.write(`gpu-check exporter: ${error.message}\n`);
    process.exit(2);
  });
} else {
  importer(Number(process.argv[2] ?? 512), process.argv[3])
    .then((report) => {
      process.stdout.write(JSON.stringify(report, null, 2) + '\n');
      process.exit(report.result === 'FAIL' ? 1 : report.result === 'UNAVAILABLE' ? 3 : 0);
    })
    .catch((error: Error) => {
      process.stdout.write(JSON.stringify({ result: 'ERROR', error: error.message }) + '\n');
      process.exit(2);
    });
}
