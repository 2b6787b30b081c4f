import { ErrorCode, TrimsError } from '@trims/protocol';

/** The daemon's copy of the topology (an http(s) model, or a file changed since it was read). */
export function parseStoredModelJson(text: string, tier: string): Record<string, unknown> {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new TrimsError(ErrorCode.CORRUPT_MODEL, 'invalid segment: unreadable model.json', {
      tier,
    });
  }
}
