import { decodeFrame, Request, TrimsError } from '@trims/protocol';

import { protocolError } from './protocol-error';

/**
 * A frame as a request, or the error to answer it with (under id 0 when
 * the frame has no id that can be echoed).
 */
export function decodeRequest(
  data: Buffer,
  maxFrame: number,
): { id: number; request: Request } | { id: number; error: TrimsError } {
  let request: Request;
  try {
    request = Request.decode(decodeFrame(data, maxFrame));
  } catch (error) {
    return {
      id: 0,
      error:
        error instanceof TrimsError
          ? error
          : protocolError(`malformed request: ${(error as Error).message}`),
    };
  }
  const id = Number(request.id);
  // The protocol's uint64 ids are decoded as numbers: past 2^53 one could not be echoed exactly.
  if (!Number.isSafeInteger(id))
    return { id: 0, error: protocolError(`request id ${id} is not below 2^53`) };
  return { id, request };
}
