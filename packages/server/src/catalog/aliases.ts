import { createHash } from 'node:crypto';
import * as fs from 'node:fs';

import Database from 'better-sqlite3';

/**
 * A model's cache key (its model.json and the shards it resolves to) ->
 * digest, with the model's URL for people (redacted).
 */
export interface Alias {
  digest: string;
  /** The redacted URL, for people. */
  url: string;
}

/** Keys hold URLs with their tokens: on disk only their hash. */
function hashed(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/**
 * The aliases in SQLite (WAL): one row written per new key, so adding a
 * model costs the same at 10 or 10,000 models, and a kill -9 at any point
 * leaves the last committed state. Beside them, each HTTP model's stored
 * responses (validators and freshness, so that a restarted daemon asks the
 * origin a conditional request instead of fetching the model again). The
 * file is 0600 and holds no secret (hashed keys, redacted URLs, responses
 * without URL or request header). An unreadable database is set aside and
 * started afresh (models are refetched as they are asked for).
 */
export class Aliases {
  private readonly db: Database.Database;
  private readonly statements: {
    get: Database.Statement<[string], Alias>;
    set: Database.Statement<[string, string, string]>;
    drop: Database.Statement<[string]>;
    urlsOf: Database.Statement<[string], { url: string }>;
    validators: Database.Statement<[string], { digest: string; responses: string }>;
    setValidators: Database.Statement<[string, string, string]>;
    dropValidators: Database.Statement<[string]>;
    dropValidatorsOf: Database.Statement<[string]>;
  };

  constructor(file: string, onReset: (why: string) => void = () => undefined) {
    this.db = Aliases.open(file, onReset);
    this.statements = {
      get: this.db.prepare('SELECT digest, url FROM model_keys WHERE key = ?'),
      set: this.db.prepare(
        'INSERT INTO model_keys (key, digest, url) VALUES (?, ?, ?) ' +
          'ON CONFLICT(key) DO UPDATE SET digest = excluded.digest, url = excluded.url',
      ),
      drop: this.db.prepare('DELETE FROM model_keys WHERE digest = ?'),
      urlsOf: this.db.prepare('SELECT DISTINCT url FROM model_keys WHERE digest = ?'),
      validators: this.db.prepare('SELECT digest, responses FROM http_responses WHERE key = ?'),
      setValidators: this.db.prepare(
        'INSERT INTO http_responses (key, digest, responses) VALUES (?, ?, ?) ' +
          'ON CONFLICT(key) DO UPDATE SET digest = excluded.digest, responses = excluded.responses',
      ),
      dropValidators: this.db.prepare('DELETE FROM http_responses WHERE key = ?'),
      dropValidatorsOf: this.db.prepare('DELETE FROM http_responses WHERE digest = ?'),
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
    fs.closeSync(fs.openSync(file, 'a', 0o600));
    fs.chmodSync(file, 0o600); // SQLite gives its -wal and -shm files the same mode
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL'); // WAL: a crash loses at most the last writes, never the file
    db.exec(
      'CREATE TABLE IF NOT EXISTS model_keys (key TEXT PRIMARY KEY, digest TEXT NOT NULL, url TEXT NOT NULL);' +
        'CREATE INDEX IF NOT EXISTS model_keys_by_digest ON model_keys (digest);' +
        // each key's responses, for the model (digest) they were fetched as
        'CREATE TABLE IF NOT EXISTS http_responses (key TEXT PRIMARY KEY, digest TEXT NOT NULL, responses TEXT NOT NULL);' +
        'CREATE INDEX IF NOT EXISTS http_responses_by_digest ON http_responses (digest);',
    );
    return db;
  }

  get(key: string): Alias | undefined {
    return this.statements.get.get(hashed(key));
  }

  set(key: string, alias: Alias): void {
    this.statements.set.run(hashed(key), alias.digest, alias.url);
  }

  /** Forgets every key of a digest (the model left every tier), and their HTTP responses. */
  dropDigest(digest: string): void {
    this.statements.dropValidatorsOf.run(digest);
    this.statements.drop.run(digest);
  }

  /** An HTTP model's stored responses, as HttpCache wrote them (JSON), and the model they belong to. */
  validators(key: string): { digest: string; responses: string } | undefined {
    return this.statements.validators.get(hashed(key));
  }

  setValidators(key: string, digest: string, responses: string): void {
    this.statements.setValidators.run(hashed(key), digest, responses);
  }

  dropValidators(key: string): void {
    this.statements.dropValidators.run(hashed(key));
  }

  urlsOf(digest: string): string[] {
    return this.statements.urlsOf.all(digest).map((row) => row.url);
  }

  close(): void {
    this.db.close();
  }
}
