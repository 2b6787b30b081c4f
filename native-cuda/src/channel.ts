import { EventEmitter } from 'node:events';

import { binding, FdWatcherRaw } from './binding';
import type {
  ChannelOptions,
  Message,
  PeerCredentials,
  SeqPacketChannelEvents,
} from './channel-types';

export type { ChannelOptions, Message, PeerCredentials, SeqPacketChannelEvents };

/** Receive errors in a row before a channel gives up (a persistent error must not spin). */
const MAX_ERRORS_PER_DRAIN = 64;

interface Outgoing {
  data: Uint8Array;
  fds: readonly number[];
  resolve: () => void;
  reject: (error: Error) => void;
}

/**
 * One end of a Unix SOCK_SEQPACKET connection: whole messages, each with
 * optional file descriptors, sent in order from one queue so that two
 * senders never interleave, and received on Node's event loop.
 */
export class SeqPacketChannel extends EventEmitter<SeqPacketChannelEvents> {
  /** The process at the other end, as the kernel saw it connect. */
  readonly peer: PeerCredentials;
  private readonly watcher: FdWatcherRaw;
  private readonly queue: Outgoing[] = [];
  private readonly maxMessageBytes: number;
  private readonly halfOpen: boolean;
  private closed = false;
  private readingPaused = false;
  /** The peer sent end of file and still reads (halfOpen): nothing more to take. */
  private hasEnded = false;

