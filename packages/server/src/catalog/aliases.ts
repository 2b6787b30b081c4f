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

type Statements = ReturnType<typeof prepare>;

/** Keys (URLs a model was fetched by) kept per model, and the longest URL the catalog keeps. */
export const KEYS_PER_MODEL = 64;
export const URL_CHARS = 4096 + 'file://'.length;

/** A uid that used a model, and the (redacted) URL it used. */
export interface ModelUser {
  uid: number;
  url: string;
}

/** What quick_check found; like SQLITE_CORRUPT, the file is set aside. */
class DamagedDatabase extends Error {}

function isDamage(error: unknown): boolean {
  if (error instanceof DamagedDatabase) return true;
  // A link, directory or socket at the database's name is set aside as a damaged file is.
  if (['ELOOP', 'EISDIR', 'ENXIO'].includes((error as { code?: string }).code ?? '')) return true;
  return error instanceof Database.SqliteError && /^SQLITE_(CORRUPT|NOTADB)/.test(error.code);
}

function createTables(db: Database.Database): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS model_keys (key TEXT PRIMARY KEY, digest TEXT NOT NULL, url TEXT NOT NULL);' +
      'CREATE INDEX IF NOT EXISTS model_keys_by_digest ON model_keys (digest);' +
      // each key's responses, for the model (digest) they were fetched as
      'CREATE TABLE IF NOT EXISTS http_responses (key TEXT PRIMARY KEY, digest TEXT NOT NULL, responses TEXT NOT NULL);' +
      'CREATE INDEX IF NOT EXISTS http_responses_by_digest ON http_responses (digest);' +
      // who used each model, by which URL (redacted): what a tenant may see and evict outlives a restart
      'CREATE TABLE IF NOT EXISTS model_users (digest TEXT NOT NULL, uid INTEGER NOT NULL, url TEXT NOT NULL, PRIMARY KEY (digest, uid, url));' +
      'CREATE TABLE IF NOT EXISTS model_pins (digest TEXT NOT NULL, uid INTEGER NOT NULL, PRIMARY KEY (digest, uid));',
  );
}

function prepare(db: Database.Database) {
  return {
    get: db.prepare<[string], Alias>('SELECT digest, url FROM model_keys WHERE key = ?'),
    set: db.prepare<[string, string, string]>(
      'INSERT INTO model_keys (key, digest, url) VALUES (?, ?, ?) ' +
        'ON CONFLICT(key) DO UPDATE SET digest = excluded.digest, url = excluded.url',
    ),
    drop: db.prepare<[string]>('DELETE FROM model_keys WHERE digest = ?'),
    // A model's keys past the newest KEYS_PER_MODEL, and their responses: each key is a URL someone
    // fetched it by, and a tenant with an origin of its own could otherwise add rows without end.
    dropOldValidators: db.prepare<[string, string, number]>(
      'DELETE FROM http_responses WHERE key IN (SELECT key FROM model_keys WHERE digest = ? AND rowid NOT IN ' +
        '(SELECT rowid FROM model_keys WHERE digest = ? ORDER BY rowid DESC LIMIT ?))',
    ),
    dropOldKeys: db.prepare<[string, string, number]>(
      'DELETE FROM model_keys WHERE digest = ? AND rowid NOT IN ' +
        '(SELECT rowid FROM model_keys WHERE digest = ? ORDER BY rowid DESC LIMIT ?)',
    ),
    urlsOf: db.prepare<[string], { url: string }>(
      'SELECT DISTINCT url FROM model_keys WHERE digest = ?',
    ),
    validators: db.prepare<[string], { digest: string; responses: string }>(
      'SELECT digest, responses FROM http_responses WHERE key = ?',
    ),
    setValidators: db.prepare<[string, string, string]>(
      'INSERT INTO http_responses (key, digest, responses) VALUES (?, ?, ?) ' +
        'ON CONFLICT(key) DO UPDATE SET digest = excluded.digest, responses = excluded.responses',
    ),
    dropValidators: db.prepare<[string]>('DELETE FROM http_responses WHERE key = ?'),
    addUser: db.prepare<[string, number, string]>(
      'INSERT OR IGNORE INTO model_users (digest, uid, url) VALUES (?, ?, ?)',
    ),
    usersOf: db.prepare<[string], ModelUser>('SELECT uid, url FROM model_users WHERE digest = ?'),
    userDigests: db.prepare<[], { digest: string }>('SELECT DISTINCT digest FROM model_users'),
    dropUsers: db.prepare<[string]>('DELETE FROM model_users WHERE digest = ?'),
    addPin: db.prepare<[string, number]>(
      'INSERT OR IGNORE INTO model_pins (digest, uid) VALUES (?, ?)',
    ),
    removePin: db.prepare<[string, number]>('DELETE FROM model_pins WHERE digest = ? AND uid = ?'),
    pinsOf: db.prepare<[string], { uid: number }>('SELECT uid FROM model_pins WHERE digest = ?'),
    dropPins: db.prepare<[string]>('DELETE FROM model_pins WHERE digest = ?'),
    pinDigests: db.prepare<[], { digest: string }>('SELECT DISTINCT digest FROM model_pins'),
    dropValidatorsOf: db.prepare<[string]>('DELETE FROM http_responses WHERE digest = ?'),
  };
}

