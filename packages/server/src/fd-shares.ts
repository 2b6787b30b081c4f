import * as fs from 'node:fs';

import type { ModelSlots } from './manager-config';

/**
 * Fds kept back for the daemon's own work, which no peer can ask it to
 * forgo: writes to disk (up to 64 at once), origins' sockets, worker
 * threads, the catalog and the metrics port's connections. At a tiny
 * limit, a quarter of it.
 */
const OWN_WORK_FDS = 128;

/** How the daemon's fds are shared out: every peer-driven use has a bound. */
export interface FdShares {
  /** What the shares below are fractions of: the limit less the daemon's own. */
  lendable: number;
  /** Connections, all uids together: a quarter. */
  connections: number;
  /** Fds attached to requests, all uids together: a half. */
  heldFiles: number;
  /** Attached fds one uid's requests may hold at once: four sets of the largest model's, at most half of the above. */
  heldFilesPerUid: number;
  /** Models each tier holds (a memfd each): an eighth for host, a sixteenth for gpu. */
  models: ModelSlots;
  /** fds in replies waiting to be sent, all uids together: a sixteenth. */
  replies: number;
  /** The same, one uid: an eighth of that, so that it takes eight uids to fill it. */
  repliesPerUid: number;
  /**
   * fds in replies sent but not yet read, all uids together: not open in
   * the daemon, but counted by the kernel against its RLIMIT_NOFILE (past
   * it, every reply with fds fails), so at most the lendable fds.
   */
  unread: number;
  /** The same, one uid: an eighth. */
  unreadPerUid: number;
}

/** The fds this process has open now. */
function openFdCount(): number {
  return fs.readdirSync('/proc/self/fd').length - 1; // less readdir's own
}

/**
 * Attached fds a uid's requests may hold at once (an Open's own and those of
 * its MoreFiles frames, until it ends): four of the largest models at once,
 * but never more than half of all uids' together.
 */
const HELD_FILE_SETS_PER_UID = 4;

/**
 * The shares of an fd limit, taken at start: of what is left after the fds
 * open then (the catalog, the logs, the listening socket) and the reserve
 * for the daemon's own work, connections may take a quarter, attached files
 * a half, host models an eighth, device copies a sixteenth and replies not
 * yet sent the last sixteenth; the reserve is the daemon's. So tenants at
 * every bound at once still leave it fds to accept others, write to disk
 * and fetch.
 */
export function fdShares(limit: number, shards: number, openNow = openFdCount()): FdShares {
  const reserve = Math.min(OWN_WORK_FDS, Math.floor(limit / 4));
  const lendable = Math.max(limit - openNow - reserve, 16);
  const heldFiles = Math.floor(lendable / 2);
  return {
    lendable,
    connections: Math.floor(lendable / 4),
    heldFiles,
    heldFilesPerUid: Math.min(HELD_FILE_SETS_PER_UID * (shards + 1), Math.floor(heldFiles / 2)),
    models: { host: Math.floor(lendable / 8), gpu: Math.floor(lendable / 16) },
    replies: Math.floor(lendable / 16),
    repliesPerUid: Math.max(1, Math.floor(lendable / 128)),
    unread: lendable,
    unreadPerUid: Math.floor(lendable / 8),
  };
}
