/**
 * The one aligned layout, the same bytes in every tier (memfd, disk file,
 * GPU block):
 *
 *   0    magic "TRIMSSEG"              8 bytes
 *   8    format version (u32 LE)       = 2
 *   12   header bytes (u32 LE)         = 128
 *   16   model json offset, length     u64 LE each (model.json minus its weightsManifest)
 *   32   tensor table offset, length   u64 LE each (JSON array of TensorEntry)
 *   48   data offset, length           u64 LE each (each tensor 64-byte aligned)
 *   64   checksum                      32 bytes: sha256 of bytes [0, 64) and [96, end),
 *                                      every byte but its own (the header's offsets too)
 *   96   model digest (sha256)         32 bytes
 *   128  model json, tensor table, padding, tensor data
 */
export const MAGIC = Buffer.from('TRIMSSEG', 'latin1');
/** 2: the checksum covers the header too (in 1 it began at byte 128: a flipped offset went unseen). */
export const FORMAT_VERSION = 2;
export const HEADER_BYTES = 128;
/** Where the checksum lies in the header: it covers every byte but these. */
export const CHECKSUM_AT = 64;
export const CHECKSUM_END = 96;
/** TensorFlow shares (never copies) a buffer that is 64-byte aligned. */
export const ALIGNMENT = 64;

export type SegmentDType = 'float32' | 'int32' | 'bool' | 'string';

/** tfjs's weight groups: a Layers model saved with its optimizer has 'optimizer' weights. */
export type WeightGroup = 'model' | 'optimizer';

export interface TensorEntry {
  name: string;
  dtype: SegmentDType;
  shape: number[];
  /** The manifest's group of this weight, when it names one (older segments never do). */
  group?: WeightGroup;
  /** From the start of the segment; a multiple of ALIGNMENT. */
  offset: number;
  byteLength: number;
}

export interface SegmentHeader {
  version: number;
  json: { offset: number; length: number };
  table: { offset: number; length: number };
  data: { offset: number; length: number };
  checksum: Buffer;
  digest: string;
  totalBytes: number;
}

export function alignUp(value: number, alignment = ALIGNMENT): number {
  return Math.ceil(value / alignment) * alignment;
}
