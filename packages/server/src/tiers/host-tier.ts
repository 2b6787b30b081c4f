import * as fs from 'node:fs';

import type { ModelEntry } from '../catalog/entry';
import type { EvictionPolicy } from '../policies/policy';
import { TierBudget } from './budget';
import type { SegmentWorkers } from './segment-workers';
import type { Handout, SegmentSource, Tier } from './tier';

/** A read-only fd of its own on the same sealed memfd (the seals belong to the memory, not the fd). */
export function reopenReadOnly(fd: number): number {
  return fs.openSync(`/proc/self/fd/${fd}`, fs.constants.O_RDONLY);
}

/** Sealed memfds: what clients map. Evicting closes the daemon's fd; clients keep their maps. */
export class HostTier implements Tier {
  readonly name = 'host';
  readonly budget: TierBudget;
  private readonly filling = new Map<ModelEntry, Promise<boolean>>();

  constructor(
    bytes: number,
    policy: EvictionPolicy,
    private readonly workers: SegmentWorkers,
    /** Runs before a victim goes (demotion to the disk tier). */
    onEvict: (victim: ModelEntry) => void,
  ) {
    this.budget = TierBudget.of(this, 'host', bytes, policy, onEvict);
  }

  has(entry: ModelEntry): boolean {
    return entry.hostFd !== undefined;
  }

  admit(entry: ModelEntry, from: SegmentSource): Promise<boolean> {
    if (this.has(entry)) return Promise.resolve(true);
    const filling = this.filling.get(entry);
    if (filling !== undefined) return filling;
    if (!this.budget.makeRoom(entry.bytes, entry)) return Promise.resolve(false);
    const fill = this.fill(entry, from).finally(() => this.filling.delete(entry));
    this.filling.set(entry, fill);
    return fill;
  }

  private async fill(entry: ModelEntry, from: SegmentSource): Promise<boolean> {
    this.budget.admit(entry);
    try {
      entry.hostFd =
        'memfd' in from
          ? reopenReadOnly(from.memfd)
          : await this.workers.fileToMemfd(from.file, entry.digest, entry.bytes);
      return true;
    } catch (error) {
      this.budget.remove(entry);
      throw error;
    }
  }

  drop(entry: ModelEntry): void {
    // Closing the last reference frees the segment's pages inside close(2): off the event loop.
    if (entry.hostFd !== undefined) fs.close(entry.hostFd, () => undefined);
    entry.hostFd = undefined;
    this.budget.remove(entry);
  }

  fdFor(entry: ModelEntry): Promise<Handout | undefined> {
    return Promise.resolve(
      entry.hostFd === undefined ? undefined : { fd: entry.hostFd, closeAfterSend: false },
    );
  }

  close(): void {
    for (const entry of this.budget.entries()) this.drop(entry);
  }
}
