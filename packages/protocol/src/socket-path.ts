import { join, resolve } from 'node:path';

/**
 * Where the daemon listens and clients connect, resolved the same way on
 * both sides: $TRIMS_SOCKET, else $XDG_RUNTIME_DIR/trims/trims.sock, else
 * /tmp/trims-<uid>/trims.sock.
 */
export function defaultSocketPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TRIMS_SOCKET) return resolve(env.TRIMS_SOCKET);
  if (env.XDG_RUNTIME_DIR) return join(env.XDG_RUNTIME_DIR, 'trims', 'trims.sock');
  return join('/tmp', `trims-${process.getuid?.() ?? 0}`, 'trims.sock');
}
