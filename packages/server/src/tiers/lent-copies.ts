import { FileEndWatch, WatchedFile } from '@trims/native-cuda';

import type { ModelEntry } from '../catalog/entry';

/**
 * Host copies that left the tier while some client still had them. Once
 * the daemon's own uses of a copy are over (its fd closed, its write to
 * disk done), a memfd still there is held by a client: an fd, a mapping,
 * in whatever process. It is charged, until the kernel says it is gone, to
 * the uid that brought it (as a held model is), so a tenant that keeps
 * what it is lent and makes it leave holds at most about twice its share
 * (what one admission drops is charged after it), never without bound.
 * Where the kernel cannot watch (its watch limit, a lost event queue)
 * nothing is charged, as before, nor can pages spliced into a pipe be seen
 * (they outlive the memfd): a limit on the daemon's service bounds those.
 */
export class LentCopies {
  private readonly ends = new FileEndWatch(() => this.forgetAll());
  private readonly watched = new Map<ModelEntry, WatchedFile>();
  private readonly byUid = new Map<number, number>();
  /** Release of each copy charged. */
  private readonly charged = new Set<() => void>();

  /** Watches the copy's memfd (by the tier's own fd) while it is in the tier. */
  watch(entry: ModelEntry, fd: number): void {
    const file = this.ends.watch(fd);
    if (file !== undefined) this.watched.set(entry, file);
  }

  /** The copy leaves the tier; `ownUses` settles when the daemon itself is done with it. */
  left(entry: ModelEntry, bytes: number, ownUses: Promise<unknown>): void {
    const file = this.watched.get(entry);
    this.watched.delete(entry);
    if (file === undefined) return;
    const uid = entry.admittedBy;
    if (uid === undefined) return file.stop();
    const charge = (): void => {
      if (file.gone) return; // nobody else had it
      this.byUid.set(uid, this.bytesOf(uid) + bytes);
      const release = (): void => {
        if (!this.charged.delete(release)) return;
        const left = this.bytesOf(uid) - bytes;
        if (left > 0) this.byUid.set(uid, left);
        else this.byUid.delete(uid);
      };
      this.charged.add(release);
      file.whenGone(release);
    };
    void ownUses.then(charge, charge);
  }

  bytesOf(uid: number): number {
    return this.byUid.get(uid) ?? 0;
  }

  close(): void {
    this.forgetAll();
    this.ends.close();
  }

  private forgetAll(): void {
    for (const release of [...this.charged]) release();
    for (const file of this.watched.values()) file.stop();
    this.watched.clear();
  }
}
