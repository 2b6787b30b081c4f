import type { PinStore } from '../pins';
import type { ValidatorStore } from '../sources/http-cache';
import { type Alias, type Aliases, KEYS_PER_MODEL, type ModelUser } from './aliases';
import type { ModelEntry } from './entry';
import { SortedDigests } from './sorted-digests';
import { UnwrittenRecords } from './unwritten';

/** Every model the daemon knows (by digest), and the URLs that lead to each. */
export class Catalog {
  private readonly byDigest = new Map<string, ModelEntry>();
  private readonly inOrder = new SortedDigests();
  /** Told of every model forgotten (its pins are then refunded: their rows went with it). */
  onForgotten: (entry: ModelEntry) => void = () => undefined;

  /** Who used and pinned what, while the database cannot take it (a full disk). */
  readonly unwritten: UnwrittenRecords;

  constructor(
    private readonly aliases: Aliases,
    /** Told when a record is dropped unwritten (past MAX_UNWRITTEN). */
    dropped: () => void = () => undefined,
  ) {
    this.unwritten = new UnwrittenRecords(dropped);
  }

  get size(): number {
    return this.byDigest.size;
  }

  get(digest: string): ModelEntry | undefined {
    return this.byDigest.get(digest);
  }

  entries(): ModelEntry[] {
    return [...this.byDigest.values()];
  }

  /** The models after digest `after` ("": all), in digest order (a listing's pages). */
  *entriesAfter(after: string): Generator<ModelEntry> {
    for (const digest of this.inOrder.after(after)) yield this.byDigest.get(digest)!;
  }

  /** Pins, kept with the model they are on. */
  readonly pinStore: PinStore = {
    add: (entry, uid) =>
      this.unwritten.write(`pin ${entry.digest} ${uid}`, () =>
        this.aliases.addPin(entry.digest, uid),
      ),
    remove: (entry, uid) =>
      this.unwritten.write(`pin ${entry.digest} ${uid}`, () =>
        this.aliases.removePin(entry.digest, uid),
      ),
    of: (entry) => this.aliases.pinsOf(entry.digest),
  };

  /** A model made now: used (and pinned) by whoever does so from now on: rows of an earlier copy go. */
  add(entry: ModelEntry): void {
    this.aliases.dropUses(entry.digest);
    this.unwritten.forget(entry.digest); // an earlier copy's, not yet written
    this.insert(entry);
  }

  /** A model found on disk at start: with the users it had before the restart. */
  restore(entry: ModelEntry): void {
    for (const { uid, url } of this.aliases.usersOf(entry.digest)) {
      // Hits and last use are this daemon's life only: never written per hit.
      const use = entry.users.get(uid) ?? { urls: new Set<string>(), hits: 0, lastUsed: 0 };
      use.urls.add(url);
      entry.users.set(uid, use);
    }
    this.insert(entry);
  }

  /** After every restore: the users and pins of models not found again (not on disk, or unreadable) are forgotten. */
  restored(): void {
    this.aliases.keepUsesOf(new Set(this.byDigest.keys()));
  }

  private insert(entry: ModelEntry): void {
    for (const url of this.aliases.urlsOf(entry.digest)) entry.urls.add(url);
    this.byDigest.set(entry.digest, entry);
    this.inOrder.add(entry.digest);
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
    const urls = this.byDigest.get(alias.digest)?.urls;
    if (urls !== undefined && urls.size < KEYS_PER_MODEL) urls.add(alias.url); // for people: bounded as the keys are
  }

  /** A uid used a model by a URL it had not used it by: kept, so that who may evict it outlives a restart. */
  rememberUser(entry: ModelEntry, user: ModelUser): void {
    this.unwritten.write(`user ${entry.digest} ${user.uid} ${user.url}`, () =>
      this.aliases.addUser(entry.digest, user),
    );
  }

  close(): void {
    this.aliases.close();
  }

  /** The model left every tier: forget it and its URLs (not while it is on its way into one). */
  forget(entry: ModelEntry): void {
    if (entry.tiers().length > 0 || entry.demoting !== undefined || entry.diskWrite !== undefined)
      return;
    // A stale entry (the model left, and came back as another with the same digest):
    // the rows of that digest are the current one's, its users and pins among them.
    if (this.byDigest.get(entry.digest) === entry) {
      this.byDigest.delete(entry.digest);
      this.inOrder.delete(entry.digest);
      this.aliases.dropDigest(entry.digest);
      this.unwritten.forget(entry.digest);
    }
    this.onForgotten(entry);
  }
}
