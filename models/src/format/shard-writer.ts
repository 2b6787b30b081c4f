import * as fs from 'node:fs';
import * as path from 'node:path';

/** The converter's default shard size: 4 MB. */
export const SHARD_BYTES = 4 * 1024 * 1024;

export function shardNames(totalBytes: number, group = 1): string[] {
  const count = Math.max(1, Math.ceil(totalBytes / SHARD_BYTES));
  return Array.from({ length: count }, (_, i) => `group${group}-shard${i + 1}of${count}.bin`);
}

/**
 * Writes one byte stream into consecutive 4 MB shard files; a weight may
 * span a shard boundary, as in the converter's output.
 */
export class ShardWriter {
  private index = 0;
  private written = 0;
  private fd: number;

  constructor(
    private readonly dir: string,
    private readonly names: readonly string[],
  ) {
    this.fd = fs.openSync(path.join(dir, names[0]!), 'w');
  }

  write(bytes: Uint8Array): void {
    let offset = 0;
    while (offset < bytes.length) {
      if (this.written === SHARD_BYTES) this.nextShard();
      const take = Math.min(bytes.length - offset, SHARD_BYTES - this.written);
      fs.writeSync(this.fd, bytes, offset, take);
      offset += take;
      this.written += take;
    }
  }

  private nextShard(): void {
    fs.closeSync(this.fd);
    this.index++;
    if (this.index >= this.names.length)
      throw new Error('more weight bytes than the manifest announced');
    this.fd = fs.openSync(path.join(this.dir, this.names[this.index]!), 'w');
    this.written = 0;
  }

  close(): void {
    fs.closeSync(this.fd);
    if (this.index !== this.names.length - 1)
      throw new Error('fewer weight bytes than the manifest announced');
  }
}
