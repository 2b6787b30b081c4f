import { statSync } from 'node:fs';
import { dirname } from 'node:path';

import type { PeerCredentials } from '@trims/native-cuda';

import { ErrorCode, TrimsError } from '@trims/protocol';

/** Uids a client accepts as its daemon: itself, root, and $TRIMS_DAEMON_UID (a system-wide daemon's account). */
export function trustedDaemonUids(env: NodeJS.ProcessEnv = process.env): number[] {
  const uids = [process.getuid?.() ?? 0, 0];
  const configured = env.TRIMS_DAEMON_UID;
  if (configured !== undefined && configured !== '') {
    if (!/^\d+$/.test(configured))
      throw new TrimsError(
        ErrorCode.UNTRUSTED_DAEMON,
        `TRIMS_DAEMON_UID must be a numeric uid, not ${JSON.stringify(configured)}`,
        { tier: 'protocol' },
      );
    uids.push(Number(configured));
  }
  return uids;
}

/**
 * Checks, before a byte is sent, that the process behind the socket is the
 * real daemon: the kernel's SO_PEERCRED uid is a trusted one, and the
 * socket's directory belongs to that uid (or root) and nobody else may
 * write in it (no one could have put another socket there). A squatter on
 * a predictable path fails one of these.
 */
export function checkDaemon(socketPath: string, peer: PeerCredentials, trusted: number[]): void {
  const refuse = (why: string): never => {
    throw new TrimsError(ErrorCode.UNTRUSTED_DAEMON, `not trusting ${socketPath}: ${why}`, {
      tier: 'protocol',
    });
  };
  if (!trusted.includes(peer.uid))
    refuse(
      `the process listening there runs as uid ${peer.uid}, not one of ${trusted.join(', ')} (set TRIMS_DAEMON_UID for a system-wide daemon)`,
    );
  const dir = dirname(socketPath);
  const stat = statSync(dir);
  if (stat.uid !== peer.uid && stat.uid !== 0)
    refuse(`its directory ${dir} belongs to uid ${stat.uid}, not the daemon's uid ${peer.uid}`);
  if ((stat.mode & 0o022) !== 0)
    refuse(
      `its directory ${dir} is writable by group or others (mode ${(stat.mode & 0o7777).toString(8)})`,
    );
}
