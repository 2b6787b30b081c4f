import * as util from 'node:util';

import { ErrorCode } from '@trims/protocol';

/**
 * Errors that say the daemon or the machine is short of something (fds,
 * memory, disk), not that a model or a cached copy is bad: what failed may
 * work again later, and nothing is dropped or blamed on the model for it.
 */
const SHORTAGES = new Set(['EMFILE', 'ENFILE', 'ENOMEM', 'ENOSPC', 'EDQUOT', 'EAGAIN']);

export function isShortage(error: unknown): boolean {
  const failure = error as { code?: unknown; info?: { errno?: unknown } } | undefined;
  // Node's own system errors (os.networkInterfaces, say) say ERR_SYSTEM_ERROR, with errno in
  // info; there it can be positive ("Unknown system error 24" for EMFILE), so it is named here.
  const errno = failure?.info?.errno;
  const code =
    failure?.code === 'ERR_SYSTEM_ERROR' && typeof errno === 'number' && errno !== 0
      ? util.getSystemErrorName(-Math.abs(errno))
      : failure?.code;
  return typeof code === 'string' && SHORTAGES.has(code);
}

/** The code of a failure that is not a TrimsError: UNAVAILABLE for a shortage, else `otherwise`. */
export function codeOfFailure(error: unknown, otherwise: ErrorCode): ErrorCode {
  return isShortage(error) ? ErrorCode.UNAVAILABLE : otherwise;
}
