import { EventEmitter } from 'node:events';
import * as fs from 'node:fs';

import { binding, FdWatcherRaw } from './binding';
import { ChannelOptions, SeqPacketChannel } from './channel';

export interface ListenOptions extends ChannelOptions {
  /** File mode of the socket; owner-only by default. Applied before anyone can connect. */
  mode?: number;
  backlog?: number;
}

export interface SeqPacketServerEvents {
  connection: [SeqPacketChannel];
  error: [Error];
  close: [];
}

/** A listening Unix SOCK_SEQPACKET socket. */
export class SeqPacketServer extends EventEmitter<SeqPacketServerEvents> {
  private readonly watcher: FdWatcherRaw;
  private closed = false;

  private constructor(
    private readonly fd: number,
    readonly path: string,
    private readonly options: ChannelOptions,
  ) {
    super();
    this.watcher = new binding.FdWatcher(fd, (error) => this.onReadable(error));
    this.watcher.start(true, false);
  }

  static listen(path: string, options: ListenOptions = {}): SeqPacketServer {
    const fd = binding.listen(path, options.backlog ?? 511, options.mode ?? 0o600);
    return new SeqPacketServer(fd, path, options);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.watcher.close();
    binding.closeFd(this.fd);
    fs.rmSync(this.path, { force: true });
    process.nextTick(() => this.emit('close'));
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
        this.emit('error', acceptError as Error); // EMFILE and the like: keep listening
        return;
      }
      if (fd < 0) return;
      this.emit('connection', new SeqPacketChannel(fd, this.options));
    }
  }
}
