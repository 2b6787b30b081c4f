import type { SeqPacketChannel } from '@trims/native-cuda';

/**
 * A connection the daemon no longer reads because its peer does not read
 * its replies waits for the peer: its reads, or its hang-up. A peer whose own socket rides in a
 * frame in our queue never hangs up (the kernel holds its end open for that
 * frame). So once the peer has read nothing for `stallMs`, what our queue
 * holds is dropped unread, its fds closed, and `onStall` runs; the watch
 * goes on while the connection still waits (a dead peer's hang-up then
 * comes, and closes it).
 */
export class StallWatch {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly channel: SeqPacketChannel,
    private readonly stallMs: number,
    private readonly onStall: (dropped: number) => void,
  ) {}

  /** Watches while `waiting()` says the connection waits on its peer. */
  watch(waiting: () => boolean): void {
    if (this.timer !== undefined) return;
    let unread = this.channel.unreadBytes();
    let since = Date.now();
    const check = (): void => {
      if (this.channel.isClosed || !waiting()) {
        this.timer = undefined;
        return;
      }
      const now = this.channel.unreadBytes();
      if (now < unread)
        since = Date.now(); // it read something
      else if (Date.now() - since >= this.stallMs) {
        this.onStall(this.channel.discardQueued());
        since = Date.now();
      }
      unread = now;
      this.timer = setTimeout(check, Math.min(this.stallMs, 1_000)).unref();
    };
    this.timer = setTimeout(check, Math.min(this.stallMs, 1_000)).unref();
  }
}
