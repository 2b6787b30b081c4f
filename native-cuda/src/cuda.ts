import { binding, CudaDeviceRaw, CudaStatusRaw } from './binding';

export type CudaStatus = CudaStatusRaw;
export type CudaDevice = CudaDeviceRaw;

/** A CUDA IPC handle: 64 opaque bytes that another process opens. */
export type IpcHandle = Buffer;

/** A device allocation owned by this process. */
export class DeviceBuffer {
  private freed = false;

  constructor(
    readonly pointer: bigint,
    readonly bytes: number,
    readonly device: number,
  ) {}

  static allocate(bytes: number, device = 0): DeviceBuffer {
    return new DeviceBuffer(binding.cuda.malloc(bytes, device), bytes, device);
  }

  write(view: ArrayBufferView): void {
    if (view.byteLength > this.bytes)
      throw new RangeError(`${view.byteLength} bytes do not fit in ${this.bytes}`);
    binding.cuda.copyToDevice(this.pointer, view, this.device);
  }

  read(bytes = this.bytes): Buffer {
    return binding.cuda.copyToHost(this.pointer, bytes, this.device);
  }

  ipcHandle(): IpcHandle {
    return binding.cuda.ipcGetMemHandle(this.pointer, this.device);
  }

  free(): void {
    if (this.freed) return;
    this.freed = true;
    binding.cuda.free(this.pointer, this.device);
  }
}

/** Another process's allocation, opened from its IPC handle. */
export class IpcMapping {
  private closed = false;

  private constructor(
    readonly pointer: bigint,
    readonly bytes: number,
    readonly device: number,
  ) {}

  static open(handle: IpcHandle, bytes: number, device = 0): IpcMapping {
    return new IpcMapping(binding.cuda.ipcOpenMemHandle(handle, device), bytes, device);
  }

  /** Copies `bytes` from `offset` into host memory (checks, and small regions such as string weights). */
  read(bytes = this.bytes, offset = 0): Buffer {
    if (offset + bytes > this.bytes)
      throw new RangeError(`${offset}+${bytes} is past the ${this.bytes}-byte mapping`);
    return binding.cuda.copyToHost(this.pointer + BigInt(offset), bytes, this.device);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    binding.cuda.ipcCloseMemHandle(this.pointer, this.device);
  }
}

/**
 * The CUDA runtime as found at run time. On a machine without a GPU or
 * without the CUDA library, status() says why and every other call throws
 * an error with code ERR_CUDA_UNAVAILABLE and that reason.
 */
export const cuda = {
  status(): CudaStatus {
    return binding.cuda.status();
  },
  available(): boolean {
    return binding.cuda.status().available;
  },
  devices(): CudaDevice[] {
    const { deviceCount } = binding.cuda.status();
    return Array.from({ length: deviceCount }, (_, index) => binding.cuda.deviceProperties(index));
  },
};
