import { ErrorCode, TrimsError } from '@trims/protocol';

import { URL_CHARS } from './catalog/aliases';
import type { ModelEntry } from './catalog/entry';
import type { TierBudget } from './tiers/budget';

/** The URLs recorded per uid and model (each a row in the catalog). */
export const URLS_PER_USER = 16;

/** The tiers a uid's models take a share of. */
export type ShareTier = 'host' | 'gpu';

/** A tier as a share sees it: its members, whether each copy is in place, and whose each is. */
export interface SharedTier {
  budget: Pick<TierBudget, 'entries' | 'holds' | 'budget' | 'maxMembers' | 'name' | 'charge'>;
  /** The uid a member counts against (host: who brought it in; gpu: whom its copy is lent to). */
  ownerOf(entry: ModelEntry): number | undefined;
  /** Bytes of a uid's models that left the tier while a client still has them (host). */
  lentBytesOf?(uid: number): number;
}

/**
 * Who may see and change what, per uid. A tenant sees only models it
 * opened, preloaded or pinned; it may evict only models no other uid uses;
 * the models it brings into the host tier, and the device copies lent to
 * it, may take at most its share of that tier's bytes and of its models
 * (each holds an fd), so it cannot flush everyone else's. Root and the
 * daemon's uid administer everything.
 */
export class Tenancy {
  /** Root and the daemon's uid. */
  readonly adminUids: readonly number[];

  constructor(
    daemonUid: number,
    /** The fraction of a tier one uid's models may occupy. */
    private readonly fraction: number,
  ) {
    this.adminUids = [0, daemonUid];
  }

  isAdmin(uid: number): boolean {
    return this.adminUids.includes(uid);
  }

  /** The bytes of a tier of `budget` bytes that `uid`'s models may take; undefined: an admin's, no bound. */
  shareOf(uid: number, budget: number): number | undefined {
    return this.isAdmin(uid) ? undefined : Math.floor(budget * this.fraction);
  }

  /**
   * The uid used this model by `url` (an open or a preload, a hit or not):
   * it may see it from now on. True when the URL is newly recorded for it:
   * at most URLS_PER_USER per uid and model, each at most the catalog's
   * URL_CHARS long (past the bounds the uid still uses the model,
   * and is shown and may evict it by the URLs recorded, or by digest).
   */
  note(entry: ModelEntry, uid: number, url: string, hit = false): boolean {
    const use = entry.users.get(uid) ?? { urls: new Set<string>(), hits: 0, lastUsed: 0 };
    const added = !use.urls.has(url) && use.urls.size < URLS_PER_USER && url.length <= URL_CHARS;
    if (added) use.urls.add(url);
    if (hit) use.hits++;
    use.lastUsed = Date.now();
    entry.users.set(uid, use);
    return added;
  }

  /** The URLs a uid may be shown for a model: all for admins, else the ones it used itself. */
  urlsFor(entry: ModelEntry, uid: number): string[] {
    return this.isAdmin(uid) ? [...entry.urls] : [...(entry.users.get(uid)?.urls ?? [])];
  }

  visible(entry: ModelEntry, uid: number): boolean {
    return this.isAdmin(uid) || entry.users.has(uid) || entry.pins.has(uid);
  }

  /** Nobody else uses it (the holds and pins of others are checked where they live: leases, the pin ledger). */
  mayEvict(entry: ModelEntry, uid: number): boolean {
    return this.isAdmin(uid) || [...entry.users.keys()].every((user) => user === uid);
  }

  /**
   * Before `uid` brings `entry` into `tier` (host: converted, or promoted
   * from disk; gpu: a device copy for it): its own earlier models there
   * that nobody holds make room first (oldest use first); when what it
   * holds still fills its share, LOAD_PRIVATELY (the caller serves from a
   * slower tier, or the client loads privately). A model counts against the
   * uid that brought it (gpu: the uid its copy is lent to) whoever else
   * holds or pinned it: charges never move after an admission, so
   * colluding uids get a share each, of bytes and of models, never more. (A
   * model others keep stays in its bringer's share: one many use counts for
   * whoever brought it first, and a uid holding another's models keeps them
   * from making room there; it can do so only with models it can read.)
   */
  makeShare(
    entry: ModelEntry,
    uid: number,
    tier: SharedTier,
    drop: (victim: ModelEntry) => void,
    model: string,
  ): void {
    const { budget } = tier;
    const share = this.shareOf(uid, budget.budget);
    if (share === undefined) return;
    const models = Math.max(1, Math.floor(budget.maxMembers * this.fraction));
    const own = budget.entries().filter((e) => e !== entry && tier.ownerOf(e) === uid);
    const charged = (sum: number, e: ModelEntry): number => sum + budget.charge(e);
    const used = own.reduce(charged, 0);
    // A model still being filled (a read-back from the device) counts, but is no victim yet.
    const victims = own.filter((e) => e.evictable && budget.holds(e));
    const lentOut = tier.lentBytesOf?.(uid) ?? 0; // left the tier, still held by some client
    const kept = used - victims.reduce(charged, 0) + lentOut;
    const keptModels = own.length - victims.length;
    const bytes = budget.charge(entry);
    // Refused before anything is dropped: a load that cannot fit costs the tenant no model.
    if (kept + bytes > share || keptModels + 1 > models)
      throw new TrimsError(
        ErrorCode.LOAD_PRIVATELY,
        kept + bytes > share
          ? `uid ${uid}'s models take ${kept} bytes of its ${share}-byte share of the ${budget.name} tier, held, pinned or still being filled${lentOut > 0 ? ` (${lentOut} of them left the tier but a client still maps them)` : ''}; ${bytes} more do not fit: load it privately`
          : `uid ${uid} has ${keptModels} models in the ${budget.name} tier, held, pinned or still being filled: its share of the tier's ${budget.maxMembers} models is ${models}: load it privately`,
        { model, tier: budget.name },
      );
    let left = used + lentOut;
    let count = own.length;
    for (const victim of victims.sort((a, b) => a.useOrder - b.useOrder)) {
      if (left + bytes <= share && count + 1 <= models) break;
      drop(victim);
      left -= budget.charge(victim);
      count--;
    }
  }
}
