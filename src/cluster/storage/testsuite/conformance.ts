// The one conformance suite every Storage backend runs (sqlite-storage.test.ts,
// etcd-storage.int.test.ts). It pins down what storage.ts promises, so the API server can rely on
// the interface and not on a backend.
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import type { Storage } from '../storage.ts';
import { defineKeyValueTests } from './key-value-tests.ts';
import { defineListTests } from './list-tests.ts';
import { defineWatchTests } from './watch-tests.ts';
import { defineHistoryTests } from './history-tests.ts';

export interface StoreUnderTest {
  /** A fresh store with no keys. */
  storage: Storage;
  /**
   * Opens another store object on the same data (the same file; the same etcd and prefix), as a
   * second server process or a restarted one would. The suite closes what it opens.
   */
  openSibling(): Promise<Storage>;
  /** Closes `storage` (if still open) and removes everything open() made. */
  cleanup(): Promise<void>;
}

export interface StorageSuiteOptions {
  open(): Promise<StoreUnderTest>;
  /**
   * Whether revisions start at 0 and every write advances them by exactly one (a store of its
   * own, like the SQLite file); otherwise they only increase (etcd's revision is shared by
   * every prefix of the cluster).
   */
  consecutiveRevisions: boolean;
  /** The longest a sibling's write may take to reach a watch (SQLite: its poll interval). */
  siblingDelayMs: number;
  /** A reason to skip the whole suite (the backend's server is not installed). */
  skip?: string | false;
}

export interface SuiteContext {
  options: StorageSuiteOptions;
  /** Runs `fn` on a fresh store and cleans up after it, pass or fail. */
  withStore(fn: (store: StoreUnderTest) => Promise<void>): () => Promise<void>;
  /**
   * Asserts the store's current revision is `expected` — exactly when the store has revisions of
   * its own, at least when others may write to the same etcd meanwhile.
   */
  assertCurrentRevision(storage: Storage, expected: number, message?: string): Promise<void>;
}

export function storageConformanceSuite(name: string, options: StorageSuiteOptions): void {
  const context: SuiteContext = {
    options,
    withStore: (fn) => async () => {
      const store = await options.open();
      try {
        await fn(store);
      } finally {
        await store.cleanup();
      }
    },
    async assertCurrentRevision(storage, expected, message) {
      const current = await storage.currentRevision();
      if (options.consecutiveRevisions) assert.equal(current, expected, message);
      else assert.ok(current >= expected, `${message ?? 'current revision'}: ${current} < ${expected}`);
    },
  };
  describe(`Storage conformance: ${name}`, { skip: options.skip }, () => {
    defineKeyValueTests(context);
    defineListTests(context);
    defineWatchTests(context);
    defineHistoryTests(context);
  });
}
