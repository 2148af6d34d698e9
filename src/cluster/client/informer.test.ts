// The informer's own logic, without a server: a scripted ResourceClient and a FakeClock drive
// list results, watch events and endings, so back-off, re-watch and re-list decisions can be
// checked exactly.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ConfigMap } from 'kubernetes-types/core/v1.js';
import { ApiError } from './api-error.ts';
import { FakeClock } from './clock.ts';
import { SharedInformer } from './informer.ts';
import type { ObjectList, ResourceClient, WatchHandlers, WatchOptions } from './resource-client.ts';
import { resources } from './resources.ts';
import type { StreamEnd } from './rest-client.ts';

interface ScriptedWatch {
  options: WatchOptions;
  handlers: WatchHandlers<ConfigMap>;
  stopped: boolean;
  end(how: StreamEnd): void;
}

/** A ResourceClient whose LIST answers are given by the test and whose watches it drives. */
class ScriptedClient {
  readonly resource = resources.configMaps;
  lists: ObjectList<ConfigMap>[] = [];
  listCalls = 0;
  listError: unknown;
  watches: ScriptedWatch[] = [];

  listAll(): Promise<ObjectList<ConfigMap>> {
    this.listCalls++;
    if (this.listError) return Promise.reject(this.listError);
    const next = this.lists.length > 1 ? this.lists.shift()! : this.lists[0]!;
    return Promise.resolve(structuredClone(next));
  }

  watch(_namespace: string | undefined, options: WatchOptions, handlers: WatchHandlers<ConfigMap>) {
    let ended = false;
    const scripted: ScriptedWatch = {
      options,
      handlers,
      stopped: false,
      end: (how) => {
        if (ended) return;
        ended = true;
        handlers.onEnd?.(how);
      },
    };
    this.watches.push(scripted);
    return {
      stop: () => {
        scripted.stopped = true;
        scripted.end({ reason: 'stopped' });
      },
      ended: Promise.resolve({ reason: 'stopped' } as StreamEnd),
    };
  }

  get lastWatch(): ScriptedWatch {
    return this.watches.at(-1)!;
  }
}

const cm = (name: string, rv: string, data: Record<string, string> = {}): ConfigMap => ({ metadata: { namespace: 'ns', name, resourceVersion: rv }, data });
const list = (rv: string, ...items: ConfigMap[]): ObjectList<ConfigMap> => ({ metadata: { resourceVersion: rv }, items });
const flush = async () => {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
};

function setup(options: { resyncPeriodMs?: number; transform?: (object: ConfigMap) => ConfigMap } = {}) {
  const clock = new FakeClock();
  const client = new ScriptedClient();
  const events: string[] = [];
  const { transform, ...rest } = options;
  const informer = new SharedInformer(client as unknown as ResourceClient<ConfigMap>, { clock, backoff: { initialMs: 100, maxMs: 800, jitter: 0 }, ...rest, ...(transform ? { transform: (object) => transform(object as ConfigMap) } : {}) });
  informer.addEventHandler({
    onAdd: (object, initial) => events.push(`add ${object.metadata!.name}${initial ? ' (initial)' : ''}`),
    onUpdate: (old, object) => events.push(`update ${object.metadata!.name} ${old.metadata!.resourceVersion}->${object.metadata!.resourceVersion}`),
    onDelete: (object, info) => events.push(`delete ${object.metadata!.name}${info.finalStateUnknown ? ' (unknown)' : ''}`),
  });
  return { clock, client, events, informer };
}

