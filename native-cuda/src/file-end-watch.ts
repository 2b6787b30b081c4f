import { binding, FdWatcherRaw } from './binding';

/** One watched file: whether it is gone (every fd, mapping and reference of it, in any process). */
export interface WatchedFile {
  /** Gone: its inode freed (the kernel's events queued so far read first). */
  readonly gone: boolean;
  /** Runs once it is gone (at once if it is); the watch then ends. */
  whenGone(callback: () => void): void;
  /** Ends the watch: nothing more is called. */
  stop(): void;
}

interface Watched {
  gone: boolean;
  onGone?: () => void;
}

/**
 * Tells when files this process lends (memfds, by their fds) are gone: the
 * kernel frees a memfd's inode only once its last fd, mapping and in-flight
 * reference are gone, whoever held them, and inotify then says so
 * (IN_IGNORED; see file_end_watch.cc). So a lender learns when what it
 * lent, and let go of itself, is let go by everyone.
 */
export class FileEndWatch {
  private readonly fd = binding.fileEndWatchInit();
  private readonly watcher: FdWatcherRaw;
  private readonly files = new Map<number, Watched>();
  private closed = false;

  /** `lost`: the kernel's queue overflowed; an end may have been missed, every watch has ended. */
  constructor(private readonly lost: () => void) {
    this.watcher = new binding.FdWatcher(this.fd, () => this.readEvents());
    this.watcher.setKeepsAlive(false);
    this.watcher.start(true, false);
  }

  /** Watches the file `fd` is open on; undefined when the kernel refuses (its watch limit). */
  watch(fd: number): WatchedFile | undefined {
    let wd: number;
    try {
      wd = binding.fileEndWatchAdd(this.fd, fd);
    } catch {
      return undefined;
    }
    if (this.files.has(wd)) return undefined; // one file watched twice
    const watched: Watched = { gone: false };
    this.files.set(wd, watched);
    const readEvents = (): void => this.readEvents();
    return {
      get gone() {
        readEvents();
        return watched.gone;
      },
      whenGone: (callback) => {
        if (watched.gone) return callback();
        if (this.files.get(wd) === watched) watched.onGone = callback; // else stopped, or lost
      },
      stop: () => {
        if (this.files.get(wd) !== watched) return;
        this.files.delete(wd);
        if (!this.closed) binding.fileEndWatchRemove(this.fd, wd);
      },
    };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.watcher.close();
    binding.closeFd(this.fd);
    this.files.clear();
  }

  private readEvents(): void {
    if (this.closed) return;
    const events = binding.fileEndWatchRead(this.fd);
    for (let i = 0; i < events.length; i += 2) {
      const wd = events[i]!;
      const mask = events[i + 1]!;
      if (mask & binding.IN_Q_OVERFLOW) {
        for (const id of [...this.files.keys()]) binding.fileEndWatchRemove(this.fd, id);
        this.files.clear();
        this.lost();
        continue;
      }
      const watched = this.files.get(wd);
      if (watched === undefined || !(mask & binding.IN_IGNORED)) continue;
      this.files.delete(wd);
      watched.gone = true;
      watched.onGone?.();
    }
  }
}
