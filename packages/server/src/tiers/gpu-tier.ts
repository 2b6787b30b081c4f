import {
  closeFd,
  createSealedSegment,
  cuda,
  DeviceAllocation,
  mapReadOnly,
  unmap,
} from '@trims/native-cuda';
import type { Logger } from 'pino';

import type { ModelEntry } from '../catalog/entry';
import { createPolicy } from '../policies/policies';
import type { PolicyName } from '../policies/policy';
import { TierBudget } from './budget';

/** A model's device copy: the allocation, and a sealed memfd of the segment up to its tensor data (topology and table) for clients. */
export interface DeviceCopy {
  allocation: DeviceAllocation;
  device: number;
  metadataFd: number;
}

/** What an Open from the gpu tier sends: the metadata fd (the daemon keeps it) and a fresh export (closed once sent). */
export interface GpuLoan {
  metadataFd: number;
  allocationFd: number;
  allocationBytes: number;
  device: number;
}

/** Which driver the tier runs on, for `trims status` and the log. */
export interface GpuDriverInfo {
  driver: string;
  standIn: boolean;
  /** Clients' mappings are read-only (the driver accepts CU_MEM_ACCESS_FLAGS_PROT_READ). */
  readOnly: boolean;
}

/**
 * The gpu tier: device copies of segments, shared with CUDA's virtual
 * memory management calls. An allocation is exported as a POSIX fd and
 * sent over the socket, so only peers the daemon answered can map it; a
 * mapping keeps the memory alive in the client after the daemon lets go
 * (eviction, exit or crash). The daemon lets go of a block only when it
 * leaves the tier, which the budget allows only when no lease holds it.
 */
export class GpuTier {
  private constructor(
    readonly budget: TierBudget,
    readonly info: GpuDriverInfo,
  ) {}

  /** The tier, or undefined (logged) when no budget is given or CUDA is unavailable. */
  static create(budget: number, policy: PolicyName, log: Logger): GpuTier | undefined {
    if (budget <= 0) return undefined;
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
    return new GpuTier(new TierBudget('gpu', budget, createPolicy(policy)), info);
  }

  /** Copies a segment from `fd` to a new device block; the caller admits the entry. */
  upload(entry: ModelEntry, fd: number, device: number): DeviceCopy {
    const map = mapReadOnly(fd);
    try {
      const bytes = new Uint8Array(map);
      const allocation = DeviceAllocation.allocate(entry.bytes, device);
      try {
        allocation.write(bytes);
        const metadataFd = createSealedSegment(
          `trims-meta:${entry.digest.slice(0, 16)}`,
          entry.dataOffset,
          (target) => target.set(bytes.subarray(0, entry.dataOffset)),
        );
        return { allocation, device, metadataFd };
      } catch (error) {
        allocation.release();
        throw error;
      }
    } finally {
      unmap(map);
    }
  }

  /** The segment's bytes back from the device (demotion to a slower tier). */
  download(copy: DeviceCopy, bytes: number, target: Uint8Array): void {
    target.set(copy.allocation.read(bytes));
  }

  lend(copy: DeviceCopy): GpuLoan {
    return {
      metadataFd: copy.metadataFd,
      allocationFd: copy.allocation.exportFd(),
      allocationBytes: copy.allocation.size,
      device: copy.device,
    };
  }

  /** The daemon's handle and mapping go; clients keep what they mapped until they unmap. */
  release(copy: DeviceCopy): void {
    copy.allocation.release();
    closeFd(copy.metadataFd);
  }
}
