import { Writer } from 'protobufjs/minimal';

import { TrimsError } from './errors';
import { ErrorCode } from './messages';

/** Frames above this are refused (replies with large topologies stay well under). */
export const DEFAULT_MAX_FRAME = 16 * 1024 * 1024;
/**
 * A reply fits one socket message (the send buffer is ~208 KiB): the daemon
 * makes each this size at most (a listing comes in pages), so that no reply
 * needs memory of its own outside the socket's queue.
 */
export const REPLY_FRAME_LIMIT = 64 * 1024;

/** One frame: a varint length, then that many bytes. */
export function encodeFrame(body: Uint8Array): Buffer {
  return Buffer.concat([Writer.create().uint32(body.length).finish(), body]);
}

/** A message's frame written in one pass: `encode` writes into a fork that becomes the length-prefixed body. */
export function encodeFrameOf<T>(
  message: T,
  encode: (message: T, writer: Writer) => Writer,
): Uint8Array {
  return encode(message, Writer.create().fork()).ldelim().finish();
}

/** A varint of up to 64 bits, as a number (exact up to 2^53, which is all a size needs). */
function readLength(frame: Uint8Array): { value: number; length: number } {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < Math.min(frame.length, 10); i++) {
    const byte = frame[i]!;
    value += (byte & 0x7f) * scale;
    scale *= 128;
    if ((byte & 0x80) === 0) return { value, length: i + 1 };
  }
  throw new TrimsError(ErrorCode.BAD_REQUEST, 'malformed frame: no valid length prefix', {
    tier: 'protocol',
  });
}

/**
 * The body of one frame. The prefix must equal what follows: a frame that
 * claims more (e.g. 4 GB) or less than it carries is refused, named.
 */
export function decodeFrame(frame: Uint8Array, maxFrame = DEFAULT_MAX_FRAME): Uint8Array {
  const { value: claimed, length } = readLength(frame);
  if (claimed > maxFrame) {
    throw new TrimsError(
      ErrorCode.FRAME_TOO_LARGE,
      `frame claims ${claimed} bytes; the limit is ${maxFrame}`,
      { tier: 'protocol' },
    );
  }
  if (claimed !== frame.length - length) {
    throw new TrimsError(
      ErrorCode.BAD_REQUEST,
      `frame claims ${claimed} bytes but carries ${frame.length - length}`,
      {
        tier: 'protocol',
      },
    );
  }
  return frame.subarray(length);
}
