// The log table's queries, synchronous (node:sqlite is). SqliteStorage adds the Storage
// semantics (errors, watches) on top; this file knows only rows and revisions.
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { KeyValue, WatchEvent } from '../storage.ts';
import { prefixUpperBound } from '../keys.ts';

export interface LogRow {
  id: number;
  name: string;
  created: number;
  deleted: number;
  create_revision: number;
  prev_revision: number;
  value: Uint8Array;
  old_value: Uint8Array | null;
}

/** A key range: [lower, upper) with lower inclusive or exclusive; no upper: unbounded. */
export interface KeyRange {
  lower: string;
  lowerExclusive: boolean;
  upper: string | undefined;
}

export function prefixRange(prefix: string, startAfter?: string): KeyRange {
  const upper = prefixUpperBound(prefix);
  // Both bounds are SQLite TEXT comparisons (UTF-8 byte order), so compare the same way here.
  if (startAfter !== undefined && Buffer.compare(Buffer.from(startAfter), Buffer.from(prefix)) >= 0) {
    return { lower: startAfter, lowerExclusive: true, upper };
  }
  return { lower: prefix, lowerExclusive: false, upper };
}

function rangeCondition(range: KeyRange, column: string): string {
  const lower = `${column} ${range.lowerExclusive ? '>' : '>='} :lower`;
  return range.upper === undefined ? lower : `${lower} AND ${column} < :upper`;
}

function rangeParams(range: KeyRange): Record<string, string> {
  return range.upper === undefined ? { lower: range.lower } : { lower: range.lower, upper: range.upper };
}

export function keyValueOf(row: LogRow): KeyValue {
  return { key: row.name, value: row.value, createRevision: row.create_revision, modRevision: row.id };
}

/** The watch event a row records. */
export function eventOf(row: LogRow): WatchEvent {
  const kv = keyValueOf(row);
  if (row.deleted) {
    const prev = { key: row.name, value: row.value, createRevision: row.create_revision, modRevision: row.prev_revision };
    return { type: 'delete', kv, prev };
  }
  if (row.created) return { type: 'put', kv };
  return { type: 'put', kv, prev: { key: row.name, value: row.old_value!, createRevision: row.create_revision, modRevision: row.prev_revision } };
}

const rowColumns = 'id, name, created, deleted, create_revision, prev_revision, value, old_value';

export class LogStore {
  readonly db: DatabaseSync;
  private readonly statements = new Map<string, StatementSync>();

  constructor(db: DatabaseSync) {
    this.db = db;
  }

  private statement(sql: string): StatementSync {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /** BEGIN IMMEDIATE for writes (takes the write lock up front, so no upgrade deadlock), BEGIN for reads. */
  transaction<T>(mode: 'read' | 'write', fn: () => T): T {
    this.db.exec(mode === 'write' ? 'BEGIN IMMEDIATE' : 'BEGIN');
    try {
      const result = fn();
      this.db.exec('COMMIT');
      return result;
    } catch (err) {
      if (this.db.isTransaction) this.db.exec('ROLLBACK');
      throw err;
    }
  }

  compactedRevision(): number {
    return (this.statement("SELECT value FROM meta WHERE key = 'compacted_revision'").get() as { value: number }).value;
  }

  /** The last write's revision. Compaction may delete the newest row (a deletion), hence the max. */
  currentRevision(): number {
    const { id } = this.statement('SELECT MAX(id) AS id FROM log').get() as { id: number | null };
    return Math.max(id ?? 0, this.compactedRevision());
  }

  /** The key's latest row (possibly a deletion), at or below `revision` when given. */
  latest(name: string, revision?: number): LogRow | undefined {
    if (revision === undefined) {
      return this.statement(`SELECT ${rowColumns} FROM log WHERE name = ? ORDER BY id DESC LIMIT 1`).get(name) as LogRow | undefined;
    }
    return this.statement(`SELECT ${rowColumns} FROM log WHERE name = ? AND id <= ? ORDER BY id DESC LIMIT 1`).get(name, revision) as LogRow | undefined;
  }

  /** Appends a row; its id must be currentRevision() + 1, read in the same write transaction. */
  append(row: LogRow): void {
    this.statement(`INSERT INTO log(${rowColumns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(row.id, row.name, row.created, row.deleted, row.create_revision, row.prev_revision, row.value, row.old_value);
  }

  /**
   * The live keys in `range` as of `revision`, in key order, at most `limit`. Walks the
   * (name, id) index in name order; for each name, its newest row at or below the revision.
   */
  page(range: KeyRange, revision: number, limit: number): LogRow[] {
    const sql = `SELECT ${rowColumns} FROM log AS l WHERE ${rangeCondition(range, 'l.name')}
      AND l.id = (SELECT MAX(m.id) FROM log AS m WHERE m.name = l.name AND m.id <= :revision)
      AND l.deleted = 0 ORDER BY l.name LIMIT :limit`;
    return this.statement(sql).all({ ...rangeParams(range), revision, limit }) as unknown as LogRow[];
  }

  /** How many live keys `range` holds as of `revision`. */
  count(range: KeyRange, revision: number): number {
    // SQLite takes a bare column (deleted) from the row holding the MAX(id) of its group.
    const sql = `SELECT COUNT(*) AS n FROM (SELECT MAX(id), deleted FROM log
      WHERE ${rangeCondition(range, 'name')} AND id <= :revision GROUP BY name) WHERE deleted = 0`;
    return (this.statement(sql).get({ ...rangeParams(range), revision }) as { n: number }).n;
  }

  /** Rows after `afterRevision` up to `toRevision` in `range`, in revision order, at most `limit`. */
  rowsAfter(range: KeyRange, afterRevision: number, toRevision: number, limit: number): LogRow[] {
    const sql = `SELECT ${rowColumns} FROM log WHERE id > :after AND id <= :to AND ${rangeCondition(range, 'name')} ORDER BY id LIMIT :limit`;
    return this.statement(sql).all({ ...rangeParams(range), after: afterRevision, to: toRevision, limit }) as unknown as LogRow[];
  }

  /** All rows after `afterRevision`, in revision order, at most `limit` (the shared watch loop). */
  allRowsAfter(afterRevision: number, limit: number): LogRow[] {
    return this.statement(`SELECT ${rowColumns} FROM log WHERE id > ? ORDER BY id LIMIT ?`).all(afterRevision, limit) as unknown as LogRow[];
  }

  /**
   * Deletes the history at or below `revision`: rows that a row at or below it superseded, and
   * deletions at or below it. Rows at or below the previous compaction are already compacted, so
   * only the rows since then are examined.
   */
  compact(revision: number): void {
    const previous = this.compactedRevision();
    this.statement(`DELETE FROM log WHERE id IN (
        SELECT prev_revision FROM log WHERE id > :previous AND id <= :revision AND prev_revision != 0
        UNION SELECT id FROM log WHERE id > :previous AND id <= :revision AND deleted = 1)`)
      .run({ previous, revision });
    this.statement("UPDATE meta SET value = ? WHERE key = 'compacted_revision'").run(revision);
  }
}
