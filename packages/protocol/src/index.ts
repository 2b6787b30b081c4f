export {
  Request,
  Reply,
  ErrorCode,
  Tier,
  PROTOCOL_VERSION,
  tierName,
  tierFromName,
  v1,
} from './messages';
export type { IRequest, IReply, IOpenReply, IModelInfo, TierName, RequestKind } from './messages';
export { TrimsError } from './errors';
export type { ErrorContext } from './errors';
export { encodeFrame, decodeFrame, DEFAULT_MAX_FRAME } from './framing';
export { spillIfLarge, unspill, INLINE_FRAME_LIMIT } from './spilled-frame';
export { defaultSocketPath } from './socket-path';
export { TrimsClient } from './client';
export { checkDaemon, trustedDaemonUids } from './daemon-trust';
export { openModelFiles, isFileUrl, filesFor } from './model-files';
export type { ModelFiles } from './model-files';
export { requestWithFiles } from './request-with-files';
export type { Answer, Replies, ConnectOptions, RequestOptions } from './client';
export { readHeader, readContents, verifySegment } from './segment/read-segment';
export type { SegmentContents } from './segment/read-segment';
export { ALIGNMENT, HEADER_BYTES, FORMAT_VERSION, MAGIC, alignUp } from './segment/format';
export type { TensorEntry, SegmentDType, SegmentHeader } from './segment/format';
export { sha256 } from './segment/sha256';
