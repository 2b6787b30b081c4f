import type { PeerCredentials } from '@trims/native-cuda';

import type { Lease } from './lease';

let nextHandle = 1;

/**
 * One client connection's leases: each Open adopts one, Close releases it,
 * and the end of the connection (a crash included) releases them all. A
 * lease adopted after the end (an Open that finished after its client
 * died) is released at once.
 */
export class Session {
  private readonly handles = new Map<number, Lease>();
  private closed = false;

  constructor(
    readonly id: number,
    readonly peer: PeerCredentials,
  ) {}

  /** The handle the client will use; 0 when the session already ended (and the lease is gone). */
  adopt(lease: Lease): number {
    if (this.closed) {
      lease.release();
      return 0;
    }
    const handle = nextHandle++;
    this.handles.set(handle, lease);
    return handle;
  }

  /** Releases a handle's lease; false when this session never held it. */
  release(handle: number): boolean {
    const lease = this.handles.get(handle);
    if (lease === undefined) return false;
    this.handles.delete(handle);
    lease.release();
    return true;
  }

  /** The connection ended: every lease goes back, and later adoptions release at once. */
  close(): number {
    this.closed = true;
    const count = this.handles.size;
    for (const lease of this.handles.values()) lease.release();
    this.handles.clear();
    return count;
  }

  get references(): number {
    return this.handles.size;
  }
}
