// The cluster store: one interface, two backends (embedded SQLite, etcd), one conformance suite
// (storage/testsuite) run against both. Only the API server uses it.
//
// The model is etcd's (and kine's): a flat key space of byte values, one global revision that
// every write advances by one, each key remembering the revision that created it and the one that
// last changed it. The API server's resourceVersion is a key's modRevision (an object's) or the
// store's revision (a list's or a watch event's). On etcd the revision belongs to the whole etcd
// cluster: writes under other prefixes advance it too, so there revisions only increase.
//
// Lifecycle: a backend is opened by its own factory (openSqliteStorage, openEtcdStorage), used,
// then close()d; close ends every watch (their `onClose` runs with no error).
//
// Errors (MinatoError kinds from util/errors): create of an existing key → Conflict with
// details {reason: 'AlreadyExists'}; update/delete of a missing key → NotFound; a precondition
// (expected modRevision) that does not hold → Conflict with details {reason: 'Conflict'};
// a read or watch at a compacted revision → Gone; the backend unreachable → Unavailable;
// a bad argument (an empty key, a key with NUL or a lone surrogate, a negative limit, a read or
// compaction at a revision newer than the store's) → InvalidArgument.

export interface KeyValue {
  key: string;
  value: Uint8Array;
  /** The revision of the write that created the key (in its current incarnation). */
  createRevision: number;
  /** The revision of the last write to the key; for a deleted key in a watch event, the deletion's. */
  modRevision: number;
}

export type WatchEvent =
  | { type: 'put'; kv: KeyValue; /** the value before, when the key existed */ prev?: KeyValue }
  /** kv.value is the value the key had; kv.modRevision is the deletion's revision. */
  | { type: 'delete'; kv: KeyValue; prev?: KeyValue };

export interface ListOptions {
  /** At most this many items (none or 0: all). */
  limit?: number;
  /** Only keys after this one (exclusive): the continuation of a paginated list. */
  startAfter?: string;
  /** Read as of this revision (a paginated list's later pages); none: the current revision. Older than the compacted revision → Gone. */
  revision?: number;
}

export interface ListResult {
  items: KeyValue[];
  /** The revision the list was read at. */
  revision: number;
  /** Whether keys remain after the last item returned. */
  more: boolean;
  /** How many keys remain after the last item (when the backend knows cheaply). */
  remaining?: number;
}

export interface WatchHandlers {
  /** Events in revision order, never two for one revision and key; a batch may hold several. */
  onEvents(events: WatchEvent[]): void;
  /**
   * The watch ended: by cancel() or close() (no error), because the revision it asked for is
   * compacted (Gone), or because the backend failed (Unavailable). No events follow.
   */
  onClose(error?: Error): void;
  /** The store reached this revision with no event for this prefix (etcd's progress notify); optional. */
  onProgress?(revision: number): void;
}

export interface Watch {
  cancel(): void;
}

export interface Storage {
  /** The revision of the last write (0 for an empty store). */
  currentRevision(): Promise<number>;
  get(key: string): Promise<KeyValue | undefined>;
  create(key: string, value: Uint8Array): Promise<KeyValue>;
  /** Replaces the value; with `expectedModRevision`, only if the key's modRevision is that. */
  update(key: string, value: Uint8Array, expectedModRevision?: number): Promise<KeyValue>;
  /** Removes the key; returns it as it was, with modRevision the deletion's revision. */
  delete(key: string, expectedModRevision?: number): Promise<KeyValue>;
  /** Keys starting with `prefix`, in key order (by their UTF-8 bytes, as etcd orders them: see keys.ts). */
  list(prefix: string, options?: ListOptions): Promise<ListResult>;
  /** How many keys start with `prefix` now. */
  count(prefix: string): Promise<number>;
  /**
   * Changes to keys starting with `prefix` after `afterRevision` (exclusive): every event with
   * a revision greater than it, first those already written (replayed from the log), then live
   * ones. `afterRevision` below the compacted revision → onClose(Gone) at once.
   */
  watch(prefix: string, afterRevision: number, handlers: WatchHandlers): Watch;
  /**
   * Forgets the history before `revision`: the current values stay, and so do the values as of
   * `revision` itself (a read at it still works). At or below the compacted revision: nothing to do.
   */
  compact(revision: number): Promise<void>;
  /** The compacted revision (reads and watches before it fail with Gone). */
  compactedRevision(): Promise<number>;
  close(): Promise<void>;
}
