import { ErrorCode, TrimsError } from '@trims/protocol';

import type { ReadLimits } from './source';

/**
 * Collects (or passes on) a body's chunks, failing as soon as it exceeds
 * its limit, so an endless or oversized body costs at most the limit.
 */
export class BoundedBody {
  private readonly chunks: Buffer[] = [];
  received = 0;

  constructor(
    private readonly limits: ReadLimits,
    private readonly url: string,
    private readonly model: string,
  ) {}

  add(chunk: Uint8Array): void {
    this.received += chunk.length;
    if (this.received > this.limits.maxBytes)
      throw new TrimsError(
        ErrorCode.CORRUPT_MODEL,
        `${this.url}: the body exceeds its limit of ${this.limits.maxBytes} bytes (stopped reading)`,
        { model: this.model, tier: 'remote' },
      );
    if (this.limits.onChunk) this.limits.onChunk(chunk);
    else this.chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length));
  }

  body(): Buffer {
    return Buffer.concat(this.chunks);
  }
}
