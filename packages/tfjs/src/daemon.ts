import { TrimsClient } from '@trims/client';

const clients = new Map<string, Promise<TrimsClient>>();

/**
 * One connection per socket per process, made on first use and made again
 * after the daemon went away (so a restarted daemon is found).
 */
export function daemonClient(socketPath: string): Promise<TrimsClient> {
  const existing = clients.get(socketPath);
  if (existing !== undefined) return existing;
  const connecting = TrimsClient.connect({ socketPath, client: '@trims/tfjs 0.1.0' }).then(
    (client) => {
      client.once('close', () => clients.delete(socketPath));
      return client;
    },
  );
  connecting.catch(() => clients.delete(socketPath));
  clients.set(socketPath, connecting);
  return connecting;
}
