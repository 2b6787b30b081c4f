import type { FetchDeadline } from './fetch-deadline';
import { OutboundRefused } from './outbound-policy';

function causeOf(error: unknown): { code?: string; message?: string } | undefined {
  return (error as { cause?: { code?: string; message?: string } }).cause;
}

/**
 * Why a request failed before its response headers came: 'refused' for an
 * origin that is missing or one the outbound policy forbids (answered
 * alike, so a tenant cannot probe what the daemon can reach), else the
 * phase that ran out of time, or the cause.
 */
export function fetchFailure(
  error: unknown,
  /** The wait that was aborted, if the request was aborted by its timer. */
  aborted: { total: boolean } | undefined,
  clock: FetchDeadline,
): 'refused' | string {
  const { timeouts } = clock;
  if (aborted?.total) return clock.exceeded('waiting for response headers');
  if (aborted)
    return `no response headers within ${timeouts.headersMs} ms (connect or headers phase)`;
  const cause = causeOf(error);
  if (
    cause instanceof OutboundRefused ||
    cause?.code === 'ENOTFOUND' ||
    cause?.code === 'EAI_AGAIN'
  )
    return 'refused';
  if (cause?.code === 'UND_ERR_CONNECT_TIMEOUT')
    return `no connection within ${timeouts.connectMs} ms (connect phase)`;
  const why =
    cause?.code === 'UND_ERR_SOCKET'
      ? 'the connection closed before the response headers'
      : 'request failed';
  if (cause?.code !== undefined) return `${why} (${cause.code})`;
  // Not the network's: the request itself (a header, a port fetch forbids), as undici says it;
  // quoted values are left out (a header's may be a credential, and messages reach the log).
  const detail = (cause?.message ?? (error as Error).message).replace(/"[^"]*"/g, '"…"');
  return `${why}: ${detail}`;
}
