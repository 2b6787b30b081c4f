import * as fs from 'node:fs';

import { closeFd, createSealedSegment, DeviceBuffer, mapReadOnly, unmap } from '@trims/native-cuda';

import type { ModelEntry } from '../catalog/entry';
import type { EvictionPolicy } from '../policies/policy';
import { TierBudget } from './budget';
import type { Handout, SegmentSource, Tier } from './tier';

/**
 * One device copy per model, exported by CUDA IPC, with a sealed memfd of
 * the segment up to its tensor data (topology and table) for its clients.
 */
export class GpuTier implements Tier {
  readonly name = 'gpu';
  readonly budget: TierBudget;

  constructor(bytes: number, policy: EvictionPolicy) {
    this.budget = new TierBudget(
      'gpu',
      bytes,
      policy,
      (victim) => this.drop(victim),
      (entry) => this.has(entry),
    );
  }

  has(entry: ModelEntry): boolean {
    return entry.gpu !== undefined;
  }

  admit(entry: ModelEntry, from: SegmentSource): Promise<boolean> {
    return Promise.resolve(this.admitOn(entry, from, 0));
  }

  /** Copies the segment to `device`; false when another device holds it or there is no room. */
  admitOn(entry: ModelEntry, from: SegmentSource, device: number): boolean {
    if (entry.gpu?.device === device) return true;
    if (entry.gpu !== undefined) return false; // one device copy per model
    if (!this.budget.makeRoom(entry.bytes, entry)) return false;
    const fd = 'memfd' in from ? from.memfd : fs.openSync(from.file, 'r');
    const map = mapReadOnly(fd);
    let buffer: DeviceBuffer | undefined;
    try {
      const bytes = new Uint8Array(map);
      buffer = DeviceBuffer.allocate(entry.bytes, device);
      buffer.write(bytes);
      const metadataFd = createSealedSegment(
        `trims-meta:${entry.digest.slice(0, 16)}`,
        entry.dataOffset,
        (target) => target.set(bytes.subarray(0, entry.dataOffset)),
      );
      entry.gpu = { buffer, handle: buffer.ipcHandle(), device, metadataFd };
      this.budget.admit(entry);
      return true;
    } catch (error) {
      buffer?.free(); // a failed copy gives its device memory back
      throw error;
    } finally {
      unmap(map);
      if (!('memfd' in from)) closeFd(fd);
    }
  }

  drop(entry: ModelEntry): void {
    if (entry.gpu) {
      entry.gpu.buffer.free();
      closeFd(entry.gpu.metadataFd);
    }
    entry.gpu = undefined;
    this.budget.remove(entry);
  }

  fdFor(entry: ModelEntry): Promise<Handout | undefined> {
    return Promise.resolve(
      entry.gpu === undefined ? undefined : { fd: entry.gpu.metadataFd, closeAfterSend: false },
    );
  }

  close(): void {
    for (const entry of this.budget.entries()) this.drop(entry);
  }
}
