// The watch cache on a real SQLite store: what a watcher sees (selectors applied to an object
// before and after a change), and what happens when a watcher's connection is full — it is
// written nothing, catches up from the buffer when resumed, and is ended when it falls too far
// behind or its place leaves the buffer.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, afterEach, test } from 'node:test';
import { silentLogger } from '../../util/log.ts';
import { resourceFor } from '../api/registry.ts';
import type { KubeObject, ResourceType } from '../api/resource-type.ts';
import type { Storage } from '../storage/storage.ts';
import { openSqliteStorage } from '../storage/sqlite/sqlite-storage.ts';
import { parseFieldSelector } from './field-selector.ts';
import { parseLabelSelector } from '../api/label-selector-query.ts';
import { ObjectStore } from './object-store.ts';
import { type ClientWatch, type ClientWatchOptions, ResourceWatchCache, type WatchCacheSettings, type WatchEventType } from './watch-cache.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'minato-watch-cache-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const configMaps: ResourceType = resourceFor('', 'v1', 'configmaps')!;
const open: { storage: Storage; cache: ResourceWatchCache }[] = [];
let files = 0;

afterEach(async () => {
  for (const { storage, cache } of open.splice(0)) {
    cache.close();
    await storage.close();
  }
});

async function setup(settings: Partial<WatchCacheSettings> = {}) {
  const storage = await openSqliteStorage(path.join(dir, `cluster-${files++}.db`), { pollIntervalMs: 50 });
  const store = new ObjectStore(storage);
  const cache = new ResourceWatchCache(store, configMaps, silentLogger(), settings);
  open.push({ storage, cache });
  const configMap = (name: string, labels: Record<string, string> = {}, data: Record<string, string> = {}): KubeObject => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, labels },
    data,
  });
  const create = async (name: string, labels: Record<string, string> = {}, data: Record<string, string> = {}) => (await store.create(configMaps, configMap(name, labels, data))).revision;
  const update = async (name: string, revision: number, labels: Record<string, string>, data: Record<string, string> = {}) =>
    (await store.update(configMaps, configMap(name, labels, data), revision)).revision;
  return { storage, store, cache, create, update };
}

interface Seen {
  type: WatchEventType;
  name: string;
  revision: number;
}

/** A client watch that records what it is sent; `full` says whether its connection takes more. */
class Recorder {
  readonly seen: Seen[] = [];
  full = false;
  lagged = false;
  closed = false;
  bookmarks: number[] = [];
  watch!: ClientWatch;

  static async start(cache: ResourceWatchCache, options: Partial<ClientWatchOptions> = {}, full = false): Promise<Recorder> {
    const recorder = new Recorder();
    recorder.full = full;
    recorder.watch = await cache.watch({
      labelSelector: parseLabelSelector(''),
      fieldSelector: parseFieldSelector(''),
      ...options,
      onEvent: (type, event) => {
        recorder.seen.push({ type, name: event.object.metadata!.name!, revision: event.revision });
        return !recorder.full;
      },
      onBookmark: (revision) => recorder.bookmarks.push(revision),
      onError: (status) => assert.fail(`unexpected error: ${status.message}`),
      onClose: () => (recorder.closed = true),
      onLagging: () => (recorder.lagged = true),
    });
    return recorder;
  }

