import * as fs from 'node:fs';

import { ErrorCode, TrimsError } from '@trims/protocol';

import type { ModelEntry } from '../catalog/entry';
import { codeOfFailure } from '../shortage';
import type { EvictionPolicy } from '../policies/policy';
import { TierBudget } from './budget';
import { LentCopies } from './lent-copies';
import type { SegmentWorkers } from './segment-workers';
import type { Handout, SegmentSource, Tier } from './tier';

/** A read-only fd of its own on the same sealed memfd (the seals belong to the memory, not the fd). */
export function reopenReadOnly(fd: number): number {
  return fs.openSync(`/proc/self/fd/${fd}`, fs.constants.O_RDONLY);
}

/** What `make` gives for a handout (its own fds: see Handout), or why not (EMFILE: UNAVAILABLE), named. */
export function lending<T>(model: string, tier: 'host' | 'gpu', make: () => T): T {
  try {
    return make();
  } catch (error) {
    throw new TrimsError(
      codeOfFailure(error as Error, ErrorCode.INTERNAL),
      `cannot lend the model's ${tier} copy: ${(error as Error).message}`,
      { model, tier },
      { cause: error },
    );
  }
}

/**
 * Sealed memfds: what clients map. Evicting closes the daemon's fd; clients
 * keep their maps. A copy that leaves while some client still has it (an
 * fd, a mapping) is still memory: it stays charged to the uid that brought
 * it, within that uid's share (`lentBytesOf`), until the kernel says it is
 * gone (see LentCopies).
 */
export class HostTier implements Tier {
  readonly name = 'host';
  readonly budget: TierBudget;
  private readonly filling = new Map<ModelEntry, Promise<boolean>>();
  private readonly lent = new LentCopies();

  constructor(
    bytes: number,
    policy: EvictionPolicy,
    private readonly workers: SegmentWorkers,
    /** Runs before a victim goes (demotion to the disk tier). */
    onEvict: (victim: ModelEntry) => void,
    /** Each model holds an fd: at most this many. */
    maxModels: number,
  ) {
    this.budget = TierBudget.of(this, 'host', bytes, policy, onEvict, maxModels);
  }

  has(entry: ModelEntry): boolean {
    return entry.hostFd !== undefined;
  }

  admit(entry: ModelEntry, from: SegmentSource): Promise<boolean> {
    return this.admitWith(entry, () =>
      'memfd' in from
        ? Promise.resolve(reopenReadOnly(from.memfd)) // before any await: the caller may close its fd
        : this.workers.fileToMemfd(from.file, entry.digest, entry.bytes),
    );
  }

  /**
   * A memfd still being filled (a read-back from the device): its bytes
   * count in the budget from now, not once they are all here. True when the
   * tier took it (and closes the fd it resolves with); false when it did
   * not, and the memfd stays the caller's.
   */
  admitFilling(entry: ModelEntry, memfd: Promise<number>): Promise<boolean> {
    if (this.has(entry) || this.filling.has(entry)) return Promise.resolve(false);
    return this.admitWith(entry, async () => {
      const fd = await memfd;
      try {
        return reopenReadOnly(fd); // clients get read-only fds only
      } finally {
        fs.closeSync(fd);
      }
    });
  }

  private admitWith(entry: ModelEntry, open: () => Promise<number>): Promise<boolean> {
    if (this.has(entry)) return Promise.resolve(true);
    const filling = this.filling.get(entry);
    if (filling !== undefined) return filling;
    if (!this.budget.makeRoom(entry)) return Promise.resolve(false);
    this.budget.admit(entry); // before the copy is filled: concurrent fills cannot overcommit
    let opened: Promise<number>;
    try {
      opened = open();
    } catch (error) {
      opened = Promise.reject(error as Error); // a reopen that failed at once (EMFILE)
    }
    const fill = opened.then(
      (fd) => {
        entry.hostFd = fd;
        this.lent.watch(entry, fd);
        return true;
      },
      (error: Error) => {
        this.budget.remove(entry);
        throw error instanceof TrimsError
          ? error
          : new TrimsError(
              codeOfFailure(error, ErrorCode.INTERNAL),
              `cannot bring the model into host memory: ${error.message}`,
              { model: entry.digest, tier: 'host' },
              { cause: error },
            );
      },
    );
    const tracked = fill.finally(() => this.filling.delete(entry));
    this.filling.set(entry, tracked);
    return tracked;
  }

  drop(entry: ModelEntry): void {
    const fd = entry.hostFd;
    if (fd !== undefined) {
      // Closing the last reference frees the segment's pages inside close(2): off the event loop.
      const closed = new Promise((resolve) => fs.close(fd, resolve));
      this.lent.left(entry, this.budget.charge(entry), Promise.all([closed, entry.diskWrite]));
    }
    entry.hostFd = undefined;
    this.budget.remove(entry);
  }

  fdFor(entry: ModelEntry): Promise<Handout | undefined> {
    return Promise.resolve(
      entry.hostFd === undefined ? undefined : { fd: entry.hostFd, kept: true },
    );
  }

  /** The uid a copy counts against: the one that brought it in. */
  ownerOf(entry: ModelEntry): number | undefined {
    return entry.admittedBy;
  }

  /** Bytes of `uid`'s models that left this tier while a client still has them. */
  lentBytesOf(uid: number): number {
    return this.lent.bytesOf(uid);
  }

  close(): void {
    for (const entry of this.budget.entries()) this.drop(entry);
    this.lent.close();
  }
}
