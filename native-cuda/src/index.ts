export { binding } from './binding';
export type { NativeBinding } from './binding';
export { isNativeError } from './errors';
export type { NativeError } from './errors';
export {
  createSealedSegment,
  createSealedSegmentAsync,
  mapReadOnly,
  unmap,
  closeFd,
  fileSize,
  seals,
  pageSize,
  HostMapping,
} from './shared-memory';
export type { MapOptions, Seals } from './shared-memory';
export { SeqPacketChannel, channelPair, connect } from './channel';
export type { Message, PeerCredentials, ChannelOptions } from './channel';
export { SeqPacketServer } from './server';
export type { ListenOptions } from './server';
export { cuda, CUDA_DRIVER_ENV, DeviceAllocation, DeviceMapping } from './cuda';
export type { CudaStatus, CudaDevice } from './cuda';
export { raiseFdLimit } from './limits';
export { closeFiles, inspectFiles, lockExclusive, openFiles } from './files';
export { FileEndWatch } from './file-end-watch';
export type { WatchedFile } from './file-end-watch';
export type { InspectedFile } from './files';
export type { FdLimit } from './limits';
export { filterStderr } from './capture-stderr';
