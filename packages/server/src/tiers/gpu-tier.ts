import * as fs from 'node:fs';

import {
  closeFd,
  createSealedSegment,
  createSealedSegmentAsync,
  cuda,
  DeviceAllocation,
  isNativeError,
  mapReadOnly,
  unmap,
} from '@trims/native-cuda';
import { ErrorCode, HEADER_BYTES, TrimsError } from '@trims/protocol';
import type { Logger } from 'pino';

import type { ModelEntry } from '../catalog/entry';
import type { EvictionPolicy } from '../policies/policy';
import { TierBudget } from './budget';
import { lending } from './host-tier';
import type { SegmentWorkers } from './segment-workers';
import type { Handout, SegmentSource, Tier } from './tier';

/**
 * A model's device copy: the allocation, a sealed memfd of the segment up to
 * its tensor data (topology and table) for clients, and the one uid it is
 * lent to. A CUDA importer chooses its own access (VMM has no export-side
 * read-only), so any client could write into a copy it maps: lending a copy
 * to one uid only means a writer can reach no process it could not already.
 */
export interface DeviceCopy {
  allocation: DeviceAllocation;
  device: number;
  metadataFd: number;
  uid: number;
}

/** Which driver the tier runs on, for `trims status` and the log. */
export interface GpuDriverInfo {
  driver: string;
  standIn: boolean;
  /** Clients' mappings are read-only (the driver accepts CU_MEM_ACCESS_FLAGS_PROT_READ). */
  readOnly: boolean;
}

/** A segment's header as written in `fd` (a sealed memfd). */
function headerOf(fd: number): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  fs.readSync(fd, header, 0, HEADER_BYTES, 0);
  return header;
}

/**
 * The gpu tier: device copies of segments, shared with CUDA's virtual
 * memory management calls. An allocation is exported as a POSIX fd and
 * sent over the socket, so only peers the daemon answered can map it; a
 * mapping keeps the memory alive in the client after the daemon lets go
 * (eviction, exit or crash). The daemon lets go of a block only when it
 * leaves the tier, which the budget allows only when no lease holds it.
 */
export class GpuTier implements Tier {
  readonly name = 'gpu';
  readonly budget: TierBudget;
  /** Copies being filled, and whom each is for. */
  private readonly filling = new Map<ModelEntry, { done: Promise<boolean>; uid: number }>();

  private constructor(
    bytes: number,
    policy: EvictionPolicy,
    readonly info: GpuDriverInfo,
    private readonly log: Logger,
    /** Runs before a victim goes (demotion when no other tier holds it). */
    onEvict: (victim: ModelEntry) => void,
    private readonly workers: SegmentWorkers,
    maxModels: number,
    /** How many devices there are, and the largest allocation granule of any. */
    private readonly devices: { count: number; granularity: number },
  ) {
    const { granularity } = devices;
    this.budget = TierBudget.of(this, 'gpu', bytes, policy, onEvict, maxModels, granularity);
  }

  /** The tier, or undefined (logged) when no budget is given or CUDA is unavailable. */
  static create(
    bytes: number,
    policy: () => EvictionPolicy,
    onEvict: (victim: ModelEntry) => void,
    log: Logger,
    workers: SegmentWorkers,
    /** Each device copy holds an fd (its metadata memfd): at most this many. */
    maxModels: number,
  ): GpuTier | undefined {
    if (bytes <= 0) return undefined;
    const status = cuda.status();
    if (!status.available) {
      log.warn({ reason: status.reason }, 'gpu tier disabled: CUDA is not available');
      return undefined;
    }
    const info: GpuDriverInfo = {
      driver: status.standIn
        ? `${status.standIn} (TRIMS_CUDA_DRIVER=standin)`
        : `${status.library} (driver ${status.driverVersion})`,
      standIn: status.standIn !== undefined,
      readOnly: cuda.readOnlyMappings(),
    };
    if (info.standIn) log.warn({ driver: info.driver }, 'gpu tier on the CUDA driver stand-in');
    if (!info.readOnly)
      log.warn('the CUDA driver refuses read-only mappings: clients map the gpu tier read-write');
    const granules = cuda.devices().map((device) => device.granularity);
    const devices = { count: granules.length, granularity: Math.max(1, ...granules) };
    return new GpuTier(bytes, policy(), info, log, onEvict, workers, maxModels, devices);
  }

  has(entry: ModelEntry): boolean {
    return entry.gpu !== undefined;
  }

  admit(entry: ModelEntry, from: SegmentSource): Promise<boolean> {
    return this.admitOn(entry, from, 0, process.getuid?.() ?? 0);
  }

  /** The uid a copy is lent to (or is being made for). */
  ownerOf(entry: ModelEntry): number | undefined {
    return entry.gpu?.uid ?? this.filling.get(entry)?.uid;
  }