describe('SharedInformer (scripted)', () => {
  test('lists, then watches from the list version with bookmarks; events and bookmarks move the version', async () => {
    const { client, events, informer } = setup();
    client.lists = [list('10', cm('a', '5'), cm('b', '7'))];
    informer.start();
    await informer.waitForSync();
    await flush();
    assert.deepEqual(events, ['add a (initial)', 'add b (initial)']);
    assert.equal(client.watches.length, 1);
    assert.equal(client.lastWatch.options.resourceVersion, '10');
    assert.equal(client.lastWatch.options.allowWatchBookmarks, true);
    const timeout = client.lastWatch.options.timeoutSeconds!;
    assert.ok(timeout >= 300 && timeout <= 600, `a watch timeout of 5–10 min, not ${timeout}`);
    const w = client.lastWatch.handlers;
    w.onOpen?.();
    w.onEvent({ type: 'ADDED', object: cm('c', '11') });
    w.onEvent({ type: 'MODIFIED', object: cm('a', '12') });
    w.onEvent({ type: 'DELETED', object: cm('b', '13') });
    w.onEvent({ type: 'DELETED', object: cm('never-seen', '14') });
    w.onEvent({ type: 'BOOKMARK', object: { metadata: { resourceVersion: '20' } } });
    assert.deepEqual(events.slice(2), ['add c', 'update a 5->12', 'delete b']);
    assert.equal(informer.lastSyncResourceVersion, '20');
    assert.equal(informer.lister.get('ns', 'a')?.kind, 'ConfigMap');
    await informer.stop();
    assert.equal(client.lastWatch.stopped, true);
  });

  test('a healthy watch the server closes is resumed at once from the last version', async () => {
    const { clock, client, informer } = setup();
    client.lists = [list('10')];
    informer.start();
    await flush();
    client.lastWatch.handlers.onOpen?.();
    client.lastWatch.handlers.onEvent({ type: 'ADDED', object: cm('a', '11') });
    client.lastWatch.end({ reason: 'closed' });
    await flush();
    assert.equal(client.watches.length, 2, 'no wait');
    assert.equal(client.lastWatch.options.resourceVersion, '11');
    assert.equal(client.listCalls, 1);
    assert.equal(clock.pending, 0);
    await informer.stop();
  });

  test('failures back off, doubling up to the cap; a healthy watch resets it; never a tight loop', async () => {
    const { clock, client, informer } = setup();
    client.lists = [list('10')];
    informer.start();
    await flush();
    const gaps: number[] = [];
    for (let i = 0; i < 6; i++) {
      const count = client.watches.length;
      client.lastWatch.end({ reason: 'failed', error: new Error('ECONNREFUSED') });
      await flush();
      assert.equal(client.watches.length, count, 'not retried at once');
      const start = clock.now();
      while (client.watches.length === count && clock.now() - start < 10_000) {
        clock.advance(10);
        await flush();
      }
      gaps.push(clock.now() - start);
    }
    assert.deepEqual(gaps, [100, 200, 400, 800, 800, 800]);
    // A watch that opens at once and closes at once with nothing is not healthy either.
    client.lastWatch.handlers.onOpen?.();
    client.lastWatch.end({ reason: 'closed' });
    await flush();
    const count = client.watches.length;
    assert.equal(clock.pending, 1, 'waiting, not re-watching in a loop');
    clock.advance(800);
    await flush();
    assert.equal(client.watches.length, count + 1);
    // A healthy one (an event) resets the back-off.
    client.lastWatch.handlers.onOpen?.();
    client.lastWatch.handlers.onEvent({ type: 'ADDED', object: cm('x', '11') });
    client.lastWatch.end({ reason: 'failed', error: new Error('reset') });
    await flush();
    const before = client.watches.length;
    clock.advance(99);
    await flush();
    assert.equal(client.watches.length, before);
    clock.advance(1);
    await flush();
    assert.equal(client.watches.length, before + 1, 'back to the first delay');
    assert.equal(client.listCalls, 1, 'all re-watches, no re-list');
    assert.equal(client.lastWatch.options.resourceVersion, '11');
    await informer.stop();
  });

  test('an ERROR event other than 410 backs off and re-watches from the same version', async () => {
    const { clock, client, informer } = setup();
    client.lists = [list('10')];
    informer.start();
    await flush();
    client.lastWatch.handlers.onOpen?.();
    client.lastWatch.handlers.onEvent({ type: 'ERROR', object: { kind: 'Status', code: 500, reason: 'InternalError', message: 'watch ended' } });
    await flush();
    assert.equal(client.watches[0]!.stopped, true, 'the watch is ended by the client after an ERROR');
    clock.advance(100);
    await flush();
    assert.equal(client.watches.length, 2);
    assert.equal(client.lastWatch.options.resourceVersion, '10');
    assert.equal(client.listCalls, 1);
    await informer.stop();
  });

  test('410 (an ERROR event or the HTTP answer) re-lists at once; the differences become events', async () => {
    const { client, events, informer } = setup();
    client.lists = [list('10', cm('keep', '1'), cm('change', '2'), cm('vanish', '3')), list('50', cm('keep', '1'), cm('change', '40'), cm('appear', '45'))];
    informer.start();
    await flush();
    events.length = 0;
    client.lastWatch.handlers.onOpen?.();
    client.lastWatch.handlers.onEvent({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired', message: 'too old resource version: 10 (20)' } });
    await flush();
    assert.equal(client.listCalls, 2, 'listed again at once');
    assert.deepEqual(events.sort(), ['add appear', 'delete vanish (unknown)', 'update change 2->40']);
    assert.equal(client.lastWatch.options.resourceVersion, '50');
    assert.deepEqual(informer.lister.keys().sort(), ['ns/appear', 'ns/change', 'ns/keep']);
    // 410 as the watch request's HTTP answer (after a healthy watch): the same.
    client.lastWatch.handlers.onOpen?.();
    client.lastWatch.handlers.onEvent({ type: 'BOOKMARK', object: { metadata: { resourceVersion: '55' } } });
    client.lastWatch.end({ reason: 'closed' });
    await flush();
    assert.equal(client.lastWatch.options.resourceVersion, '55');
    client.lists = [list('60', cm('keep', '1'))];
    client.lastWatch.end({ reason: 'failed', error: new ApiError({ kind: 'Status', code: 410, reason: 'Gone', message: 'gone' }) });
    await flush();
    assert.equal(client.listCalls, 3);
    assert.deepEqual(informer.lister.keys(), ['ns/keep']);
    await informer.stop();
  });

  test('410 again right after a re-list waits before listing once more', async () => {
    const { clock, client, informer } = setup();
    client.lists = [list('10')];
    informer.start();
    await flush();
    const expire = () => client.lastWatch.handlers.onEvent({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired', message: 'old' } });
    expire();
    await flush();
    assert.equal(client.listCalls, 2);
    expire();
    await flush();
    assert.equal(client.listCalls, 2, 'not at once');
    clock.advance(100);
    await flush();
    assert.equal(client.listCalls, 3);
    await informer.stop();
  });

  test('a failed LIST is retried with back-off; waitForSync resolves once one succeeds', async () => {
    const { clock, client, informer } = setup();
    client.listError = new Error('ECONNREFUSED');
    informer.start();
    await flush();
    assert.equal(client.listCalls, 1);
    clock.advance(100);
    await flush();
    assert.equal(client.listCalls, 2);
    assert.equal(informer.hasSynced(), false);
    client.listError = undefined;
    client.lists = [list('5', cm('a', '1'))];
    clock.advance(200);
    await informer.waitForSync();
    assert.equal(informer.lister.size, 1);
    // Stopped before its loop got to the watch: the watch it then makes is stopped at once.
    await informer.stop();
    assert.ok(client.watches.every((watch) => watch.stopped));
  });

  test('resync calls onUpdate(obj, obj) every period, once synced; a throwing handler does not stop the others', async () => {
    const { clock, client, events, informer } = setup({ resyncPeriodMs: 1000 });
    const seen: string[] = [];
    informer.addEventHandler({
      onUpdate: () => {
        throw new Error('handler bug');
      },
    });
    informer.addEventHandler({ onUpdate: (old, object) => seen.push(`${object.metadata!.name} ${old === object}`) });
    client.lists = [list('10', cm('a', '1'))];
    informer.start();
    await flush();
    clock.advance(1000);
    clock.advance(1000);
    assert.deepEqual(seen, ['a true', 'a true']);
    assert.deepEqual(events, ['add a (initial)', 'update a 1->1', 'update a 1->1']);
    await informer.stop();
    clock.advance(5000);
    assert.equal(seen.length, 2, 'no resync after stop');
  });

  test('a transform decides what the cache keeps, of listed and of watched objects', async () => {
    const { client, informer } = setup({ transform: (object) => ({ metadata: { name: object.metadata!.name, namespace: object.metadata!.namespace, resourceVersion: object.metadata!.resourceVersion } }) });
    client.lists = [list('10', cm('a', '5', { big: 'x'.repeat(100) }))];
    informer.start();
    await informer.waitForSync();
    await flush();
    client.lastWatch.handlers.onEvent({ type: 'ADDED', object: cm('b', '11', { big: 'y' }) });
    assert.deepEqual(informer.lister.get('ns', 'a'), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'ns', resourceVersion: '5' } });
    assert.equal(informer.lister.get('ns', 'b')?.data, undefined);
    await informer.stop();
  });

  test('cluster-scoped resources cannot be limited to a namespace', () => {
    const client = { resource: resources.nodes } as unknown as ResourceClient<ConfigMap>;
    assert.throws(() => new SharedInformer(client, { namespace: 'x' }), /nodes are cluster-scoped/);
  });
});
