import { createSealedSegment } from '@trims/native-cuda';
import { INLINE_FRAME_LIMIT, SPILL_ANNOUNCEMENT } from '@trims/protocol';

/** What to send for `frame`: itself, or the announcement and a sealed memfd to close once sent. */
export function spillIfLarge(frame: Buffer): { data: Buffer; memfd?: number } {
  if (frame.length <= INLINE_FRAME_LIMIT) return { data: frame };
  const memfd = createSealedSegment('trims-reply', frame.length, (target) => target.set(frame));
  return { data: SPILL_ANNOUNCEMENT, memfd };
}
