import { ErrorCode, TrimsError } from '@trims/protocol';

import { redactUrl } from '../redact';

/** At most `limit` of something in flight per uid; the one past it is refused, named. */
export class PerUidSlots {
  private readonly used = new Map<number, number>();

  constructor(
    private readonly limit: number,
    /** What is counted, plural ("models being fetched"), for the refusal. */
    private readonly what: string,
  ) {}

  /** Takes a slot for `uid` (UNAVAILABLE past the limit); the function returned gives it back. */
  take(uid: number, url: string): () => void {
    const now = this.used.get(uid) ?? 0;
    if (now >= this.limit)
      throw new TrimsError(
        ErrorCode.UNAVAILABLE,
        `uid ${uid} already has ${now} ${this.what} (the limit): retry when one is done`,
        { model: redactUrl(url), tier: 'remote' },
      );
    this.used.set(uid, now + 1);
    let given = false;
    return () => {
      if (given) return;
      given = true;
      const left = (this.used.get(uid) ?? 1) - 1;
      if (left > 0) this.used.set(uid, left);
      else this.used.delete(uid);
    };
  }
}
