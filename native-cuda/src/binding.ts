import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The native core's exports, as src/../csrc defines them. */
export interface CudaStatusRaw {
  available: boolean;
  deviceCount: number;
  reason?: string;
  /** The driver library loaded (libcuda.so.1, or the stand-in's path). */
  library?: string;
  driverVersion?: number;
  /** Set when the library is the TrIMS stand-in (TRIMS_CUDA_DRIVER=standin): its description. */
  standIn?: string;
}

export interface CudaDeviceRaw {
  index: number;
  name: string;
  computeCapability: string;
  multiProcessors: number;
  virtualMemoryManagement: boolean;
  posixFdHandles: boolean;
  totalMemory: number;
  freeMemory: number;
  /** cuMemCreate sizes are multiples of this. */
  granularity: number;
  pciBusId: string;
}

/** A mapped range of device memory in this process. */
export interface DeviceRangeRaw {
  readonly pointer: bigint;
  /** Bytes mapped: the allocation's size, a multiple of the granularity. */
  readonly size: number;
  readonly released: boolean;
  read(bytes: number, offset: number): Buffer;
  write(view: ArrayBufferView, offset: number): void;
  release(): void;
}

export interface DeviceAllocationRaw extends DeviceRangeRaw {
  exportFd(): number;
  /** A copy on a libuv thread: the view's bytes to the device at `offset` (toDevice), or back into the view. */
  copyAsync(view: ArrayBufferView, offset: number, toDevice: boolean): Promise<void>;
}

export interface DeviceMappingRaw extends DeviceRangeRaw {
  readonly readOnly: boolean;
}

export interface ReceivedRaw {
  data?: Buffer;
  fds?: number[];
  eof?: boolean;
  /** With eof: the peer closed (not only shut down its sending side). */
  hungUp?: boolean;
}

export interface FdWatcherRaw {
  /**
   * hangUp: report the peer's hang-up (hungUp) even while not reading, its
   * half-close included; fullHangUp: only a peer that closed.
   */
  start(readable: boolean, writable: boolean, hangUp?: boolean, fullHangUp?: boolean): void;
  stop(): void;
  close(): void;
  setKeepsAlive(keep: boolean): void;
  /** The callback runs once with woken = true after `ms` (0 cancels); never keeps the process alive. */
  wakeIn(ms: number): void;
}

export interface NativeBinding {
  memfdCreate(name: string, size: number): number;
  seal(fd: number): void;
  getSeals(fd: number): { write: boolean; shrink: boolean; grow: boolean; seal: boolean };
  fileSize(fd: number): number;
  map(
    fd: number,
    offset: number,
    length: number,
    writable: boolean,
    populate: boolean,
    lock: boolean,
  ): ArrayBuffer;
  unmap(buffer: ArrayBuffer): void;
  closeFd(fd: number): void;
  addressOf(buffer: ArrayBuffer): bigint;
  mapHost(fd: number, length: number): { address: bigint; byteLength: number; owner: object };
  readHost(owner: object, offset: number, length: number): Buffer;
  redirectFd(fd: number, to: number): number;
  restoreFd(fd: number, saved: number): void;
  pageSize: number;

  socketPair(): [number, number];
  listen(path: string, backlog: number, mode: number): number;
  accept(fd: number): number;
  connect(path: string): number;
  sendMessage(fd: number, data: Uint8Array, fds: readonly number[]): boolean;
  receiveMessage(fd: number, maxBytes: number): ReceivedRaw | null;
  peerCredentials(fd: number): { pid: number; uid: number; gid: number };
  unreadBytes(fd: number): number;
  maxFdsPerMessage: number;
  raiseFdLimit(): { before: number; soft: number; hard: number };
  openFiles(paths: readonly string[]): number[];
  closeFiles(fds: readonly number[]): void;
  inspectFiles(fds: readonly number[]): Promise<{ fields: BigUint64Array; names: string }>;
  inspectFields: number;
  lockExclusive(fd: number): boolean;
  fileEndWatchInit(): number;
  fileEndWatchAdd(watchFd: number, fd: number): number;
  fileEndWatchRemove(watchFd: number, wd: number): void;
  /** (wd, mask) pairs. */
  fileEndWatchRead(watchFd: number): Int32Array;
  IN_Q_OVERFLOW: number;
  IN_IGNORED: number;

  FdWatcher: new (
    fd: number,
    callback: (
      error: Error | null,
      readable: boolean,
      writable: boolean,
      woken: boolean,
      hungUp: boolean,
    ) => void,
  ) => FdWatcherRaw;

  cuda: {
    status(): CudaStatusRaw;
    deviceProperties(device: number): CudaDeviceRaw;
    pinnedHostBuffer(bytes: number, device: number): ArrayBuffer;
    DeviceAllocation: new (bytes: number, device: number) => DeviceAllocationRaw;
    DeviceMapping: new (fd: number, size: number, device: number) => DeviceMappingRaw;
  };
}

// By name, not by __dirname: the same code also runs bundled into @trims/tfjs.
const PACKAGE_ROOT = dirname(require.resolve('@trims/native-cuda/package.json'));
const CANDIDATES = [
  join(PACKAGE_ROOT, 'build', 'Release', 'trims_native.node'),
  join(PACKAGE_ROOT, 'build', 'Debug', 'trims_native.node'),
];

/**
 * Loads the .node file. When that fails, one message lists every cause
 * found and ends with what to do, instead of a bare "Cannot find module".
 */
function load(): NativeBinding {
  const causes: string[] = [];
  for (const candidate of CANDIDATES) {
    if (!existsSync(candidate)) {
      causes.push(`${candidate}: not built`);
      continue;
    }
    try {
      return require(candidate) as NativeBinding;
    } catch (error) {
      causes.push(`${candidate}: ${(error as Error).message}`);
    }
  }
  if (process.platform !== 'linux')
    causes.push(`platform ${process.platform}: only Linux is supported (memfd, SCM_RIGHTS)`);
  throw new Error(
    [
      'Could not load the @trims/native-cuda addon.',
      ...causes.map((cause) => `- ${cause}`),
      'Possible solutions:',
      '- run `npm run setup` from the repository root (it builds the addon with node-gyp)',
      '- check that python3, make and g++ are installed',
    ].join('\n'),
  );
}

export const binding: NativeBinding = load();
