import type { SeqPacketChannel } from '@trims/native-cuda';
import { encodeFrame, Request } from '@trims/protocol';

/** SCM_MAX_FD: the kernel takes at most 253 fds per message. */
const FDS_PER_MESSAGE = 253;
const MORE_FILES = encodeFrame(Request.encode({ id: 0, moreFiles: {} }).finish());

/**
 * A request's frame and its fds. One message carries at most
 * FDS_PER_MESSAGE fds: more go ahead in MoreFiles frames (no reply), which
 * the daemon holds for the request; the channel keeps their order.
 */
export function sendWithFiles(
  channel: SeqPacketChannel,
  frame: Uint8Array,
  fds: readonly number[],
): Promise<void> {
  const sends: Array<Promise<void>> = [];
  let at = 0;
  for (; fds.length - at > FDS_PER_MESSAGE; at += FDS_PER_MESSAGE)
    sends.push(channel.send(MORE_FILES, fds.slice(at, at + FDS_PER_MESSAGE)));
  sends.push(channel.send(frame, fds.slice(at)));
  return Promise.all(sends).then(() => undefined);
}
