import type { ModelEntry } from '../catalog/entry';

/** One client reference to a model, by a uid: counted while held, given back exactly once. */
export class Lease {
  private released = false;

  constructor(
    readonly entry: ModelEntry,
    readonly uid: number,
  ) {
    entry.refs++;
    entry.holders.set(uid, (entry.holders.get(uid) ?? 0) + 1);
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    this.entry.refs--;
    const left = (this.entry.holders.get(this.uid) ?? 1) - 1;
    if (left > 0) this.entry.holders.set(this.uid, left);
    else this.entry.holders.delete(this.uid);
  }
}
