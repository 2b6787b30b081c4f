import { DescriptionWatch, WatchedFile } from '@trims/native-cuda';

import type { ModelEntry } from '../catalog/entry';

/**
 * Host copies lent to clients, and those that left the tier while a client
 * still had them. Each is charged, until the kernel says its last lent
 * description is gone, to the uid that brought it: so a tenant that keeps
 * every copy it is lent and makes them leave (evicting its own, loading
 * others) holds at most its share, not without bound. Where the kernel
 * cannot count (its watch limit, a lost event queue) nothing is charged:
 * as before, a limit on the daemon's service is then the bound.
 */
export class LentCopies {
  private readonly descriptions = new DescriptionWatch(() => this.forgetAll());
  private readonly watched = new Map<ModelEntry, WatchedFile>();
  private readonly byUid = new Map<number, number>();
  /** Release of each copy that left and is still lent. */
  private readonly charged = new Set<() => void>();

  /** Counts the lent descriptions of `fd` (the tier's own, just opened) from now. */
  watch(entry: ModelEntry, fd: number): void {
    const file = this.descriptions.watch(fd);
    if (file !== undefined) this.watched.set(entry, file);
  }

  /** The copy leaves the tier (its own fd about to close): charged on while a client has it. */
  left(entry: ModelEntry, bytes: number): void {
    const file = this.watched.get(entry);
    this.watched.delete(entry);
    if (file === undefined) return;
    const uid = entry.admittedBy;
    // Lent descriptions besides the tier's own: none, and it goes with its fd.
    if (uid === undefined || file.open - file.own <= 0) {
      file.whenNoneLeft(() => undefined);
      return;
    }
    this.byUid.set(uid, this.bytesOf(uid) + bytes);
    const release = (): void => {
      if (!this.charged.delete(release)) return;
      const left = this.bytesOf(uid) - bytes;
      if (left > 0) this.byUid.set(uid, left);
      else this.byUid.delete(uid);
    };
    this.charged.add(release);
    file.whenNoneLeft(release);
  }

  bytesOf(uid: number): number {
    return this.byUid.get(uid) ?? 0;
  }

  close(): void {
    this.forgetAll();
    this.descriptions.close();
  }

  private forgetAll(): void {
    for (const release of [...this.charged]) release();
    for (const file of this.watched.values()) file.stop();
    this.watched.clear();
  }
}
