import { EventEmitter } from 'node:events';
import { lstatSync, rmSync } from 'node:fs';

import { binding, FdWatcherRaw } from './binding';
import { ChannelOptions, SeqPacketChannel } from './channel';

export interface ListenOptions extends ChannelOptions {
  /** File mode of the socket; owner-only by default. Applied before anyone can connect. */
  mode?: number;
  backlog?: number;
}

/** Accept errors that mean "out of descriptors or memory for now": waiting helps, retrying at once spins. */
const EXHAUSTED = new Set(['EMFILE', 'ENFILE', 'ENOBUFS', 'ENOMEM']);
const MAX_BACKOFF_MS = 1000;

export interface SeqPacketServerEvents {
  connection: [SeqPacketChannel];
  error: [Error];
  close: [];
}

/** A listening Unix SOCK_SEQPACKET socket. */
export class SeqPacketServer extends EventEmitter<SeqPacketServerEvents> {
  private readonly watcher: FdWatcherRaw;
  private closed = false;
  private backoffMs = 0;
  private resume: NodeJS.Timeout | undefined;

  private constructor(
    private readonly fd: number,
    readonly path: string,
    private readonly options: ChannelOptions,
    /** The socket file bound: close removes the path only while it is still this one. */
    private readonly bound: { dev: number; ino: number } | undefined,
  ) {
    super();
    this.watcher = new binding.FdWatcher(fd, (error) => this.onReadable(error));
    this.watcher.start(true, false);
  }

  static listen(path: string, options: ListenOptions = {}): SeqPacketServer {
    const fd = binding.listen(path, options.backlog ?? 511, options.mode ?? 0o600);
    return new SeqPacketServer(fd, path, options, lstatSync(path, { throwIfNoEntry: false }));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.resume);
    this.watcher.close();
    binding.closeFd(this.fd);
    // Not another's: a daemon started since may have put its own socket here.
    const now = lstatSync(this.path, { throwIfNoEntry: false });
    if (now !== undefined && now.dev === this.bound?.dev && now.ino === this.bound.ino)
      rmSync(this.path, { force: true });
    process.nextTick(() => this.emit('close'));
  }

  /**
   * Out of descriptors: the pending connection stays readable, so stop
   * watching for a while (doubling up to a second) instead of spinning.
   */
  private backOff(): void {
    this.backoffMs = Math.min(MAX_BACKOFF_MS, Math.max(10, this.backoffMs * 2));
    this.watcher.stop();
    this.resume = setTimeout(() => {
      if (!this.closed) this.watcher.start(true, false);
    }, this.backoffMs);
  }

  private onReadable(error: Error | null): void {
    if (this.closed) return;
    if (error !== null) {
      this.emit('error', error);
      return;
    }
    for (;;) {
      let fd: number;
      try {
        fd = binding.accept(this.fd);
      } catch (acceptError) {
        const code = (acceptError as { code?: string }).code ?? '';
        if (EXHAUSTED.has(code)) this.backOff();
        this.emit('error', acceptError as Error); // keep listening
        return;
      }
      if (fd < 0) return;
      this.backoffMs = 0;
      this.emit('connection', new SeqPacketChannel(fd, this.options));
    }
  }
}
