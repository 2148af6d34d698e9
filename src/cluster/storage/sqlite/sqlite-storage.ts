// The embedded cluster store: Storage on one SQLite file (kine's log model, see schema.ts).
// Every write is one IMMEDIATE transaction, so writers in several processes serialize on the
// file's write lock and revisions stay consecutive. node:sqlite is synchronous; the Promise API
// is for the interface's sake (the etcd backend is asynchronous).
import { messageOf, MinatoError, unavailable } from '../../../util/errors.ts';
import type { KeyValue, ListOptions, ListResult, Storage, Watch, WatchHandlers } from '../storage.ts';
import { validateKey } from '../keys.ts';
import { alreadyExists, compacted, futureRevision, keyNotFound, preconditionFailed, storeClosed, validateLimit, validateRevision } from '../storage-errors.ts';
import { keyValueOf, LogStore, prefixRange, type LogRow } from './log-store.ts';
import { LogWatchHub } from './log-watch-hub.ts';
import { openLogDatabase } from './schema.ts';

export interface SqliteStorageOptions {
  /**
   * How often watches look for writes made by other processes (or other store objects) on the
   * same file; this object's own writes reach its watches at once. Default 1000 ms (as kine).
   */
  pollIntervalMs?: number;
}

const sqliteConstraintUnique = 2067;
const sqliteBusy = 5;

/** SQLite failures in Storage's vocabulary: a lost compare-and-swap race is a Conflict. */
function storeError(err: unknown, key: string): unknown {
  if (err instanceof MinatoError) return err;
  const code = typeof err === 'object' && err !== null && 'errcode' in err ? err.errcode : undefined;
  if (code === sqliteConstraintUnique) {
    return new MinatoError('Conflict', `key ${JSON.stringify(key)} was modified concurrently`, { details: { reason: 'Conflict' } });
  }
  if (code === sqliteBusy || (typeof code === 'number' && (code & 0xff) === sqliteBusy)) return unavailable(`cluster store busy: ${messageOf(err)}`, err);
  return err;
}

export class SqliteStorage implements Storage {
  private readonly log: LogStore;
  private readonly hub: LogWatchHub;
  private closed = false;

  constructor(file: string, options: SqliteStorageOptions = {}) {
    this.log = new LogStore(openLogDatabase(file));
    this.hub = new LogWatchHub(this.log, options.pollIntervalMs ?? 1000);
  }

  private open(): LogStore {
    if (this.closed) throw storeClosed();
    return this.log;
  }

  /** Runs one write transaction and wakes the watches after it committed. */
  private write<T>(key: string, fn: (log: LogStore) => T): T {
    validateKey(key);
    const log = this.open();
    try {
      const result = log.transaction('write', () => fn(log));
      this.hub.notify();
      return result;
    } catch (err) {
      throw storeError(err, key);
    }
  }

  /** The key's latest row if it is live (not a deletion). */
  private static live(row: LogRow | undefined): LogRow | undefined {
    return row && !row.deleted ? row : undefined;
  }

  /** The key's live row, which must be at `expectedModRevision` when one is given. */
  private static expected(log: LogStore, key: string, expectedModRevision: number | undefined): LogRow {
    const latest = SqliteStorage.live(log.latest(key));
    if (!latest) throw keyNotFound(key);
    if (expectedModRevision !== undefined && latest.id !== expectedModRevision) throw preconditionFailed(key, expectedModRevision, latest.id);
    return latest;
  }

  async currentRevision(): Promise<number> {
    return this.open().currentRevision();
  }

  async compactedRevision(): Promise<number> {
    return this.open().compactedRevision();
  }

  async get(key: string): Promise<KeyValue | undefined> {
    validateKey(key);
    const row = SqliteStorage.live(this.open().latest(key));
    return row && keyValueOf(row);
  }

  async create(key: string, value: Uint8Array): Promise<KeyValue> {
    return this.write(key, (log) => {
      const latest = log.latest(key);
      if (SqliteStorage.live(latest)) throw alreadyExists(key);
      const id = log.currentRevision() + 1;
      // prev_revision links to the deletion before this incarnation, so the unique index still
      // rejects a second create racing this one.
      log.append({ id, name: key, created: 1, deleted: 0, create_revision: id, prev_revision: latest?.id ?? 0, value, old_value: null });
      return { key, value, createRevision: id, modRevision: id };
    });
  }

  async update(key: string, value: Uint8Array, expectedModRevision?: number): Promise<KeyValue> {
    validateRevision('expected modRevision', expectedModRevision);
    return this.write(key, (log) => {
      const latest = SqliteStorage.expected(log, key, expectedModRevision);
      const id = log.currentRevision() + 1;
      const createRevision = latest.create_revision;
      log.append({ id, name: key, created: 0, deleted: 0, create_revision: createRevision, prev_revision: latest.id, value, old_value: latest.value });
      return { key, value, createRevision, modRevision: id };
    });
  }

  async delete(key: string, expectedModRevision?: number): Promise<KeyValue> {
    validateRevision('expected modRevision', expectedModRevision);
    return this.write(key, (log) => {
      const latest = SqliteStorage.expected(log, key, expectedModRevision);
      const id = log.currentRevision() + 1;
      const createRevision = latest.create_revision;
      log.append({ id, name: key, created: 0, deleted: 1, create_revision: createRevision, prev_revision: latest.id, value: latest.value, old_value: null });
      return { key, value: latest.value, createRevision, modRevision: id };
    });
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListResult> {
    validateLimit(options.limit);
    validateRevision('list revision', options.revision);
    const log = this.open();
    // One read transaction: the page and its remaining count see the same snapshot, and a
    // concurrent compaction cannot remove rows between the check and the read.
    return log.transaction('read', () => {
      const current = log.currentRevision();
      const revision = options.revision ?? current;
      const compactedRevision = log.compactedRevision();
      if (revision < compactedRevision) throw compacted(revision, compactedRevision);
      if (revision > current) throw futureRevision(revision, current);
      const limit = options.limit || undefined;
      const range = prefixRange(prefix, options.startAfter);
      const rows = log.page(range, revision, limit === undefined ? -1 : limit + 1);
      const more = limit !== undefined && rows.length > limit;
      if (more) rows.length = limit;
      const remaining = more ? log.count(prefixRange(prefix, rows[rows.length - 1]!.name), revision) : 0;
      return { items: rows.map(keyValueOf), revision, more, remaining };
    });
  }

  async count(prefix: string): Promise<number> {
    const log = this.open();
    return log.transaction('read', () => log.count(prefixRange(prefix), log.currentRevision()));
  }

  watch(prefix: string, afterRevision: number, handlers: WatchHandlers): Watch {
    validateRevision('watch revision', afterRevision);
    if (this.closed) {
      setImmediate(() => handlers.onClose(storeClosed()));
      return { cancel: () => {} };
    }
    return this.hub.watch(prefix, afterRevision, handlers);
  }

  async compact(revision: number): Promise<void> {
    validateRevision('compaction revision', revision);
    const log = this.open();
    // Local watches get what they have not seen yet before it may be deleted.
    this.hub.flush();
    log.transaction('write', () => {
      if (revision <= log.compactedRevision()) return;
      const current = log.currentRevision();
      if (revision > current) throw futureRevision(revision, current);
      log.compact(revision);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.hub.closeAll();
    this.log.db.close();
  }
}

export async function openSqliteStorage(file: string, options: SqliteStorageOptions = {}): Promise<Storage> {
  return new SqliteStorage(file, options);
}
