import { closeFd, createSealedSegment, mapReadOnly, seals, unmap } from '@trims/native-cuda';

import { TrimsError } from './errors';
import { ErrorCode } from './messages';

/**
 * Replies of any size: a frame over INLINE_FRAME_LIMIT does not fit one
 * socket message (the send buffer is ~208 KiB), so it travels as a sealed
 * memfd holding the frame, announced by an empty frame (a single zero
 * length byte) whose first fd is that memfd; the reply's own fds follow.
 */
export const INLINE_FRAME_LIMIT = 64 * 1024;
const ANNOUNCE = Buffer.from([0]);

/** What to send for `frame`: itself, or the announcement and a memfd to close once sent. */
export function spillIfLarge(frame: Buffer): { data: Buffer; memfd?: number } {
  if (frame.length <= INLINE_FRAME_LIMIT) return { data: frame };
  const memfd = createSealedSegment('trims-reply', frame.length, (target) => target.set(frame));
  return { data: ANNOUNCE, memfd };
}

/** The frame a message carries, reading a spilled one from its memfd (which it closes); the other fds. */
export function unspill(data: Buffer, fds: number[]): { frame: Buffer; fds: number[] } {
  if (!(data.length === 1 && data[0] === 0 && fds.length > 0)) return { frame: data, fds };
  const [memfd, ...rest] = fds as [number, ...number[]];
  try {
    if (!seals(memfd).write)
      throw new TrimsError(ErrorCode.BAD_REQUEST, 'a spilled reply came in an unsealed memfd', {
        tier: 'protocol',
      });
    const map = mapReadOnly(memfd);
    try {
      return { frame: Buffer.from(new Uint8Array(map)), fds: rest };
    } finally {
      unmap(map);
    }
  } finally {
    closeFd(memfd);
  }
}
