import type { PeerCredentials } from '@trims/native-cuda';

import type { ModelEntry } from '../catalog/entry';

let nextHandle = 1;

/**
 * One client connection's references: each Open adds one, Close releases
 * it, and the end of the connection (a crash included) releases them all.
 */
export class Session {
  private readonly handles = new Map<number, ModelEntry>();

  constructor(
    readonly id: number,
    readonly peer: PeerCredentials,
  ) {}

  hold(entry: ModelEntry): number {
    const handle = nextHandle++;
    this.handles.set(handle, entry);
    return handle;
  }

  /** The entry a handle referred to, now released; undefined when this session never held it. */
  take(handle: number): ModelEntry | undefined {
    const entry = this.handles.get(handle);
    this.handles.delete(handle);
    return entry;
  }

  takeAll(): ModelEntry[] {
    const all = [...this.handles.values()];
    this.handles.clear();
    return all;
  }

  get references(): number {
    return this.handles.size;
  }
}