  names(): string[] {
    return this.seen.map((event) => `${event.type} ${event.name}`);
  }
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

test('a label selector sees an object move into and out of it as ADDED and DELETED', async () => {
  const { cache, create, update } = await setup();
  const start = await create('seed');
  const watcher = await Recorder.start(cache, { resourceVersion: start, labelSelector: parseLabelSelector('tier=web') });
  const created = await create('a', { tier: 'db' });
  const moved = await update('a', created, { tier: 'web' });
  const changed = await update('a', moved, { tier: 'web' }, { k: 'v' });
  await update('a', changed, { tier: 'db' });
  await create('b', { tier: 'web' });
  await until(() => watcher.seen.length === 4, 'four events arrived');
  assert.deepEqual(watcher.names(), ['ADDED a', 'MODIFIED a', 'DELETED a', 'ADDED b']);
});

test('a watcher whose connection is full is sent nothing until resumed, then everything it missed, in order', async () => {
  const { cache, create } = await setup();
  const start = await create('seed');
  const slow = await Recorder.start(cache, { resourceVersion: start });
  const fast = await Recorder.start(cache, { resourceVersion: start });
  slow.full = true;
  await create('c0');
  await until(() => slow.seen.length === 1 && fast.seen.length === 1, 'both saw the first change');
  for (let i = 1; i < 20; i++) await create(`c${i}`);
  await until(() => fast.seen.length === 20, 'the reading watcher saw every change');
  assert.equal(slow.seen.length, 1, 'the full one was sent nothing more');
  slow.full = false;
  slow.watch.resume();
  assert.deepEqual(slow.names(), fast.names(), 'resumed, it caught up from the buffer');
  await create('c20');
  await until(() => slow.seen.length === 21 && fast.seen.length === 21, 'both saw the next change');
  assert.equal(new Set(slow.seen.map((event) => event.revision)).size, 21, 'no event twice');
  assert.equal(slow.lagged, false);
});

test('a full watcher that falls more than maxLagBytes behind is ended; others go on', async () => {
  const { cache, create } = await setup({ maxLagBytes: 4096 });
  const start = await create('seed');
  const slow = await Recorder.start(cache, { resourceVersion: start });
  const fast = await Recorder.start(cache, { resourceVersion: start });
  slow.full = true;
  const value = 'x'.repeat(1000);
  for (let i = 0; i < 8; i++) await create(`big-${i}`, {}, { value });
  await until(() => fast.seen.length === 8, 'the reading watcher saw every change');
  assert.equal(slow.lagged, true, 'about 8 kB behind with 4 kB allowed');
  assert.equal(slow.seen.length, 1);
  assert.equal(fast.lagged, false);
});

test('a full watcher whose place has left the buffer is ended', async () => {
  const { cache, create } = await setup({ capacity: 5 });
  const start = await create('seed');
  const slow = await Recorder.start(cache, { resourceVersion: start });
  const fast = await Recorder.start(cache, { resourceVersion: start });
  slow.full = true;
  for (let i = 0; i < 12; i++) await create(`c${i}`);
  await until(() => fast.seen.length === 12, 'the reading watcher saw every change');
  assert.ok(cache.bufferedEvents <= 5, `the buffer keeps at most 5 events (${cache.bufferedEvents})`);
  assert.equal(slow.lagged, true, 'the events after its place are gone: it must re-watch');
  assert.equal(slow.seen.length, 1);
});

test('events older than freshMs leave the buffer; a watch from before them is served from storage', async () => {
  const { cache, create } = await setup({ freshMs: 100 });
  const start = await create('seed');
  const first = await Recorder.start(cache, { resourceVersion: start });
  await create('old');
  await until(() => first.seen.length === 1, 'the change arrived');
  await until(() => cache.bufferedEvents === 0, 'the old event left the buffer');
  const late = await Recorder.start(cache, { resourceVersion: start });
  await until(() => late.seen.length === 1, 'the storage watch replayed it');
  assert.deepEqual(late.names(), ['ADDED old']);
});

test('initial events wait for a full connection, then the changes made meanwhile follow', async () => {
  const { cache, create } = await setup();
  for (let i = 0; i < 5; i++) await create(`pre-${i}`);
  const watcher = await Recorder.start(cache, { sendInitialEvents: true }, true);
  await until(() => watcher.seen.length === 1, 'the first initial event went out');
  await create('during');
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(watcher.seen.length, 1, 'nothing more while full');
  watcher.full = false;
  watcher.watch.resume();
  await until(() => watcher.seen.length === 6, 'the initial events and the change');
  assert.deepEqual(watcher.names(), ['ADDED pre-0', 'ADDED pre-1', 'ADDED pre-2', 'ADDED pre-3', 'ADDED pre-4', 'ADDED during']);
  assert.equal(watcher.bookmarks.length, 1, 'the end of the initial events is marked');
});
