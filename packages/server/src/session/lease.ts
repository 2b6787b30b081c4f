import type { ModelEntry } from '../catalog/entry';

/** One client reference to a model: counted while held, given back exactly once. */
export class Lease {
  private released = false;

  constructor(readonly entry: ModelEntry) {
    entry.refs++;
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    this.entry.refs--;
  }
}
