import { TrimsError } from '../errors';
import { ErrorCode } from '../messages';

import {
  CHECKSUM_AT,
  CHECKSUM_END,
  FORMAT_VERSION,
  HEADER_BYTES,
  MAGIC,
  SegmentHeader,
  TensorEntry,
} from './format';
import { sha256 } from './sha256';

function invalid(why: string, tier: string): TrimsError {
  return new TrimsError(ErrorCode.CORRUPT_MODEL, `invalid segment: ${why}`, { tier });
}

/**
 * Reads and checks a segment's header (not its checksum: see verifySegment).
 * `bytes` may hold only the segment's start when `totalBytes` gives its
 * size (a header alone, or the gpu tier's metadata: header, topology, table).
 */
export function readHeader(
  bytes: Uint8Array,
  tier = 'disk',
  totalBytes = bytes.length,
): SegmentHeader {
  if (totalBytes < HEADER_BYTES || bytes.length < HEADER_BYTES)
    throw invalid(`${totalBytes} bytes is shorter than a header`, tier);
  const header = Buffer.from(bytes.buffer, bytes.byteOffset, HEADER_BYTES);
  if (!header.subarray(0, 8).equals(MAGIC)) throw invalid('bad magic', tier);
  const version = header.readUInt32LE(8);
  if (version !== FORMAT_VERSION)
    throw invalid(`format version ${version}, expected ${FORMAT_VERSION}`, tier);
  const region = (at: number): { offset: number; length: number } => ({
    offset: Number(header.readBigUInt64LE(at)),
    length: Number(header.readBigUInt64LE(at + 8)),
  });
  const result: SegmentHeader = {
    version,
    json: region(16),
    table: region(32),
    data: region(48),
    checksum: Buffer.from(header.subarray(64, 96)),
    digest: header.subarray(96, 128).toString('hex'),
    totalBytes,
  };
  for (const [name, r] of [
    ['json', result.json],
    ['table', result.table],
    ['data', result.data],
  ] as const) {
    if (r.offset < HEADER_BYTES || r.offset + r.length > totalBytes)
      throw invalid(`${name} region out of bounds`, tier);
  }
  return result;
}

/** A segment's checksum: every byte but the checksum's own (see format.ts). */
export function segmentChecksum(bytes: Uint8Array): Buffer {
  return sha256(bytes.subarray(0, CHECKSUM_AT), bytes.subarray(CHECKSUM_END));
}

/** Recomputes the checksum: a flipped bit anywhere, the header's offsets included, is found. */
export function verifySegment(bytes: Uint8Array, header: SegmentHeader, tier = 'disk'): void {
  const actual = segmentChecksum(bytes);
  if (!actual.equals(header.checksum))
    throw invalid('checksum mismatch (the cached bytes changed)', tier);
}

export interface SegmentContents {
  header: SegmentHeader;
  modelJson: string;
  tensors: TensorEntry[];
}

/** The header, topology and tensor table of a mapped segment, or of its start (see readHeader: what a client needs besides the tensor bytes). */
export function readContents(
  bytes: Uint8Array,
  tier = 'disk',
  totalBytes = bytes.length,
): SegmentContents {
  return readContentsAt(
    (offset, length) => {
      if (offset + length > bytes.length)
        throw invalid(
          `a region ends at ${offset + length}, past the ${bytes.length} bytes read`,
          tier,
        );
      return bytes.subarray(offset, offset + length);
    },
    totalBytes,
    tier,
  );
}

/** A segment's header and tensor table, read by regions (see readContentsAt). */
export interface SegmentTable {
  header: SegmentHeader;
  tensors: TensorEntry[];
}

const utf8 = (bytes: Uint8Array): string =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8');

/**
 * The header and tensor table alone, checked: what a client needs when it
 * has the model's topology already (it read model.json itself).
 */
export function readTensorTable(
  read: (offset: number, length: number) => Uint8Array,
  totalBytes: number,
  tier = 'disk',
): SegmentTable {
  const header = readHeader(read(0, Math.min(HEADER_BYTES, totalBytes)), tier, totalBytes);
  let tensors: TensorEntry[];
  try {
    tensors = JSON.parse(utf8(read(header.table.offset, header.table.length))) as TensorEntry[];
  } catch {
    throw invalid('unreadable tensor table', tier);
  }
  for (const t of tensors) {
    if (t.offset % 64 !== 0 || t.offset + t.byteLength > totalBytes)
      throw invalid(`tensor ${t.name} out of bounds or misaligned`, tier);
  }
  return { header, tensors };
}

/**
 * The same plus the topology, from a segment read by regions (e.g. copied
 * out of a map that no ArrayBuffer covers): only the header, topology and
 * table are read.
 */
export function readContentsAt(
  read: (offset: number, length: number) => Uint8Array,
  totalBytes: number,
  tier = 'disk',
): SegmentContents {
  const { header, tensors } = readTensorTable(read, totalBytes, tier);
  return { header, modelJson: utf8(read(header.json.offset, header.json.length)), tensors };
}
