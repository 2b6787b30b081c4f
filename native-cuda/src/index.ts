export { binding } from './binding';
export type { NativeBinding } from './binding';
export { isNativeError } from './errors';
export type { NativeError } from './errors';
export {
  createSealedSegment,
  mapReadOnly,
  unmap,
  closeFd,
  fileSize,
  seals,
  pageSize,
} from './shared-memory';
export type { MapOptions, Seals } from './shared-memory';
export { SeqPacketChannel, channelPair, connect } from './channel';
export type { Message, PeerCredentials, ChannelOptions } from './channel';
export { SeqPacketServer } from './server';
export type { ListenOptions } from './server';
export { cuda, DeviceBuffer, IpcMapping } from './cuda';
export type { CudaStatus, CudaDevice, IpcHandle } from './cuda';
export { raiseFdLimit } from './limits';
export type { FdLimit } from './limits';
