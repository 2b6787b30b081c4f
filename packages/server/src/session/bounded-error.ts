import type { TrimsError } from '@trims/protocol';

/** Characters an error reply repeats at most of its message, and of its model. */
export const ERROR_MESSAGE_CHARS = 4096;
export const ERROR_MODEL_CHARS = 2048;

const cut = (text: string, most: number): string =>
  text.length <= most
    ? text
    : `${text.slice(0, most)}… (${text.length - most} more characters left out)`;

/**
 * An error's wire form, short: a message repeats what the request said (a
 * URL, a device name) and a request may be 64 KiB, so an error to a hostile
 * one would not otherwise fit one message (REPLY_FRAME_LIMIT).
 */
export function boundedError(error: TrimsError): ReturnType<TrimsError['toWire']> {
  const wire = error.toWire();
  return {
    ...wire,
    message: cut(wire.message, ERROR_MESSAGE_CHARS),
    model: cut(wire.model, ERROR_MODEL_CHARS),
  };
}