  /** Whether there is such a device (a client may ask for any gpu:N). */
  hasDevice(device: number): boolean {
    return Number.isInteger(device) && device >= 0 && device < this.devices.count;
  }

  /** Whether `uid` may be lent the copy on `device`. */
  lends(entry: ModelEntry, device: number, uid: number): boolean {
    return entry.gpu?.device === device && entry.gpu.uid === uid;
  }

  /**
   * Copies the segment to `device` for `uid`; false when another device or
   * uid holds the model's copy, there is no room, or the device has no memory.
   */
  admitOn(entry: ModelEntry, from: SegmentSource, device: number, uid: number): Promise<boolean> {
    if (entry.gpu !== undefined) return Promise.resolve(this.lends(entry, device, uid)); // one copy per model
    const filling = this.filling.get(entry);
    if (filling !== undefined)
      return filling.done.then((ok) => ok && this.lends(entry, device, uid));
    if (!this.budget.makeRoom(entry)) return Promise.resolve(false);
    const done = this.fill(entry, from, device, uid).finally(() => this.filling.delete(entry));
    this.filling.set(entry, { done, uid });
    return done;
  }

  private async fill(
    entry: ModelEntry,
    from: SegmentSource,
    device: number,
    uid: number,
  ): Promise<boolean> {
    this.budget.admit(entry); // counted now, so concurrent fills cannot overcommit; no victim until filled
    // The tier's own reference, taken before the first await (the caller may close its fd).
    const fd = 'memfd' in from ? from.memfd : fs.openSync(from.file, 'r');
    const map = mapReadOnly(fd);
    if (!('memfd' in from)) closeFd(fd);
    let allocation: DeviceAllocation | undefined;
    try {
      const bytes = new Uint8Array(map);
      allocation = DeviceAllocation.allocate(entry.bytes, device);
      await allocation.writeAsync(bytes); // on a libuv thread: the event loop goes on
      const metadataFd = createSealedSegment(
        `trims-meta:${entry.digest.slice(0, 16)}`,
        entry.dataOffset,
        (target) => target.set(bytes.subarray(0, entry.dataOffset)),
      );
      entry.gpu = { allocation, device, metadataFd, uid };
      return true;
    } catch (error) {
      allocation?.release(); // a failed copy gives its device memory back
      this.budget.remove(entry);
      if (!isNativeError(error, 'ERR_CUDA')) throw error;
      this.log.warn(
        { digest: entry.digest, device, error: error.message },
        'no device copy (served from the host tier)',
      );
      return false;
    } finally {
      unmap(map);
    }
  }

  /**
   * The segment back from the device, as a new sealed memfd (demotion); the
   * caller closes it. The copy runs on a libuv thread; a drop meanwhile
   * releases the allocation only when the copy is done (the addon waits).
   * A client lent the copy may have written into it (CUDA cannot lend it
   * read-only), so what comes back is checked before any other uid can be
   * served it: its header must be the one the daemon wrote (kept in the
   * sealed metadata memfd), and the rest must hash to that header's
   * checksum (in a worker thread). Else it is dropped, to be refetched.
   */
  async download(entry: ModelEntry): Promise<number> {
    const copy = entry.gpu!;
    const written = headerOf(copy.metadataFd); // now: the caller drops the copy right after
    const memfd = await createSealedSegmentAsync(
      `trims:${entry.digest.slice(0, 16)}`,
      entry.bytes,
      (target) => copy.allocation.readInto(target),
    );
    try {
      if (!headerOf(memfd).equals(written)) throw new Error('its header changed');
      await this.workers.verifyFile(memfd, entry.bytes, entry.digest);
      return memfd;
    } catch (error) {
      closeFd(memfd);
      throw new TrimsError(
        ErrorCode.CORRUPT_MODEL,
        `the device copy changed while it was lent (${(error as Error).message}): not demoted, it will be refetched`,
        { model: entry.digest, tier: 'gpu' },
      );
    }
  }

  /** The daemon's handle and mapping go; clients keep what they mapped until they unmap. */
  drop(entry: ModelEntry): void {
    if (entry.gpu) {
      entry.gpu.allocation.release();
      closeFd(entry.gpu.metadataFd);
    }
    entry.gpu = undefined;
    this.budget.remove(entry);
  }

  /** A read-only fd of the metadata memfd and a fresh export of the allocation, both the handout's own. */
  fdFor(entry: ModelEntry): Promise<Handout | undefined> {
    const copy = entry.gpu;
    if (copy === undefined) return Promise.resolve(undefined);
    const allocationFd = lending(entry.digest, 'gpu', () => copy.allocation.exportFd());
    return Promise.resolve({
      fd: copy.metadataFd,
      kept: true,
      device: {
        allocationFd,
        allocationBytes: copy.allocation.size,
        device: copy.device,
      },
    });
  }

  close(): void {
    for (const entry of this.budget.entries()) this.drop(entry);
  }
}
