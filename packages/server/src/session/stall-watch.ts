import type { SeqPacketChannel } from '@trims/native-cuda';

/**
 * A connection the daemon no longer reads because its peer does not read
 * its replies (or that lingers for its large replies to be read) waits for
 * the peer: its reads, or its hang-up. A peer whose own socket rides in a
 * frame in our queue never hangs up (the kernel holds its end open for
 * that frame), so such a connection is closed once its peer has read
 * nothing for `stallMs`: closing our end drops our queue, and the socket in
 * it with it.
 */
export class StallWatch {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly channel: SeqPacketChannel,
    private readonly stallMs: number,
    private readonly onStall: () => void,
  ) {}

  /** Watches while `waiting()` says the connection waits on its peer. */
  watch(waiting: () => boolean): void {
    if (this.timer !== undefined) return;
    let unread = this.channel.unreadBytes();
    let since = Date.now();
    const check = (): void => {
      this.timer = undefined;
      if (this.channel.isClosed || !waiting()) return;
      const now = this.channel.unreadBytes();
      if (now < unread) [unread, since] = [now, Date.now()]; // it read something
      if (Date.now() - since >= this.stallMs) return this.onStall();
      this.timer = setTimeout(check, Math.min(this.stallMs, 1_000)).unref();
    };
    this.timer = setTimeout(check, Math.min(this.stallMs, 1_000)).unref();
  }
}
