import type { Catalog } from './catalog/catalog';
import type { ModelEntry, StoreTier } from './catalog/entry';
import type { PinLedger } from './pins';
import type { Placement } from './placement';
import type { Counters } from './stats';
import type { Tenancy } from './tenancy';

/** What an Evict reads and changes. */
export interface EvictParts {
  readonly catalog: Catalog;
  readonly counters: Counters;
  readonly pins: PinLedger;
  readonly tenancy: Tenancy;
}

/**
 * Evicts `entries` (those an Evict named, of what `uid` may see) from
 * `tier`, or every tier: held ones, others' and others' pinned stay
 * (`kept`); the rest leave (`evicted`), demoted where the tier named has
 * one below it.
 */
export async function evictModels(
  entries: ModelEntry[],
  tier: StoreTier | undefined,
  uid: number,
  parts: EvictParts,
  placement: Placement,
): Promise<{ evicted: string[]; kept: string[] }> {
  const evicted: string[] = [];
  const kept: string[] = [];
  const demotions: Array<Promise<void>> = [];
  for (const entry of entries) {
    // A model on its way from the gpu is evicted from where it lands, not reported gone and kept.
    while (entry.demoting !== undefined) await entry.demoting;
    // A copy still being written to disk is evicted once it is there, not left behind.
    while (entry.diskWrite !== undefined && tier !== 'host' && tier !== 'gpu')
      await entry.diskWrite;
    if (tier !== undefined && !entry.tiers().includes(tier)) continue; // nothing there to evict
    const forOthers =
      !parts.tenancy.mayEvict(entry, uid) || // another uid uses it
      !parts.pins.mayRemove(entry, uid); // another uid's pin stays
    if (entry.refs > 0 || forOthers) {
      // Kept for others: the asker's own pin goes all the same (else another uid using the
      // same bytes would hold it, and its quota, for good); an evict from one tier takes none.
      if (forOthers && tier === undefined) parts.pins.unpin(entry, uid);
      kept.push(entry.digest);
      continue;
    }
    for (const t of placement.tiers) {
      if ((tier !== undefined && tier !== t.name) || !t.has(entry)) continue;
      if (t.name === 'host' && tier === 'host') placement.demote(entry);
      if (t.name === 'gpu' && tier === 'gpu') demotions.push(placement.demoteFromGpu(entry));
      t.drop(entry);
      parts.counters.evictions++;
    }
    parts.catalog.forget(entry);
    evicted.push(entry.digest);
  }
  await Promise.all(demotions); // the reply tells where they went
  return { evicted, kept };
}
