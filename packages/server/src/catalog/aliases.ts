import * as fs from 'node:fs';

import Database from 'better-sqlite3';

/** URL -> digest, with what tells whether the URL's model changed; kept on disk so a restart needs no refetch. */
export interface Alias {
  digest: string;
  validator: string;
}

/**
 * The URL aliases in SQLite (WAL): one row written per new URL, so adding
 * a model costs the same at 10 or 10,000 models, and a kill -9 at any
 * point leaves the last committed state. An unreadable database is set
 * aside and started afresh (models are refetched as they are asked for).
 */
export class Aliases {
  private readonly db: Database.Database;
  private readonly statements: {
    get: Database.Statement<[string], Alias>;
    set: Database.Statement<[string, string, string]>;
    drop: Database.Statement<[string]>;
    urlsOf: Database.Statement<[string], { url: string }>;
  };

  constructor(file: string, onReset: (why: string) => void = () => undefined) {
    this.db = Aliases.open(file, onReset);
    this.statements = {
      get: this.db.prepare('SELECT digest, validator FROM aliases WHERE url = ?'),
      set: this.db.prepare(
        'INSERT INTO aliases (url, digest, validator) VALUES (?, ?, ?) ' +
          'ON CONFLICT(url) DO UPDATE SET digest = excluded.digest, validator = excluded.validator',
      ),
      drop: this.db.prepare('DELETE FROM aliases WHERE digest = ?'),
      urlsOf: this.db.prepare('SELECT url FROM aliases WHERE digest = ?'),
    };
  }

  private static open(file: string, onReset: (why: string) => void): Database.Database {
    try {
      return Aliases.create(file);
    } catch (error) {
      onReset((error as Error).message);
      for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });
      return Aliases.create(file);
    }
  }

  private static create(file: string): Database.Database {
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL'); // WAL: a crash loses at most the last writes, never the file
    db.exec(
      'CREATE TABLE IF NOT EXISTS aliases (url TEXT PRIMARY KEY, digest TEXT NOT NULL, validator TEXT NOT NULL);' +
        'CREATE INDEX IF NOT EXISTS aliases_by_digest ON aliases (digest);',
    );
    return db;
  }

  get(url: string): Alias | undefined {
    return this.statements.get.get(url);
  }

  set(url: string, alias: Alias): void {
    this.statements.set.run(url, alias.digest, alias.validator);
  }

  /** Forgets every URL of a digest (the model left every tier). */
  dropDigest(digest: string): void {
    this.statements.drop.run(digest);
  }

  urlsOf(digest: string): string[] {
    return this.statements.urlsOf.all(digest).map((row) => row.url);
  }

  close(): void {
    this.db.close();
  }
}
