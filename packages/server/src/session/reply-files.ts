import * as fs from 'node:fs';

import { ErrorCode, Tier, TrimsError } from '@trims/protocol';

import { lending, reopenReadOnly } from '../tiers/host-tier';
import { closeLater } from './close-later';
import type { Handled } from './dispatch';
import type { Allowance } from './peer-counts';
import type { UnreadFds } from './unread-fds';

/** Why a reply cannot be lent its fds: which count, and whose share of it, is full. */
function refusal(count: 'waiting' | 'unread', full: 'uid' | 'daemon', uid: number): TrimsError {
  const what =
    count === 'waiting' ? 'fds in replies waiting to be sent' : 'fds in replies not yet read';
  return new TrimsError(
    ErrorCode.UNAVAILABLE,
    full === 'uid'
      ? `uid ${uid} has as many ${what} as one uid may: read the replies, then retry`
      : `the daemon has as many ${what} as it may, every uid's together: retry later`,
  );
}

/**
 * The fds of one reply, held against its uid's allowance of reply fds (and
 * all uids' together: see fd-shares.ts) until sent: a reply waits in the
 * connection's queue while the peer does not read, and each fd in it is
 * one of the daemon's. They are counted before a tier's fd is copied, in
 * the same turn, so a thousand Opens ending at once (joined on one fetch)
 * copy no more than may wait. A pool of their own: files other uids attach
 * to requests cannot leave an Open without one. Counted as unread too
 * (UnreadFds) until the peer has read them.
 */
export class ReplyFiles {
  private held = 0;
  /** Counted as unread (in the count's generation `taken`), until read or refused. */
  private counted = 0;
  private taken = 0;
  private undo: (() => void) | undefined;
  private readonly lent: number[] = [];

  constructor(
    private readonly allowance: Allowance,
    private readonly unread: UnreadFds,
    private readonly uid: number,
  ) {}

  /**
   * The fds to send, all the reply's own (the caller closes them once
   * sent): a tier's own (`kept`) replaced by a read-only copy. Refused
   * (UNAVAILABLE), what the reply would give is taken back (`undo`).
   */
  lend(handled: Handled): number[] {
    const fds = handled.fds ?? [];
    const kept = new Set(handled.kept);
    const refuse = (error: TrimsError, made: number[]): never => {
      [...fds.filter((fd) => !kept.has(fd)), ...made].forEach(closeLater);
      handled.undo?.();
      throw error;
    };
    const waitingFull = fds.length > 0 ? this.allowance.claim(fds.length) : undefined;
    if (waitingFull !== undefined) refuse(refusal('waiting', waitingFull, this.uid), []);
    const unreadFull = fds.length > 0 ? this.unread.take(fds.length) : undefined;
    if (unreadFull !== undefined) {
      this.allowance.give(fds.length);
      refuse(refusal('unread', unreadFull, this.uid), []);
    }
    this.held = this.counted = fds.length;
    this.taken = this.unread.taken;
    this.undo = handled.undo;
    const open = handled.reply.open;
    const tier = open?.tier === Tier.GPU ? 'gpu' : 'host';
    const copies: number[] = [];
    const copy = (fd: number): number => {
      copies.push(lending(open?.digest ?? '', tier, () => reopenReadOnly(fd)));
      return copies[copies.length - 1]!;
    };
    try {
      this.lent.push(...fds.map((fd) => (kept.has(fd) ? copy(fd) : fd)));
      return [...this.lent];
    } catch (error) {
      return refuse(error as TrimsError, copies);
    }
  }

  /**
   * The kernel refused the reply's fds (ETOOMANYREFS): what it would give
   * is taken back, and its fds, which never reached the peer, no longer
   * count as unread.
   */
  readonly refused = (): void => {
    this.undo?.();
    this.unread.untake(this.counted, this.taken);
    this.undo = undefined;
    this.counted = 0;
  };

  /**
   * Sent, or never to be: its fds closed and given back. At once, on the
   * event loop: a reply's fd never holds a copy's last reference (its tier,
   * or the lease, does), so closing it frees nothing.
   */
  done(): void {
    for (const fd of this.lent.splice(0))
      try {
        fs.closeSync(fd);
      } catch {
        // closed already
      }
    this.allowance.give(this.held);
    this.held = 0;
  }
}
