import { createHash } from 'node:crypto';
import * as fs from 'node:fs';

/**
 * A model's cache key (its model.json and the shards it resolves to) ->
 * digest. On disk (mode 0600) keys are hashed and URLs redacted: the
 * catalog holds no tenant's token or path secret.
 */
export interface Alias {
  digest: string;
  /** The redacted URL, for people. */
  url: string;
}

function hashed(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export class Aliases {
  private readonly byKey = new Map<string, Alias>();

  constructor(private readonly file: string) {
    try {
      const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, Alias>;
      for (const [key, alias] of Object.entries(saved))
        if (typeof alias?.digest === 'string' && typeof alias.url === 'string')
          this.byKey.set(key, alias);
    } catch {
      // none yet, or unreadable: the models are refetched as they are asked for
    }
  }

  get(key: string): Alias | undefined {
    return this.byKey.get(hashed(key));
  }

  set(key: string, alias: Alias): void {
    this.byKey.set(hashed(key), alias);
    this.save();
  }

  /** Forgets every key of a digest (the model left every tier). */
  dropDigest(digest: string): void {
    for (const [key, alias] of this.byKey) if (alias.digest === digest) this.byKey.delete(key);
    this.save();
  }

  urlsOf(digest: string): string[] {
    return [...this.byKey.values()].filter((a) => a.digest === digest).map((a) => a.url);
  }

  private save(): void {
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(Object.fromEntries(this.byKey), null, 1), { mode: 0o600 });
    fs.chmodSync(tmp, 0o600);
    fs.renameSync(tmp, this.file);
  }
}
