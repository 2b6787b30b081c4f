import { TrimsClient } from '@trims/client';

const clients = new Map<string, TrimsClient>();

/**
 * One connection per socket per process, made on first use (its Hello goes
 * out with the first request: one round trip) and made again after the
 * daemon went away, so that a restarted daemon is found.
 */
export function daemonClient(socketPath: string): TrimsClient {
  const existing = clients.get(socketPath);
  if (existing !== undefined && !existing.isClosed) return existing;
  const client = TrimsClient.start({ socketPath, client: '@trims/tfjs 0.1.0' });
  client.once('close', () => {
    if (clients.get(socketPath) === client) clients.delete(socketPath);
  });
  clients.set(socketPath, client);
  return client;
}
