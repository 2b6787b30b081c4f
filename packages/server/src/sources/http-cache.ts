import { isPersistedResponse, PersistedResponse, restore, StoredResponse } from './stored-response';

/**
 * URLs whose responses are kept in memory: each costs a few KiB at most
 * (its bounded headers), and a tenant can bring URLs without end.
 */
export const MAX_KEYS_IN_MEMORY = 8192;

/** Where the daemon keeps the responses of each cached HTTP model across restarts (the catalog's database). */
export interface ValidatorStore {
  get(key: string): { digest: string; responses: string } | undefined;
  set(key: string, digest: string, responses: string): void;
  delete(key: string): void;
}

/**
 * The responses behind each cached HTTP model: in memory, and, when a
 * store is given, on disk (so that after a restart the origin is asked a
 * conditional request, not the whole model again). Each record belongs to
 * the model (digest) it was fetched as: a key's model may change (the
 * origin published another), and another model's validators must never
 * prove it unchanged.
 */
export class HttpCache {
  /** In use order, oldest first: past MAX_KEYS_IN_MEMORY the oldest goes (the disk keeps what it may). */
  private readonly byKey = new Map<string, { digest: string; responses: StoredResponse[] }>();

  constructor(private readonly store?: ValidatorStore) {}

  get size(): number {
    return this.byKey.size;
  }

  get(key: string, digest: string): StoredResponse[] | undefined {
    const kept = this.byKey.get(key);
    if (kept?.digest !== digest) return undefined;
    this.keep(key, kept); // used now: the newest
    return kept.responses;
  }

  private keep(key: string, record: { digest: string; responses: StoredResponse[] }): void {
    this.byKey.delete(key);
    this.byKey.set(key, record);
    for (const oldest of this.byKey.keys()) {
      if (this.byKey.size <= MAX_KEYS_IN_MEMORY) break;
      this.byKey.delete(oldest);
    }
  }

  /** `persisted`: what the disk may keep of them (none: whatever the disk held for this key goes). */
  set(
    key: string,
    digest: string,
    responses: StoredResponse[],
    persisted?: PersistedResponse[],
  ): void {
    this.keep(key, { digest, responses });
    if (persisted === undefined) this.store?.delete(key);
    else this.store?.set(key, digest, JSON.stringify(persisted));
  }

  /** What the disk kept for this key and model (undefined: nothing, another model's, or unreadable). */
  persisted(key: string, digest: string): PersistedResponse[] | undefined {
    const kept = this.store?.get(key);
    if (kept?.digest !== digest) return undefined;
    try {
      const parsed = JSON.parse(kept.responses) as unknown;
      return Array.isArray(parsed) && parsed.every(isPersistedResponse) ? parsed : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * The stored responses of this key's model: in memory, else as the disk
   * kept them (after a restart: `urlOf` gives each file's URL back; they go
   * into memory only, no write per Open). Undefined: fetch again.
   */
  responsesOf(
    key: string,
    digest: string,
    urlOf: (path: string | null) => string,
  ): StoredResponse[] | undefined {
    const inMemory = this.get(key, digest);
    if (inMemory !== undefined) return inMemory;
    const persisted = this.persisted(key, digest);
    if (persisted === undefined) return undefined;
    try {
      const responses = persisted.map((response) => restore(response, urlOf(response.path)));
      this.keep(key, { digest, responses });
      return responses;
    } catch {
      return undefined; // unreadable: the model is fetched again
    }
  }
}
