import type { SeqPacketChannel } from '@trims/native-cuda';
import { encodeFrame, ErrorCode, INLINE_FRAME_LIMIT, IReply, Reply } from '@trims/protocol';

import type { Allowance } from './peer-counts';
import { protocolError } from './protocol-error';

/**
 * What one uid's large replies (spilled into memfds: a long list) that its
 * peers have not read yet may weigh together: each pins its memfd in the
 * daemon's name until read, and a peer that never reads could otherwise
 * make the daemon hold gigabytes, a kernel queue's worth per connection.
 */
export const LARGE_REPLY_BYTES_PER_UID = 64 << 20;
/** How often a connection with large replies unread asks whether they have been read. */
const SETTLE_MS = 50;

/**
 * One connection's large replies that its peer may not have read: charged
 * to the uid's allowance when sent, given back once the socket says the
 * peer has read everything sent (SIOCOUTQ), which is asked before each
 * large reply and then every SETTLE_MS (a native timer) until it has.
 */
export class LargeReplies {
  private unread = 0;
  /** What to do once the peer has read them all (close the connection). */
  private whenRead: (() => void) | undefined;

  constructor(
    private readonly channel: SeqPacketChannel,
    private readonly allowance: Allowance,
  ) {
    channel.on('wake', () => this.settle());
    channel.on('close', () => this.giveBack());
  }

  /**
   * `frame` (the reply to request `id`), or in place of a large one over the
   * uid's allowance an error saying so (a large reply is a listing: nothing
   * is lost but the list).
   */
  within(frame: Buffer, id: IReply['id']): Buffer {
    if (frame.length <= INLINE_FRAME_LIMIT || this.take(frame.length)) return frame;
    const error = protocolError(
      `uid ${this.channel.peer.uid}'s large replies not yet read weigh ${LARGE_REPLY_BYTES_PER_UID} bytes (the limit): read them first`,
      ErrorCode.UNAVAILABLE,
    );
    return encodeFrame(Reply.encode({ id, error: error.toWire() }).finish());
  }

  /** Whether a large reply of `bytes` may be sent now (then it is charged). */
  private take(bytes: number): boolean {
    this.settle();
    if (!this.allowance.take(bytes)) return false;
    this.unread += bytes;
    this.channel.wakeIn(SETTLE_MS);
    return true;
  }

  /** Runs `then` once the peer has read every large reply (at once when there is none unread); reads nothing meanwhile. */
  afterRead(then: () => void): void {
    this.settle();
    if (this.unread === 0) return then();
    this.whenRead = then;
    this.channel.pauseReading(); // its hang-up still closes it (and gives back)
  }

  private settle(): void {
    if (this.unread === 0) return;
    if (this.channel.unreadBytes() === 0) this.giveBack();
    else this.channel.wakeIn(SETTLE_MS);
  }

  private giveBack(): void {
    this.allowance.give(this.unread);
    this.unread = 0;
    const then = this.whenRead;
    this.whenRead = undefined;
    then?.();
  }
}
