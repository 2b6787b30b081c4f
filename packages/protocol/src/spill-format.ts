/**
 * Replies of any size: a frame over INLINE_FRAME_LIMIT does not fit one
 * socket message (the send buffer is ~208 KiB), so it travels as a sealed
 * memfd holding the frame, announced by an empty frame (a single zero
 * length byte) whose first fd is that memfd; the reply's own fds follow.
 */
export const INLINE_FRAME_LIMIT = 64 * 1024;
export const SPILL_ANNOUNCEMENT = Buffer.from([0]);

/** Whether a message announces a spilled frame (its first fd holds the frame). */
export function announcesSpill(data: Buffer, fds: readonly number[]): boolean {
  return data.length === 1 && data[0] === 0 && fds.length > 0;
}
