// The embedded store's schema: kine's append-only log. Every write (create, update, delete)
// appends one row whose id is the write's revision; a key's current value is its latest row.
// Reads at an old revision take the latest row at or below it. Compaction deletes the rows that
// a later row at or below the compacted revision supersedes, and deletions at or below it.
import { DatabaseSync } from 'node:sqlite';

const schemaVersion = 1;

const schema = `
CREATE TABLE IF NOT EXISTS log (
  id INTEGER PRIMARY KEY,           -- the revision of this write (assigned as max + 1, no gaps)
  name TEXT NOT NULL,               -- the key
  created INTEGER NOT NULL,         -- 1: this write created the key
  deleted INTEGER NOT NULL,         -- 1: this write deleted the key
  create_revision INTEGER NOT NULL, -- the revision that created this incarnation of the key
  prev_revision INTEGER NOT NULL,   -- the id of the key's previous row; 0 when there is none
  value BLOB NOT NULL,              -- the value written; for a deletion, the value the key had
  old_value BLOB                    -- the value before an update (NULL for creates and deletes)
);
-- Compare-and-swap: two writers that both read the same latest row cannot both append after it.
CREATE UNIQUE INDEX IF NOT EXISTS log_name_prev_revision ON log(name, prev_revision);
-- Latest row of a key (get, writes) and the latest row at or below a revision (list).
CREATE INDEX IF NOT EXISTS log_name_id ON log(name, id);
CREATE TABLE IF NOT EXISTS meta (
  key TEXT PRIMARY KEY,
  value INTEGER NOT NULL
);
INSERT OR IGNORE INTO meta(key, value) VALUES ('compacted_revision', 0);
`;

/** Opens (creating if needed) a store file in WAL mode, so readers and one writer overlap. */
export function openLogDatabase(file: string): DatabaseSync {
  const db = new DatabaseSync(file);
  try {
    // synchronous=NORMAL in WAL mode: a commit survives a process crash; only a power loss can
    // lose the last transactions (never corrupt the file). busy_timeout: another process on the
    // same file may hold the write lock briefly.
    db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;');
    const version = (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version;
    if (version > schemaVersion) {
      throw new Error(`cluster store ${file} has schema version ${version}, newer than this Minato understands (${schemaVersion})`);
    }
    db.exec('BEGIN IMMEDIATE');
    db.exec(schema);
    db.exec(`PRAGMA user_version = ${schemaVersion}`);
    db.exec('COMMIT');
    return db;
  } catch (err) {
    if (db.isTransaction) db.exec('ROLLBACK');
    db.close();
    throw err;
  }
}
