import { getHeapStatistics } from 'node:v8';

import { ErrorCode, TrimsError } from '@trims/protocol';

/**
 * model.json is parsed on its conversion thread's JS heap, which V8 bounds
 * per thread: a thread past its bound dies, and with it every conversion
 * it runs, other tenants' too. So the parses one thread has in hand stay
 * together within half its heap (the rest: the thread's own objects and
 * garbage), each counted before its text is parsed. Per thread: each
 * worker thread has its own copy of this module.
 */
let inHand = 0;

/**
 * Takes `bytes` more of this thread's heap for a model.json's parse (`mine`:
 * what it took already), or refuses it, named.
 */
export function takeHeap(bytes: number, mine: number, model: string): void {
  const room = Math.floor(getHeapStatistics().heap_size_limit / 2);
  if (mine + bytes > room)
    throw new TrimsError(
      ErrorCode.LOAD_PRIVATELY,
      `model.json would take over ${mine + bytes} bytes of memory once parsed; a conversion thread may take ${room}: load it privately`,
      { model, tier: 'remote' },
    );
  if (inHand + bytes > room)
    throw new TrimsError(
      ErrorCode.UNAVAILABLE,
      `model.json would take over ${mine + bytes} bytes of memory once parsed, and its conversion thread holds ${inHand - mine} of its ${room} for others: retry later`,
      { model, tier: 'remote' },
    );
  inHand += bytes;
}

export function giveHeap(bytes: number): void {
  inHand -= bytes;
}
