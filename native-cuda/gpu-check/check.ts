/**
 * The device check: CUDA VMM sharing between two real processes, as the
 * daemon and a client do it. One command, one JSON object on stdout:
 *
 *   native-cuda/gpu-check/run.sh [MiB=512]
 *
 * The exporter allocates MiB with cuMemCreate, fills it twice (from pinned
 * host memory: the peak; from a sealed memfd map: the daemon's host->gpu
 * promotion path), exports an fd over SCM_RIGHTS; the importer maps it
 * read-only, verifies every byte, attempts a write, times import+map, and
 * reads again after the exporter exited. Targets: import+map <= 1 ms,
 * promotion >= 80% of the pinned peak. Under TRIMS_CUDA_DRIVER=standin it
 * runs too (the CI test does), and says so: device numbers need a GPU.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import * as fs from 'node:fs';
import { spawn } from 'node:child_process';
import * as readline from 'node:readline';

import {
  closeFd,
  connect,
  createSealedSegment,
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

/** The daemon's side: allocate, fill (timed both ways), lend the fd once, exit on "exit". */
function exporter(socketPath: string, bytes: number): void {
  const allocation = DeviceAllocation.allocate(bytes);
  const pinned = new Uint8Array(cuda.pinnedHostBuffer(bytes));
  fillPattern(pinned);
  allocation.write(pinned); // warm-up: first-touch costs stay out of the timing
  const pinnedSeconds = Math.min(...[0, 1, 2].map(() => seconds(() => allocation.write(pinned))));
  const segment = createSealedSegment('trims-gpu-check', bytes, fillPattern);
  const map = mapReadOnly(segment, { populate: true });
  const promotionSeconds = Math.min(
    ...[0, 1, 2].map(() => seconds(() => allocation.write(new Uint8Array(map)))),
  );
  unmap(map);
  closeFd(segment);
  const server = SeqPacketServer.listen(socketPath);
  server.on('connection', (channel) => {
    channel.on('message', ({ data }) => {
      if (data.toString() === 'exit') {
        allocation.release();
        process.exit(0);
      }
      const fd = allocation.exportFd();
      const report = { size: allocation.size, pinnedSeconds, promotionSeconds };
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

async function importer(mib: number): Promise<Record<string, unknown>> {
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
  closeFd(lent.fd);
  const m = mapping!;
  const badBytes = mismatches(m.read(bytes), bytes);
  let writeAttempt: string;
  try {
    m.write(Buffer.from([0xee]));
    writeAttempt = 'succeeded';
  } catch (error) {
    writeAttempt = `refused: ${(error as Error).message}`;
  }
  const unchanged = m.read(1)[0] === pattern(0);
  void ask(socketPath, 'exit').catch(() => undefined);
  const exitCode = await exited;
  const badAfterExit = mismatches(m.read(bytes), bytes);
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
    promotionOfPinned: Math.round(ratio * 1000) / 1000,
    badBytes,
    badBytesAfterExporterExit: badAfterExit,
    writeAttempt,
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
  exporter(process.argv[3]!, Number(process.argv[4]));
} else {
  importer(Number(process.argv[2] ?? 512))
    .then((report) => {
      process.stdout.write(JSON.stringify(report, null, 2) + '\n');
      process.exit(report.result === 'FAIL' ? 1 : report.result === 'UNAVAILABLE' ? 3 : 0);
    })
    .catch((error: Error) => {
      process.stdout.write(JSON.stringify({ result: 'ERROR', error: error.message }) + '\n');
      process.exit(2);
    });
}
