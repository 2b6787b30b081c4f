import { binding, FdWatcherRaw } from './binding';

/** One watched file: how many of its read-only open descriptions exist now. */
export interface WatchedFile {
  /** Read-only descriptions open now (the kernel's events queued so far read first), the watched fd's own included (when read-only). */
  readonly open: number;
  /** What the watched fd's own description counts in `open`: 1 if read-only, else 0. */
  readonly own: number;
  /** Runs once no read-only description is left (at once if none is); the watch then ends. */
  whenNoneLeft(callback: () => void): void;
  /** Ends the watch (nothing more is counted or called). */
  stop(): void;
}

interface Counted {
  open: number;
  noneLeft?: () => void;
}

/**
 * Counts the read-only open descriptions of files this process lends
 * (memfds, by their fds): each new one is an open, each whose last fd and
 * mapping are gone, in any process, a close (inotify; see
 * description_watch.cc). So the lender learns when what it lent is let go.
 */
export class DescriptionWatch {
  private readonly fd = binding.descriptionWatchInit();
  private readonly watcher: FdWatcherRaw;
  private readonly files = new Map<number, Counted>();
  private closed = false;

  /** `lost`: the kernel's queue overflowed; every count is unknown, every watch ended. */
  constructor(private readonly lost: () => void) {
    this.watcher = new binding.FdWatcher(this.fd, () => this.readEvents());
    this.watcher.setKeepsAlive(false);
    this.watcher.start(true, false);
  }

  /** Counts from now the descriptions of the file `fd` is open on; undefined when the kernel refuses (its watch limit). */
  watch(fd: number): WatchedFile | undefined {
    let added: { wd: number; readOnly: boolean };
    try {
      added = binding.descriptionWatchAdd(this.fd, fd);
    } catch {
      return undefined;
    }
    const { wd } = added;
    if (this.files.has(wd)) return undefined; // one file watched twice: counts would mix
    const counted: Counted = { open: added.readOnly ? 1 : 0 };
    this.files.set(wd, counted);
    const stop = (): void => {
      if (this.files.get(wd) !== counted) return;
      this.files.delete(wd);
      if (!this.closed) binding.descriptionWatchRemove(this.fd, wd);
    };
    const readEvents = (): void => this.readEvents();
    return {
      get open() {
        readEvents(); // those queued now: an open just made counts
        return counted.open;
      },
      own: added.readOnly ? 1 : 0,
      whenNoneLeft: (callback) => {
        if (this.files.get(wd) !== counted) return; // stopped, or the count was lost
        counted.noneLeft = callback;
        if (counted.open <= 0) this.noneLeft(wd, counted);
      },
      stop,
    };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.watcher.close();
    binding.closeFd(this.fd);
    this.files.clear();
  }

  private noneLeft(wd: number, counted: Counted): void {
    this.files.delete(wd);
    if (!this.closed) binding.descriptionWatchRemove(this.fd, wd);
    counted.noneLeft?.();
  }

  private readEvents(): void {
    if (this.closed) return;
    const events = binding.descriptionWatchRead(this.fd);
    for (let i = 0; i < events.length; i += 2) {
      const wd = events[i]!;
      const mask = events[i + 1]!;
      if (mask & binding.IN_Q_OVERFLOW) {
        for (const id of [...this.files.keys()]) binding.descriptionWatchRemove(this.fd, id);
        this.files.clear();
        this.lost();
        continue;
      }
      const counted = this.files.get(wd);
      if (counted === undefined) continue;
      if (mask & binding.IN_OPEN) counted.open++;
      if (mask & binding.IN_CLOSE_NOWRITE) counted.open--;
      if (counted.open <= 0 && counted.noneLeft !== undefined) this.noneLeft(wd, counted);
    }
  }
}

/** Another fd on the same open file description: no new description (a watch does not count it). */
export function dupFd(fd: number): number {
  return binding.dupFd(fd);
}
