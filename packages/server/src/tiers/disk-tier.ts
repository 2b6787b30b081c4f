import * as fs from 'node:fs';

import { ErrorCode, TrimsError } from '@trims/protocol';
import type { Logger } from 'pino';

import { DiskIdentity, ModelEntry } from '../catalog/entry';
import type { EvictionPolicy } from '../policies/policy';
import { isShortage } from '../shortage';
import { TierBudget } from './budget';
import { DiskStore } from './disk-store';
import type { SegmentWorkers } from './segment-workers';
import type { Handout, SegmentSource, Tier } from './tier';

export function identityOf(stat: fs.Stats): DiskIdentity {
  return { dev: stat.dev, ino: stat.ino, size: stat.size, mtimeMs: stat.mtimeMs };
}

/**
 * Whether a failure to read a cached copy proves the copy bad: anything
 * (its checksum, its size, the file gone, a link, EIO) but the daemon being
 * short of fds, memory or disk, which may pass (the copy is kept then).
 */
export function provesCopyBad(error: unknown): boolean {
  if (error instanceof TrimsError)
    return error.code !== ErrorCode.UNAVAILABLE && error.code !== ErrorCode.SHUTTING_DOWN;
  return !isShortage(error);
}

/** Writes waiting or running at once: each holds an fd of its source until its worker is done. */
export const MAX_WRITES_IN_FLIGHT = 64;

function sameFile(a: DiskIdentity, b: DiskIdentity): boolean {
  return a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs;
}

/**
 * Models the disk tier holds at most, whatever their bytes: each is a file,
 * a catalog row and a candidate victim, and a peer's many tiny models must
 * not make one admission evict without end (on the event loop).
 */
export const DISK_MODELS = 65_536;

/**
 * Segment files in the cache directory. Entries hold a path and the file's
 * identity, never an fd; before a file is handed out its identity and size
 * are checked (fstat of the fd handed out) and, once per daemon life, its
 * checksum. A write that fails removes its partial file at once and marks
 * the tier degraded; the model stays wherever it already was.
 */
export class DiskTier implements Tier {
  readonly name = 'disk';
  readonly budget: TierBudget;
  /** The last write error, while the tier is degraded (cleared by the next write that succeeds). */
  degraded: string | undefined;
  writeErrors = 0;
  private readonly writing = new Set<ModelEntry>();

  constructor(
    bytes: number,
    policy: EvictionPolicy,
    readonly store: DiskStore,
    private readonly workers: SegmentWorkers,
    /** Runs after a victim or a bad copy left (the catalog forgets models no tier holds). */
    private readonly onDropped: (entry: ModelEntry) => void,
    private readonly log: Logger,
  ) {
    this.budget = TierBudget.of(this, 'disk', bytes, policy, undefined, DISK_MODELS);
  }

  has(entry: ModelEntry): boolean {
    return entry.diskFile !== undefined;
  }

  /** The files found again after a restart: headers read now, checksums on first use. */
  restore(found: (entry: ModelEntry) => void): void {
    for (const { file, stat, contents } of this.store.scan((bad, why) =>
      this.log.warn({ file: bad, why }, 'a file in the disk tier it cannot use'),
    )) {
      const entry = new ModelEntry(contents.header.digest, contents.header.totalBytes);
      entry.dataOffset = contents.header.data.offset;
      entry.lastUsed = stat.mtimeMs;
      entry.useOrder = -1; // found on disk: older than anything used in this daemon's life
      entry.diskFile = file;
      entry.diskIdentity = identityOf(stat);
      found(entry);
      this.budget.admit(entry);
    }
    this.budget.makeRoom();
    if (this.budget.size > 0)
      this.log.info({ models: this.budget.size, bytes: this.budget.used }, 'disk tier loaded');
  }

  get writesInFlight(): number {
    return this.writing.size;
  }

  /** As many writes in flight as it takes: a model that comes now is not written (it stays where it is). */
  get busy(): boolean {
    return this.writing.size >= MAX_WRITES_IN_FLIGHT;
  }

  admit(entry: ModelEntry, from: SegmentSource): Promise<boolean> {
    if (this.has(entry)) return Promise.resolve(true);
    if (entry.diskWrite !== undefined) return entry.diskWrite;
    if (this.busy || !this.budget.makeRoom(entry)) return Promise.resolve(false);
    this.budget.admit(entry);
    const write = this.store
      .write(entry.digest, from)
      .then(({ file, identity }) => {
        this.degraded = undefined;
        entry.diskFile = file;
        entry.diskIdentity = identity;
        entry.diskVerified = true;
        return true;
      })
      .catch((error: Error) => {
        this.log.error(
          { digest: entry.digest, error: error.message },
          'disk tier write failed: the tier is degraded, the model stays where it was',
        );
        this.budget.remove(entry);
        this.writeErrors++;
        this.degraded = error.message;
        return false;
      })
      .finally(() => {
        entry.diskWrite = undefined;
        this.writing.delete(entry);
      });
    entry.diskWrite = write;
    this.writing.add(entry);
    return write;
  }

  /** Resolves when every write in flight has settled. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.writing].map((entry) => entry.diskWrite));
  }

  drop(entry: ModelEntry): void {
    if (entry.diskFile !== undefined) this.store.remove(entry.diskFile);
    entry.diskFile = undefined;
    entry.diskIdentity = undefined;
    entry.diskVerified = false;
    this.budget.remove(entry);
    this.onDropped(entry);
  }

  /**
   * An fd of the file as it was written: same inode, same size, and its
   * checksum checked once per daemon life. A copy proved bad is dropped
   * (undefined); a daemon short of fds or memory keeps it and fails the
   * request (UNAVAILABLE).
   */
  async fdFor(entry: ModelEntry): Promise<Handout | undefined> {
    const file = entry.diskFile;
    if (file === undefined) return undefined;
    let fd: number | undefined;
    try {
      fd = await this.store.openForClient(file);
      const stat = fs.fstatSync(fd);
      if (entry.diskIdentity === undefined || !sameFile(identityOf(stat), entry.diskIdentity))
        throw new TrimsError(
          ErrorCode.CORRUPT_MODEL,
          'the file was replaced, resized or written since the daemon wrote it',
        );
      if (!entry.diskVerified) {
        await this.workers.verifyFile(fd, entry.bytes, entry.digest);
        entry.diskVerified = true;
      }
    } catch (error) {
      if (fd !== undefined) fs.closeSync(fd);
      if (entry.diskFile !== file) return undefined; // evicted meanwhile: not this copy's fault
      if (!provesCopyBad(error))
        throw new TrimsError(
          ErrorCode.UNAVAILABLE,
          `cannot read the cached copy now: ${(error as Error).message}: retry later`,
          { model: entry.digest, tier: 'disk' },
          { cause: error },
        );
      this.log.warn(
        { digest: entry.digest, file, why: (error as Error).message },
        'cached segment is corrupt or missing: removed, it will be refetched',
      );
      this.drop(entry);
      return undefined;
    }
    if (entry.diskFile === file) return { fd };
    fs.closeSync(fd); // evicted meanwhile
    return undefined;
  }
}
