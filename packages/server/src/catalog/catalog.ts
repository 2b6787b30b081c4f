import type { ValidatorStore } from '../sources/http-cache';
import type { Alias, Aliases } from './aliases';
import type { ModelEntry } from './entry';

/** Every model the daemon knows (by digest), and the URLs that lead to each. */
export class Catalog {
  private readonly byDigest = new Map<string, ModelEntry>();

  constructor(private readonly aliases: Aliases) {}

  get size(): number {
    return this.byDigest.size;
  }

  get(digest: string): ModelEntry | undefined {
    return this.byDigest.get(digest);
  }

  entries(): ModelEntry[] {
    return [...this.byDigest.values()];
  }

  add(entry: ModelEntry): void {
    for (const url of this.aliases.urlsOf(entry.digest)) entry.urls.add(url);
    this.byDigest.set(entry.digest, entry);
  }

  /** The model a cache key (model.json and where its shards resolve) led to last time, if the catalog still has it. */
  byKey(key: string): ModelEntry | undefined {
    const alias = this.aliases.get(key);
    return alias && this.byDigest.get(alias.digest);
  }

  /** Where HTTP models' responses outlive a restart (forgotten with their model). */
  readonly validators: ValidatorStore = {
    get: (key) => this.aliases.validators(key),
    set: (key, digest, responses) => this.aliases.setValidators(key, digest, responses),
    delete: (key) => this.aliases.dropValidators(key),
  };

  remember(key: string, alias: Alias): void {
    this.aliases.set(key, alias);
    this.byDigest.get(alias.digest)?.urls.add(alias.url);
  }

  close(): void {
    this.aliases.close();
  }

  /** The model left every tier: forget it and its URLs (not while it is on its way into one). */
  forget(entry: ModelEntry): void {
    if (entry.tiers().length > 0 || entry.demoting !== undefined || entry.diskWrite !== undefined)
      return;
    if (this.byDigest.get(entry.digest) === entry) this.byDigest.delete(entry.digest);
    this.aliases.dropDigest(entry.digest);
  }
}
