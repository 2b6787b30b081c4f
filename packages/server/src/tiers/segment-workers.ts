import * as path from 'node:path';

import { ErrorCode, TrimsError } from '@trims/protocol';
import Piscina from 'piscina';

import type { IngestJob, Ingested } from '../ingest/ingest';
import type { Outcome } from '../ingest/segment-worker';

export interface WorkerLimits {
  threads: number;
  /** Tasks waiting for a thread beyond this are refused (UNAVAILABLE), not queued without end. */
  queue: number;
}

/** Conversions one worker thread runs at once (each awaits its origin between chunks). */
export const CONVERSIONS_PER_THREAD = 16;

/**
 * The worker threads that do everything that grows with a model's size:
 * ingest (fetch, hash, decode, fill), checksums of cached files, copies of
 * files into memfds. The event loop only sends tasks and takes results.
 */
export class SegmentWorkers {
  /** Conversions: bounded queue (a peer's cold opens wait here). */
  private readonly pool: Piscina;
  /** Disk work (write-behind, checksums, copies): one thread; its queue is bounded by the tiers' budgets. */
  private readonly disk: Piscina;
  private stopped = false;

  constructor(limits: WorkerLimits, onError: (error: Error) => void) {
    const filename = path.join(__dirname, '..', 'ingest', 'segment-worker.js');
    this.pool = new Piscina({
      filename,
      maxThreads: limits.threads,
      minThreads: 1,
      // A conversion mostly waits on its origin: a slow one must not hold a thread from
      // every other (their memory together is bounded by the host budget: ConversionMemory).
      concurrentTasksPerWorker: CONVERSIONS_PER_THREAD,
      maxQueue: limits.queue,
      idleTimeout: 30_000,
    });
    this.disk = new Piscina({ filename, maxThreads: 1, minThreads: 1, idleTimeout: 30_000 });
    // A thread that cannot start (EMFILE while out of descriptors) fails its tasks, not the daemon.
    this.pool.on('error', onError);
    this.disk.on('error', onError);
  }

  private async run<T>(name: string, task: object, model: string): Promise<T> {
    const pool = name === 'ingest' ? this.pool : this.disk;
    const stopped = (cause?: unknown): TrimsError =>
      new TrimsError(
        ErrorCode.SHUTTING_DOWN,
        'the daemon is shutting down: the conversion was stopped (its successor fetches it again)',
        { model, tier: 'remote' },
        { cause },
      );
    // Piscina starts a new thread for a task run after destroy(): none may start once stopped
    if (this.stopped && pool === this.pool) throw stopped();
    let outcome: Outcome<T>;
    try {
      outcome = (await pool.run(task, { name })) as Outcome<T>;
    } catch (error) {
      if (this.stopped && pool === this.pool) throw stopped(error);
      // The task never ran (a full queue, a thread that could not start): nothing about the model.
      const full = /queue is at limit/i.test((error as Error).message);
      throw new TrimsError(
        ErrorCode.UNAVAILABLE,
        full
          ? `the daemon is converting ${this.pool.queueSize} models already: retry later`
          : `worker thread failed: ${(error as Error).message}`,
        { model, tier: 'host' },
        { cause: error },
      );
    }
    if (!outcome.ok) throw TrimsError.fromWire(outcome.error);
    return outcome.value;
  }

  ingest(job: IngestJob): Promise<Ingested> {
    return this.run('ingest', job, job.url);
  }

  verifyFile(fd: number, bytes: number, digest: string): Promise<void> {
    return this.run('verifyFile', { fd, bytes }, digest);
  }

  fileToMemfd(file: string, digest: string, bytes: number): Promise<number> {
    return this.run('fileToMemfd', { file, digest, bytes }, digest);
  }

  /** Writes the segment read from `fd` (closed by the task) to `file` through `tmp`. */
  writeSegmentFile(
    fd: number,
    tmp: string,
    file: string,
  ): Promise<{ dev: number; ino: number; size: number; mtimeMs: number }> {
    return this.run('writeSegmentFile', { fd, tmp, file }, file);
  }

  /** Ends every conversion in flight or waiting, each failing SHUTTING_DOWN (a drain out of time). */
  async stopConversions(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.pool.destroy(); // the threads go with what they were converting
  }

  async close(): Promise<void> {
    await Promise.all([this.stopConversions(), this.disk.destroy()]);
  }
}
