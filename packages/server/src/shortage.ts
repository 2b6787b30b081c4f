import { ErrorCode } from '@trims/protocol';

/**
 * Errors that say the daemon or the machine is short of something (fds,
 * memory, disk), not that a model or a cached copy is bad: what failed may
 * work again later, and nothing is dropped or blamed on the model for it.
 */
const SHORTAGES = new Set(['EMFILE', 'ENFILE', 'ENOMEM', 'ENOSPC', 'EDQUOT', 'EAGAIN']);

export function isShortage(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && SHORTAGES.has(code);
}

/** The code of a failure that is not a TrimsError: UNAVAILABLE for a shortage, else `otherwise`. */
export function codeOfFailure(error: unknown, otherwise: ErrorCode): ErrorCode {
  return isShortage(error) ? ErrorCode.UNAVAILABLE : otherwise;
}
