import { ErrorCode, TrimsError } from '@trims/protocol';

/** An error about the connection or a request as sent, not about any model (BAD_REQUEST unless said). */
export function protocolError(
  message: string,
  code: ErrorCode = ErrorCode.BAD_REQUEST,
): TrimsError {
  return new TrimsError(code, message, { tier: 'protocol' });
}
