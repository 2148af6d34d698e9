// The engine's metadata database (SQLite, one file in the data root): images and their tags,
// containers, volumes. Records are JSON documents keyed by their identity; the few columns
// outside the JSON are the ones that need uniqueness or lookups.
import { DatabaseSync, type StatementSync } from 'node:sqlite';

const schemaVersion = 1;

const schema = `
CREATE TABLE IF NOT EXISTS images (
  id TEXT PRIMARY KEY,              -- config digest (Docker's image ID)
  record TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS tags (
  name TEXT PRIMARY KEY,            -- full reference, e.g. docker.io/library/busybox:latest
  image_id TEXT NOT NULL REFERENCES images(id)
);
CREATE INDEX IF NOT EXISTS tags_by_image ON tags(image_id);
CREATE TABLE IF NOT EXISTS containers (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  record TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS volumes (
  name TEXT PRIMARY KEY,
  record TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS build_cache (
  key TEXT PRIMARY KEY,             -- hash of the parent image and the step, see build/build-cache.ts
  image_id TEXT NOT NULL,
  created TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS networks (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  record TEXT NOT NULL
);
`;

export class MetadataDatabase {
  readonly db: DatabaseSync;
  private readonly statements = new Map<string, StatementSync>();

  constructor(file: string) {
    this.db = new DatabaseSync(file);
    this.db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;');
    const version = (this.db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version;
    if (version > schemaVersion) {
      throw new Error(`metadata database ${file} has schema version ${version}, newer than this Minato understands (${schemaVersion})`);
    }
    this.db.exec(schema);
    this.db.exec(`PRAGMA user_version = ${schemaVersion}`);
  }

  /** A cached prepared statement. */
  statement(sql: string): StatementSync {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /** Runs fn in a transaction (synchronous: node:sqlite is synchronous). */
  transaction<T>(fn: () => T): T {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = fn();
      this.db.exec('COMMIT');
      return result;
    } catch (err) {
      this.db.exec('ROLLBACK');
      throw err;
    }
  }

  close(): void {
    this.db.close();
  }
}

/** A table of JSON records keyed by one text column. */
export class RecordTable<T> {
  private readonly database: MetadataDatabase;
  private readonly table: string;
  private readonly key: string;

  constructor(database: MetadataDatabase, table: string, key: string) {
    this.database = database;
    this.table = table;
    this.key = key;
  }

  get(key: string): T | undefined {
    const row = this.database.statement(`SELECT record FROM ${this.table} WHERE ${this.key} = ?`).get(key) as { record: string } | undefined;
    return row ? (JSON.parse(row.record) as T) : undefined;
  }

  all(): T[] {
    const rows = this.database.statement(`SELECT record FROM ${this.table}`).all() as { record: string }[];
    return rows.map((row) => JSON.parse(row.record) as T);
  }

  delete(key: string): boolean {
    return Number(this.database.statement(`DELETE FROM ${this.table} WHERE ${this.key} = ?`).run(key).changes) > 0;
  }
}
