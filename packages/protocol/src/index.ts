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
export {
  encodeFrame,
  encodeFrameOf,
  decodeFrame,
  DEFAULT_MAX_FRAME,
  REPLY_FRAME_LIMIT,
} from './framing';
export { defaultSocketPath } from './socket-path';
export {
  readHeader,
  readContents,
  readContentsAt,
  readTensorTable,
  verifySegment,
  segmentChecksum,
} from './segment/read-segment';
export type { SegmentContents } from './segment/read-segment';
export {
  ALIGNMENT,
  CHECKSUM_AT,
  CHECKSUM_END,
  HEADER_BYTES,
  FORMAT_VERSION,
  MAGIC,
  alignUp,
} from './segment/format';
export type { TensorEntry, SegmentDType, SegmentHeader, WeightGroup } from './segment/format';
export { sha256 } from './segment/sha256';
/** Sizes as people write them (budgets, quotas) and as reports print them, for the daemon and every client. */
export { parseSize, formatSize } from './size';
