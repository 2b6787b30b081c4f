/**
 * The worker thread's tasks: whatever grows with a model's size runs here,
 * never on the daemon's event loop. Errors come back as their wire form
 * (a TrimsError's class does not survive the thread boundary).
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';

import { createSealedSegment } from '@trims/native-cuda';
import {
  CHECKSUM_AT,
  CHECKSUM_END,
  ErrorCode,
  HEADER_BYTES,
  readHeader,
  TrimsError,
  verifySegment,
} from '@trims/protocol';

import { codeOfFailure } from '../shortage';
import { SEGMENT_OPEN_FLAGS } from '../tiers/disk-store';
import { ingest as runIngest, IngestJob, Ingested } from './ingest';

/**
 * This thread yields the CPU to the daemon's event loop: conversions are
 * throughput work, hits are latency work. Linux takes a thread id where
 * setpriority takes a pid; /proc/thread-self names ours.
 */
function lowerThisThreadsPriority(): void {
  try {
    const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
    os.setPriority(tid, 10);
  } catch {
    // not Linux, or not allowed: the same work at the same priority
  }
}
lowerThisThreadsPriority();

export type WireError = ReturnType<TrimsError['toWire']>;
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: WireError };

async function outcome<T>(work: () => Promise<T> | T): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    const trims =
      error instanceof TrimsError
        ? error
        : new TrimsError(
            codeOfFailure(error, ErrorCode.INTERNAL),
            (error as Error).message ?? String(error),
          );
    return { ok: false, error: trims.toWire() };
  }
}

const CHUNK = 8 << 20;

/**
 * Reads a file into `target` with read(2), never a map: a file truncated
 * under the daemon is a short read here, not a SIGBUS.
 */
function readInto(fd: number, target: Uint8Array, what: string): void {
  for (let at = 0; at < target.length;) {
    const read = fs.readSync(fd, target, at, Math.min(CHUNK, target.length - at), at);
    if (read === 0)
      throw new TrimsError(
        ErrorCode.CORRUPT_MODEL,
        `${what} ends after ${at} of ${target.length} bytes`,
        {
          tier: 'disk',
        },
      );
    at += read;
  }
}

export function ingest(job: IngestJob): Promise<Outcome<Ingested>> {
  return outcome(() => runIngest(job));
}

/** Checks a segment file (an fd of this process) against its checksum, reading it in chunks. */
export function verifyFile(task: { fd: number; bytes: number }): Promise<Outcome<void>> {
  return outcome(() => {
    const head = new Uint8Array(HEADER_BYTES);
    readInto(task.fd, head, 'the cached segment');
    const hash = createHash('sha256');
    hash.update(head.subarray(0, CHECKSUM_AT)); // every byte but the checksum's own (segmentChecksum)
    hash.update(head.subarray(CHECKSUM_END));
    const chunk = Buffer.allocUnsafe(CHUNK);
    let at = HEADER_BYTES;
    while (at < task.bytes) {
      const read = fs.readSync(task.fd, chunk, 0, Math.min(CHUNK, task.bytes - at), at);
      if (read === 0) break;
      hash.update(chunk.subarray(0, read));
      at += read;
    }
    const stored = Buffer.from(head.subarray(CHECKSUM_AT, CHECKSUM_END));
    if (at !== task.bytes || !hash.digest().equals(stored))
      throw new TrimsError(
        ErrorCode.CORRUPT_MODEL,
        'invalid segment: checksum mismatch (the cached bytes changed)',
        { tier: 'disk' },
      );
  });
}

/** Copies a segment file into a new sealed memfd, checking its checksum before sealing (a promotion). */
export function fileToMemfd(task: {
  file: string;
  digest: string;
  bytes: number;
}): Promise<Outcome<number>> {
  return outcome(() => {
    let fd: number;
    try {
      fd = fs.openSync(task.file, SEGMENT_OPEN_FLAGS);
    } catch (error) {
      const { code } = error as NodeJS.ErrnoException;
      if (code !== 'ENOENT' && code !== 'ELOOP') throw error;
      throw new TrimsError(ErrorCode.CORRUPT_MODEL, `${task.file} is missing or a link`, {
        tier: 'disk',
      });
    }
    try {
      if (!fs.fstatSync(fd).isFile())
        throw new TrimsError(ErrorCode.CORRUPT_MODEL, `${task.file} is not a regular file`, {
          tier: 'disk',
        });
      return createSealedSegment(`trims:${task.digest.slice(0, 16)}`, task.bytes, (target) => {
        readInto(fd, target, task.file);
        verifySegment(target, readHeader(target));
      });
    } finally {
      fs.closeSync(fd);
    }
  });
}

/**
 * Writes a segment (from `fd`, which this task closes) to `tmp` in chunks,
 * fsyncs and renames it to `file`; a failure removes `tmp` at once.
 */
export function writeSegmentFile(task: {
  fd: number;
  tmp: string;
  file: string;
}): Promise<Outcome<{ dev: number; ino: number; size: number; mtimeMs: number }>> {
  return outcome(() => {
    let out: number | undefined;
    try {
      const size = fs.fstatSync(task.fd).size;
      out = fs.openSync(task.tmp, 'wx', 0o600);
      const chunk = Buffer.allocUnsafe(CHUNK);
      for (let at = 0; at < size;) {
        const read = fs.readSync(task.fd, chunk, 0, Math.min(CHUNK, size - at), at);
        if (read === 0) throw new Error(`the segment ended after ${at} of ${size} bytes`);
        for (let done = 0; done < read;)
          done += fs.writeSync(out, chunk, done, read - done, at + done);
        at += read;
      }
      fs.fsyncSync(out);
      const stat = fs.fstatSync(out);
      fs.closeSync(out);
      out = undefined;
      fs.renameSync(task.tmp, task.file);
      return { dev: stat.dev, ino: stat.ino, size: stat.size, mtimeMs: stat.mtimeMs };
    } catch (error) {
      if (out !== undefined) fs.closeSync(out);
      fs.rmSync(task.tmp, { force: true });
      throw new TrimsError(
        ErrorCode.INTERNAL,
        `writing ${task.file}: ${(error as Error).message}`,
        {
          tier: 'disk',
        },
      );
    } finally {
      fs.closeSync(task.fd);
    }
  });
}
