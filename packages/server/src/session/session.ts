import type { PeerCredentials } from '@trims/native-cuda';
import { ErrorCode } from '@trims/protocol';

import type { Lease } from './lease';
import { protocolError } from './protocol-error';

let nextHandle = 1;

/** The handles one uid may hold open across its connections (each costs the daemon memory). */
export interface HandleAllowance {
  readonly limit: number;
  add(uid: number): boolean;
  remove(uid: number, count: number): void;
}

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
    private readonly allowance: HandleAllowance,
  ) {}

  /** Before an Open does any work: one handle of the uid's allowance, or UNAVAILABLE at its limit. */
  reserve(): void {
    if (this.allowance.add(this.peer.uid)) return;
    throw protocolError(
      `uid ${this.peer.uid} holds ${this.allowance.limit} models open (the limit): close some`,
      ErrorCode.UNAVAILABLE,
    );
  }

  /** An Open that failed gives its reservation back. */
  unreserve(): void {
    this.allowance.remove(this.peer.uid, 1);
  }

  /** The handle the client will use, on a reservation; 0 when the session already ended (and the lease is gone). */
  adopt(lease: Lease): number {
    if (this.closed) {
      lease.release();
      this.unreserve();
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
    this.unreserve();
    return true;
  }

  /** The connection ended: every lease goes back, and later adoptions release at once. */
  close(): number {
    this.closed = true;
    const count = this.handles.size;
    for (const lease of this.handles.values()) lease.release();
    this.handles.clear();
    this.allowance.remove(this.peer.uid, count);
    return count;
  }

  get references(): number {
    return this.handles.size;
  }
}
