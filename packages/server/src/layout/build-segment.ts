import {
  alignUp,
  CHECKSUM_AT,
  FORMAT_VERSION,
  HEADER_BYTES,
  MAGIC,
  segmentChecksum,
  TensorEntry,
} from '@trims/protocol';

import { decodeWeight, WeightPlan } from './decode-weights';

/** Where everything goes, decided before any byte is written (the segment is allocated at its exact size). */
export interface SegmentPlan {
  totalBytes: number;
  json: Buffer;
  table: Buffer;
  jsonOffset: number;
  tableOffset: number;
  dataOffset: number;
  entries: TensorEntry[];
  weights: WeightPlan[];
}

export function planSegment(modelJson: object, weights: WeightPlan[]): SegmentPlan {
  const json = Buffer.from(JSON.stringify(modelJson), 'utf8');
  const jsonOffset = HEADER_BYTES;
  // The table's size depends on the offsets it records; offsets depend on where data starts.
  // Lay out data after a table sized with the widest possible offsets, then fix it.
  const provisional = weights.map((w) => ({
    name: w.name,
    dtype: w.dtype,
    shape: w.shape,
    ...(w.group ? { group: w.group } : {}),
    offset: Number.MAX_SAFE_INTEGER,
    byteLength: w.byteLength,
  }));
  const tableOffset = jsonOffset + json.length;
  const tableRoom = Buffer.byteLength(JSON.stringify(provisional));
  const dataOffset = alignUp(tableOffset + tableRoom);
  let cursor = dataOffset;
  const entries: TensorEntry[] = weights.map((w) => {
    const entry: TensorEntry = {
      name: w.name,
      dtype: w.dtype,
      shape: w.shape,
      ...(w.group ? { group: w.group } : {}),
      offset: cursor,
      byteLength: w.byteLength,
    };
    cursor = alignUp(cursor + w.byteLength);
    return entry;
  });
  const table = Buffer.from(JSON.stringify(entries), 'utf8');
  return {
    totalBytes: Math.max(cursor, dataOffset),
    json,
    table,
    jsonOffset,
    tableOffset,
    dataOffset,
    entries,
    weights,
  };
}

/**
 * Writes the segment into `target` (exactly plan.totalBytes, zeroed, e.g. a
 * fresh memfd map): header, json, table, each tensor decoded at its offset,
 * then the digest and the checksum over everything after the header.
 */
export function writeSegment(
  plan: SegmentPlan,
  weightData: Uint8Array,
  digest: string,
  target: Uint8Array,
): void {
  writeLayout(plan, target);
  plan.weights.forEach((weight, i) => {
    const entry = plan.entries[i]!;
    decodeWeight(
      weight,
      weightData,
      target.subarray(entry.offset, entry.offset + entry.byteLength),
    );
  });
  sealContents(target, digest);
}

/** The header (but its digest and checksum), the topology and the tensor table; the tensors are written apart. */
export function writeLayout(plan: SegmentPlan, target: Uint8Array): void {
  if (target.length !== plan.totalBytes)
    throw new Error(`segment needs ${plan.totalBytes} bytes, got ${target.length}`);
  const header = Buffer.from(target.buffer, target.byteOffset, HEADER_BYTES);
  MAGIC.copy(header, 0);
  header.writeUInt32LE(FORMAT_VERSION, 8);
  header.writeUInt32LE(HEADER_BYTES, 12);
  header.writeBigUInt64LE(BigInt(plan.jsonOffset), 16);
  header.writeBigUInt64LE(BigInt(plan.json.length), 24);
  header.writeBigUInt64LE(BigInt(plan.tableOffset), 32);
  header.writeBigUInt64LE(BigInt(plan.table.length), 40);
  header.writeBigUInt64LE(BigInt(plan.dataOffset), 48);
  header.writeBigUInt64LE(BigInt(plan.totalBytes - plan.dataOffset), 56);
  target.set(plan.json, plan.jsonOffset);
  target.set(plan.table, plan.tableOffset);
}

/** Once every tensor is in place: the model's digest, then the checksum over every other byte. */
export function sealContents(target: Uint8Array, digest: string): void {
  const header = Buffer.from(target.buffer, target.byteOffset, HEADER_BYTES);
  Buffer.from(digest, 'hex').copy(header, 96);
  segmentChecksum(target).copy(header, CHECKSUM_AT);
}