function dropUses(s: Statements, digest: string): void {
  s.dropUsers.run(digest);
  s.dropPins.run(digest);
}

/** What the catalog tells its owner when SQLite fails; it never throws for it. */
export interface CatalogTrouble {
  /** The database was unreadable or found damaged: set aside and started afresh. */
  reset(why: string): void;
  /** A read or write failed (a full disk, an I/O error): the catalog goes on without it. */
  failed(operation: string, why: string): void;
}

/**
 * The aliases in SQLite (WAL): one row written per new key, so adding a
 * model costs the same at 10 or 10,000 models, and a kill -9 at any point
 * leaves the last committed state. Beside them, which uid used each model
 * by which URL (a row per new pair, never per hit), and each HTTP model's stored
 * responses (validators and freshness, so that a restarted daemon asks the
 * origin a conditional request instead of fetching the model again). The
 * file is 0600 and holds no secret (hashed keys, redacted URLs, responses
 * without URL or request header).
 *
 * It is an index, never the only copy of anything: a row that is lost costs
 * a refetch. So no SQLite failure fails a load or stops the daemon: a
 * database found damaged (at start, by a quick check, or by any query
 * later), or no file at its name (a FIFO, directory, link or socket), is
 * set aside and started afresh, a failed write (a full disk) is
 * reported and skipped, and when no database file can be opened at all the
 * catalog is kept in memory until the daemon restarts.
 */
export class Aliases {
  private db: Database.Database;
  private statements: Statements;

  constructor(
    private readonly file: string,
    private readonly trouble: CatalogTrouble,
  ) {
    this.db = this.open();
    this.statements = prepare(this.db);
  }

  /**
   * The database file; when it is damaged, a fresh one in its place; when
   * none can be opened (a full disk, an I/O error), one in memory until the
   * daemon restarts. Never throws: the catalog is always usable.
   */
  private open(): Database.Database {
    try {
      return Aliases.create(this.file);
    } catch (error) {
      if (!isDamage(error)) return this.inMemory(error);
      this.trouble.reset((error as Error).message);
      try {
        for (const suffix of ['', '-wal', '-shm'])
          fs.rmSync(`${this.file}${suffix}`, { force: true, recursive: true }); // in our own directory
        return Aliases.create(this.file);
      } catch (again) {
        return this.inMemory(again);
      }
    }
  }

  private inMemory(error: unknown): Database.Database {
    this.trouble.failed(
      'open the database',
      `${(error as Error).message}: the catalog is kept in memory until the daemon restarts`,
    );
    const db = new Database(':memory:');
    createTables(db);
    return db;
  }