  constructor(
    private readonly fd: number,
    options: ChannelOptions = {},
  ) {
    super();
    this.maxMessageBytes = options.maxMessageBytes ?? 1 << 20;
    this.halfOpen = options.halfOpen === true;
    this.peer = binding.peerCredentials(fd);
    this.watcher = new binding.FdWatcher(fd, (error, readable, writable, woken, hungUp) => {
      if (woken) {
        if (!this.closed) this.emit('wake');
      } else if (hungUp && (this.readingPaused || this.hasEnded)) {
        this.close(); // the peer is gone; what it sent last has nobody to answer
      } else this.onReady(error, readable, writable);
    });
    this.watch();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Messages sent but not yet taken by the kernel (the socket is full). */
  get waitingToSend(): number {
    return this.queue.length;
  }

  /** halfOpen: the peer has sent its end of file (see 'end'); the channel still sends. */
  get isEnded(): boolean {
    return this.hasEnded;
  }

  /** Bytes sent that the peer has not read yet (0 once it has read every message, and taken their fds). */
  unreadBytes(): number {
    return this.closed ? 0 : binding.unreadBytes(this.fd);
  }

  /** Lets the process exit while this channel is open (like socket.unref()). */
  unref(): this {
    if (!this.closed) this.watcher.setKeepsAlive(false);
    return this;
  }

  /** Keeps the process alive while this channel is open (the default). */
  ref(): this {
    if (!this.closed) this.watcher.setKeepsAlive(true);
    return this;
  }

  /**
   * Emits 'wake' once after `ms` milliseconds (a later call replaces the
   * earlier; 0 cancels). A native timer: no JS timer is made, and it never
   * keeps the process alive by itself.
   */
  wakeIn(ms: number): void {
    if (!this.closed) this.watcher.wakeIn(ms);
  }

  /** Resolves when the kernel has taken the message; the caller may then close the fds it sent. */
  send(data: Uint8Array, fds: readonly number[] = []): Promise<void> {
    if (this.closed) return Promise.reject(new Error('send on a closed channel'));
    return new Promise((resolve, reject) => {
      this.queue.push({ data, fds, resolve, reject });
      if (this.queue.length === 1) this.flush();
    });
  }

  /**
   * Takes, now, every message the socket already holds ('message' events as
   * the event loop would give them), without waiting for the loop to poll.
   */
  receiveNow(): void {
    if (!this.closed) this.drain();
  }

  /**
   * Drops every message the socket holds, unread, and closes the fds they
   * carry: a peer's own socket among them would keep that peer from ever
   * hanging up. How many were dropped.
   */
  discardQueued(): number {
    let dropped = 0;
    for (let errors = 0; !this.closed && errors < MAX_ERRORS_PER_DRAIN;) {
      let received;
      try {
        received = binding.receiveMessage(this.fd, this.maxMessageBytes);
      } catch {
        errors++; // an oversized message is consumed by the failed read
        continue;
      }
      if (received === null || received.eof) break;
      for (const fd of received.fds!) binding.closeFd(fd);
      dropped++;
    }
    return dropped;
  }

  /**
   * Stops taking messages until resumeReading(): the kernel's buffer then
   * fills and the peer's sends block (back-pressure, e.g. while replies to
   * what it sent are still queued). Sending goes on, and the peer's
   * hang-up still closes the channel.
   */
  pauseReading(): void {
    if (this.closed || this.readingPaused) return;
    this.readingPaused = true;
    this.watch();
  }

  resumeReading(): void {
    if (this.closed || !this.readingPaused) return;
    this.readingPaused = false;
    this.watch();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.watcher.close();
    const pending = this.queue.splice(0);
    for (const message of pending)
      message.reject(new Error('channel closed before the message was sent'));
    process.nextTick(() => this.emit('close'));
    if (this.keepUntilRead) this.releaseWhenRead();
    else this.release();
  }

  /** The socket itself goes: the kernel drops what the peer has not read. */
  private release(): void {
    binding.closeFd(this.fd);
    process.nextTick(() => this.emit('released'));
  }

  /**
   * Whether close() keeps the socket until the peer has read what was sent
   * (see releaseWhenRead): for a sender of fds the peer may not have read.
   * Off, a close hangs up at once (a peer that reads nothing must see it).
   */
  keepUntilRead = false;

  /**
   * Closes the socket once the peer has read every message sent, or hung
   * up, then emits 'released' (at once when it has). Closing our end frees nothing the peer has
   * not read: the kernel keeps those messages in its queue, and counts each
   * fd in them against this user's RLIMIT_NOFILE (past it, every send with
   * fds fails, ETOOMANYREFS) until they are read or the peer closes.
   * Until then the socket says how much is left (SIOCOUTQ).
   */
  private releaseWhenRead(wait = 1): void {
    let unread = 0;
    try {
      unread = binding.unreadBytes(this.fd);
    } catch {
      // not a socket any more: nothing to wait for
    }
    if (unread === 0) return this.release();
    setTimeout(() => this.releaseWhenRead(Math.min(wait * 2, 1_000)), wait).unref();
  }

  /**
   * Readable unless paused or ended, writable while messages wait. Paused
   * or ended, the peer's hang-up only: for a halfOpen channel a hang-up
   * proper (a half-close is its end of file, taken when reading resumes,
   * and already taken once ended), for others any.
   */
  private watch(): void {
    const reading = !this.readingPaused && !this.hasEnded;
    const idle = this.readingPaused || this.hasEnded;
    // halfOpen: a half-close (EPOLLRDHUP) is not a hang-up; POLLHUP alone is.
    this.watcher.start(
      reading,
      this.queue.length > 0,
      idle && !this.halfOpen,
      idle && this.halfOpen,
    );
  }

  private onReady(error: Error | null, readable: boolean, writable: boolean): void {
    if (this.closed) return;
    if (error !== null) {
      // POLLERR (libuv names it EBADF): the peer closed with messages of ours
      // unread, so the kernel reset the connection. What it sent before it
      // went (a refusal saying why, say) is still queued: taken first.
      this.drain(true);
      this.close();
      return;
    }
    if (writable) this.flush();
    if (readable) this.drain();
  }

  private flush(): void {
    while (this.queue.length > 0 && !this.closed) {
      const next = this.queue[0]!;
      let sent: boolean;
      try {
        sent = binding.sendMessage(this.fd, next.data, next.fds);
      } catch (error) {
        this.queue.shift();
        // This user's fds in flight at its RLIMIT_NOFILE: this message fails, the peer is fine.
        if ((error as { code?: string }).code === 'ETOOMANYREFS') {
          next.reject(error as Error);
          continue;
        }
        // EPIPE and the like: the peer is gone. What it sent before it went
        // (a refusal saying why, say) is taken first, then the channel closes.
        this.drain(true);
        next.reject(error as Error);
        this.close();
        return;
      }
      if (!sent) {
        this.watch(); // writable: the message left in the queue
        return;
      }
      this.queue.shift();
      next.resolve();
    }
    if (!this.closed) this.watch();
  }

  /** Takes every message queued; `peerGone`: until the first error too (the reset, once the queue is empty). */
  private drain(peerGone = false): void {
    let errors = 0;
    while (!this.closed && !this.readingPaused && !this.hasEnded) {
      let received;
      try {
        received = binding.receiveMessage(this.fd, this.maxMessageBytes);
      } catch (error) {
        if (peerGone) return;
        this.emit('error', error as Error);
        // An oversized message is consumed by the failed read; an error that repeats is not going away.
        if (++errors >= MAX_ERRORS_PER_DRAIN) this.close();
        continue;
      }
      if (received === null) return;
      if (received.eof) {
        if (this.halfOpen && received.hungUp !== true) {
          this.hasEnded = true;
          this.watch();
          process.nextTick(() => this.emit('end'));
        } else this.close();
        return;
      }
      this.emit('message', { data: received.data!, fds: received.fds! });
    }
  }
}

/** A connected pair in this process (tests, and handing a channel to a child). */
export function channelPair(options: ChannelOptions = {}): [SeqPacketChannel, SeqPacketChannel] {
  const [a, b] = binding.socketPair();
  return [new SeqPacketChannel(a, options), new SeqPacketChannel(b, options)];
}

/** Connects to a listening socket; fails at once (ENOENT, ECONNREFUSED, EAGAIN). */
export function connect(path: string, options: ChannelOptions = {}): SeqPacketChannel {
  return new SeqPacketChannel(binding.connect(path), options);
}
