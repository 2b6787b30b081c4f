import * as fs from 'node:fs';

/** URL -> digest, with what tells whether the URL's model changed; kept on disk so a restart needs no refetch. */
export interface Alias {
  digest: string;
  validator: string;
}

export class Aliases {
  private readonly byUrl = new Map<string, Alias>();

  constructor(private readonly file: string) {
    try {
      const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, Alias>;
      for (const [url, alias] of Object.entries(saved)) this.byUrl.set(url, alias);
    } catch {
      // none yet, or unreadable: the models are refetched as they are asked for
    }
  }

  get(url: string): Alias | undefined {
    return this.byUrl.get(url);
  }

  set(url: string, alias: Alias): void {
    this.byUrl.set(url, alias);
    this.save();
  }

  /** Forgets every URL of a digest (the model left every tier). */
  dropDigest(digest: string): void {
    for (const [url, alias] of this.byUrl) if (alias.digest === digest) this.byUrl.delete(url);
    this.save();
  }

  urlsOf(digest: string): string[] {
    return [...this.byUrl].filter(([, alias]) => alias.digest === digest).map(([url]) => url);
  }

  private save(): void {
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(Object.fromEntries(this.byUrl), null, 1));
    fs.renameSync(tmp, this.file);
  }
}
