import { TrimsClient } from '@trims/client';
import { ErrorCode, TrimsError } from '@trims/protocol';

const clients = new Map<string, TrimsClient>();

/**
 * A daemon that did not answer a Hello at all (stopped, hung) is not asked
 * again for this long: each load meanwhile falls back at once instead of
 * waiting out a Hello's time limit again. One that answered, if only with
 * a refusal (a connection limit), is asked again at the next load.
 */
export const UNANSWERED_BACKOFF_MS = 10_000;
const unanswered = new Map<string, { until: number; why: TrimsError }>();

/**
 * One connection per socket per process, made on first use (its Hello goes
 * out with the first request: one round trip) and made again after the
 * daemon went away, so that a restarted daemon is found.
 */
export function daemonClient(socketPath: string): TrimsClient {
  const existing = clients.get(socketPath);
  if (existing !== undefined && !existing.isClosed) return existing;
  const backoff = unanswered.get(socketPath);
  if (backoff !== undefined && Date.now() < backoff.until)
    throw new TrimsError(
      ErrorCode.UNAVAILABLE,
      `${backoff.why.message} (asked again ${UNANSWERED_BACKOFF_MS / 1000} s after)`, // its tier named already
    );
  unanswered.delete(socketPath);
  const client = TrimsClient.start({ socketPath, client: '@trims/tfjs 0.1.0' });
  client.once('close', () => {
    if (clients.get(socketPath) === client) clients.delete(socketPath);
    const why = client.helloError;
    if (why !== undefined && !client.heardFrom)
      unanswered.set(socketPath, { until: Date.now() + UNANSWERED_BACKOFF_MS, why });
  });
  clients.set(socketPath, client);
  return client;
}
