import { closeFd } from './shared-memory';
import {
  binding,
  CudaDeviceRaw,
  CudaStatusRaw,
  DeviceAllocationRaw,
  DeviceMappingRaw,
} from './binding';

export type CudaStatus = CudaStatusRaw;
export type CudaDevice = CudaDeviceRaw;

/** The environment variable that picks the driver: unset, libcuda.so.1; `standin`, the stand-in; else a path. */
export const CUDA_DRIVER_ENV = 'TRIMS_CUDA_DRIVER';

/** Device memory this process allocated (cuMemCreate), mapped read-write here, exportable as an fd. */
export class DeviceAllocation {
  private constructor(
    private readonly raw: DeviceAllocationRaw,
    /** The bytes asked for; `size` is what was allocated (rounded up to the granularity). */
    readonly bytes: number,
    readonly device: number,
  ) {}

  static allocate(bytes: number, device = 0): DeviceAllocation {
    return new DeviceAllocation(new binding.cuda.DeviceAllocation(bytes, device), bytes, device);
  }

  get pointer(): bigint {
    return this.raw.pointer;
  }

  get size(): number {
    return this.raw.size;
  }

  get released(): boolean {
    return this.raw.released;
  }

  write(view: ArrayBufferView, offset = 0): void {
    this.raw.write(view, offset);
  }

  read(bytes = this.bytes, offset = 0): Buffer {
    return this.raw.read(bytes, offset);
  }

  /** write() off the event loop (a libuv thread); keep `view` unchanged until it resolves. */
  writeAsync(view: ArrayBufferView, offset = 0): Promise<void> {
    return this.raw.copyAsync(view, offset, true);
  }

  /** The device's bytes from `offset` into `view`, off the event loop. */
  readInto(view: ArrayBufferView, offset = 0): Promise<void> {
    return this.raw.copyAsync(view, offset, false);
  }

  /** A new fd of the allocation (cuMemExportToShareableHandle); send it, then close it. */
  exportFd(): number {
    return this.raw.exportFd();
  }

  /** Unmaps (after copies in flight) and drops this process's handle; importers keep what they mapped. */
  release(): void {
    this.raw.release();
  }
}

/**
 * Another process's allocation, imported from its fd (the caller still
 * closes the fd) and mapped read-only where the driver accepts it
 * (`readOnly` says). It is unmapped when collected: make it the owner of
 * every tensor over it and it lives until TensorFlow released them all.
 */
export class DeviceMapping {
  private constructor(
    private readonly raw: DeviceMappingRaw,
    readonly device: number,
  ) {}

  static import(fd: number, size: number, device = 0): DeviceMapping {
    return new DeviceMapping(new binding.cuda.DeviceMapping(fd, size, device), device);
  }

  get pointer(): bigint {
    return this.raw.pointer;
  }

  get size(): number {
    return this.raw.size;
  }

  get readOnly(): boolean {
    return this.raw.readOnly;
  }

  get released(): boolean {
    return this.raw.released;
  }

  /** Copies `bytes` from `offset` into host memory (checks, and small regions such as string weights). */
  read(bytes: number, offset = 0): Buffer {
    return this.raw.read(bytes, offset);
  }

  /** A host-to-device copy into the mapping: fails when it is read-only. */
  write(view: ArrayBufferView, offset = 0): void {
    this.raw.write(view, offset);
  }

  /** Unmaps now; only for a mapping no tensor uses (checks and tools). */
  release(): void {
    this.raw.release();
  }
}

/**
 * The CUDA driver as found at run time. On a machine without a GPU or
 * without the driver, status() says why and every other call throws an
 * error with code ERR_CUDA_UNAVAILABLE and that reason. With
 * TRIMS_CUDA_DRIVER=standin, status().standIn names the stand-in.
 */
export const cuda = {
  status(): CudaStatus {
    return binding.cuda.status();
  },
  available(): boolean {
    return binding.cuda.status().available;
  },
  /** True when the device memory is host memory of the stand-in (tensors go on the CPU device). */
  isStandIn(): boolean {
    return binding.cuda.status().standIn !== undefined;
  },
  devices(): CudaDevice[] {
    const { deviceCount } = binding.cuda.status();
    return Array.from({ length: deviceCount }, (_, index) => binding.cuda.deviceProperties(index));
  },
  /**
   * Whether this driver gives importers read-only mappings: exports a
   * granule and imports it here. Some drivers refuse PROT_READ; mappings
   * are then read-write, and `trims doctor` and `trims status` say so.
   */
  readOnlyMappings(device = 0): boolean {
    const allocation = DeviceAllocation.allocate(1, device);
    const fd = allocation.exportFd();
    try {
      const mapping = DeviceMapping.import(fd, allocation.size, device);
      const readOnly = mapping.readOnly;
      mapping.release();
      return readOnly;
    } finally {
      closeFd(fd);
      allocation.release();
    }
  },
  /** Page-locked host memory, for peak host-to-device copies. */
  pinnedHostBuffer(bytes: number, device = 0): ArrayBuffer {
    return binding.cuda.pinnedHostBuffer(bytes, device);
  },
};
