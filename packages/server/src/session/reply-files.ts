import { ErrorCode, TrimsError } from '@trims/protocol';

import type { Allowance } from './peer-counts';

/**
 * The fds of one reply, held against its uid's allowance of held files
 * until sent: a reply waits in the connection's queue while the peer does
 * not read, and each fd in it is one of the daemon's. An Open's is taken
 * before it is opened, so that a thousand Opens ending at once (joined on
 * one fetch) cannot open a thousand.
 */
export class ReplyFiles {
  private held = 0;

  constructor(
    private readonly allowance: Allowance,
    private readonly uid: number,
  ) {}

  /** Holds `count` in all; else runs `refused` (undoing what the reply would give) and throws UNAVAILABLE. */
  hold(count: number, refused: () => void = () => undefined): void {
    if (count <= this.held) return;
    if (!this.allowance.take(count - this.held)) {
      refused();
      throw new TrimsError(
        ErrorCode.UNAVAILABLE,
        `uid ${this.uid} holds as many fds as it may in replies it has not read and files its requests brought: read the replies, then retry`,
      );
    }
    this.held = count;
  }

  release(): void {
    this.allowance.give(this.held);
    this.held = 0;
  }
}