  private static create(file: string): Database.Database {
    // Never through a link (the cache directory is checked to be the daemon's own, besides).
    const { O_RDWR, O_CREAT, O_NOFOLLOW } = fs.constants;
    const fd = fs.openSync(file, O_RDWR | O_CREAT | O_NOFOLLOW, 0o600);
    try {
      if (!fs.fstatSync(fd).isFile()) throw new DamagedDatabase('it is not a regular file');
      fs.fchmodSync(fd, 0o600); // SQLite gives its -wal and -shm files the same mode
    } finally {
      fs.closeSync(fd);
    }
    const db = new Database(file);
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL'); // WAL: a crash loses at most the last writes, never the file
      // A damaged page shows only when a query reaches it: looked for now, not at the first Open.
      const check = db.pragma('quick_check', { simple: true });
      if (check !== 'ok')
        throw new DamagedDatabase(`the database is damaged (quick_check: ${String(check)})`);
      createTables(db);
      return db;
    } catch (error) {
      db.close();
      throw error;
    }
  }

  /** Runs one statement; a SQLite failure is reported and yields `fallback`, a damaged database is started afresh. */
  private run<T>(operation: string, fallback: T, work: (statements: Statements) => T): T {
    try {
      return work(this.statements);
    } catch (error) {
      if (!(error instanceof Database.SqliteError)) throw error;
      if (isDamage(error)) {
        try {
          this.db.close();
        } catch {
          // closing what is damaged: it is set aside next
        }
        this.db = this.open(); // reports the reset (the damaged file fails its check)
        this.statements = prepare(this.db);
      } else this.trouble.failed(operation, `${error.code}: ${error.message}`);
      return fallback;
    }
  }

  get(key: string): Alias | undefined {
    return this.run('read a key', undefined, (s) => s.get.get(hashed(key)));
  }

  /** Records a key; a model keeps its newest KEYS_PER_MODEL (an older one costs a refetch, nothing more). */
  set(key: string, alias: Alias): void {
    const url = alias.url.length > URL_CHARS ? `${alias.url.slice(0, URL_CHARS)}…` : alias.url;
    this.run('record a key', undefined, (s) => {
      s.set.run(hashed(key), alias.digest, url);
      s.dropOldValidators.run(alias.digest, alias.digest, KEYS_PER_MODEL);
      s.dropOldKeys.run(alias.digest, alias.digest, KEYS_PER_MODEL);
    });
  }

  /** Forgets every key of a digest (the model left every tier), and their HTTP responses. */
  dropDigest(digest: string): void {
    this.run('forget a model', undefined, (s) => {
      s.dropValidatorsOf.run(digest);
      dropUses(s, digest);
      s.drop.run(digest);
    });
  }

  /** An HTTP model's stored responses, as HttpCache wrote them (JSON), and the model they belong to. */
  validators(key: string): { digest: string; responses: string } | undefined {
    return this.run('read responses', undefined, (s) => s.validators.get(hashed(key)));
  }

  setValidators(key: string, digest: string, responses: string): void {
    this.run('record responses', undefined, (s) =>
      s.setValidators.run(hashed(key), digest, responses),
    );
  }

  dropValidators(key: string): void {
    this.run('forget responses', undefined, (s) => s.dropValidators.run(hashed(key)));
  }

  /** False when the database did not take it (a full disk). */
  addUser(digest: string, user: ModelUser): boolean {
    return this.run('record a user', false, (s) => !!s.addUser.run(digest, user.uid, user.url));
  }

  usersOf(digest: string): ModelUser[] {
    return this.run('read users', [], (s) => s.usersOf.all(digest));
  }

  /** Forgets who used and pinned a model. */
  dropUses(digest: string): void {
    this.run('forget users and pins', undefined, (s) => dropUses(s, digest));
  }

  /** Forgets who used and pinned every model but these. */
  keepUsesOf(digests: ReadonlySet<string>): void {
    this.run('forget users and pins', undefined, (s) => {
      for (const { digest } of [...s.userDigests.all(), ...s.pinDigests.all()])
        if (!digests.has(digest)) dropUses(s, digest);
    });
  }

  addPin(digest: string, uid: number): boolean {
    return this.run('record a pin', false, (s) => !!s.addPin.run(digest, uid));
  }

  removePin(digest: string, uid: number): boolean {
    return this.run('forget a pin', false, (s) => !!s.removePin.run(digest, uid));
  }

  pinsOf(digest: string): number[] {
    return this.run('read pins', [], (s) => s.pinsOf.all(digest).map((row) => row.uid));
  }

  urlsOf(digest: string): string[] {
    return this.run('read urls', [], (s) => s.urlsOf.all(digest).map((row) => row.url));
  }

  close(): void {
    this.db.close();
  }
}
