import { getHeapStatistics } from 'node:v8';

import { ErrorCode, TrimsError } from '@trims/protocol';

/**
 * model.json is parsed on its conversion thread's JS heap, which V8 bounds
 * per thread: a thread past its bound dies, and with it every conversion
 * it runs, other tenants' too. So the parses one thread has in hand stay
 * together within half its heap (the rest: the thread's own objects and
 * garbage), each counted before its text is parsed, and one uid's (root's
 * and the daemon's excepted) within its share of that half, so that one
 * tenant's slow model.json cannot hold a thread's room from every other.
 * Per thread: each worker thread has its own copy of this module.
 */
let inHand = 0;
const inHandOf = new Map<number, number>();

/** Whose parse it is: a uid and the fraction of a thread's room it may hold (none: an admin's). */
export interface HeapShare {
  uid: number;
  fraction: number;
}

/**
 * Takes `bytes` more of this thread's heap for a model.json's parse (`mine`:
 * what it took already), or refuses it, named.
 */
export function takeHeap(bytes: number, mine: number, model: string, share?: HeapShare): void {
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
  if (share !== undefined) {
    const own = inHandOf.get(share.uid) ?? 0;
    const most = Math.floor(room * share.fraction);
    if (own + bytes > most)
      throw new TrimsError(
        mine + bytes > most ? ErrorCode.LOAD_PRIVATELY : ErrorCode.UNAVAILABLE,
        mine + bytes > most
          ? `model.json would take over ${mine + bytes} bytes of memory once parsed; uid ${share.uid}'s share of a conversion thread is ${most}: load it privately`
          : `model.json would take over ${mine + bytes} bytes of memory once parsed, and uid ${share.uid}'s other conversions on its thread hold ${own - mine} of its share, ${most}: retry later`,
        { model, tier: 'remote' },
      );
    inHandOf.set(share.uid, own + bytes);
  }
  inHand += bytes;
}

export function giveHeap(bytes: number, share?: HeapShare): void {
  inHand -= bytes;
  if (share === undefined || bytes === 0) return;
  const left = (inHandOf.get(share.uid) ?? 0) - bytes;
  if (left > 0) inHandOf.set(share.uid, left);
  else inHandOf.delete(share.uid);
}
