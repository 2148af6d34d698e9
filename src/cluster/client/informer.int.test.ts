// Shared informers against a real `minato server`: the initial list, events, late handlers,
// listers and indexes, selectors, resync, the factory — and the failures informers exist for:
// a server restart (re-watch from the last resourceVersion), and a resourceVersion compacted
// away while the client was cut off (410 → a fresh LIST whose differences become events,
// including the delete of an object removed meanwhile).
import assert from 'node:assert/strict';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { ConfigMap, Pod } from 'kubernetes-types/core/v1.js';
import { TestClusterServer } from '../../../test/helpers/test-cluster-server.ts';
import { isGone } from './api-error.ts';
import { byNodeName } from './indexer.ts';
import type { EventHandler, InformerOptions } from './informer.ts';
import { SharedInformer } from './informer.ts';
import { InformerFactory } from './informer-factory.ts';
import { type ClientConfig, loadKubeconfig } from './kubeconfig.ts';
import type { ClientObject } from './resource.ts';
import { ResourceClient } from './resource-client.ts';
import { resources } from './resources.ts';
import { RestClient } from './rest-client.ts';

interface Recorded<T> {
  type: 'add' | 'update' | 'delete';
  name: string;
  object: T;
  old?: T;
  initial?: boolean;
  finalStateUnknown?: boolean;
}

/** Records an informer's events; until() waits for a condition on them (woken by each event). */
class Recorder<T extends ClientObject> {
  readonly events: Recorded<T>[] = [];
  private wakers: (() => void)[] = [];
  readonly handler: EventHandler<T> = {
    onAdd: (object, initial) => this.push({ type: 'add', name: object.metadata!.name!, object, initial }),
    onUpdate: (old, object) => this.push({ type: 'update', name: object.metadata!.name!, object, old }),
    onDelete: (object, info) => this.push({ type: 'delete', name: object.metadata!.name!, object, finalStateUnknown: info.finalStateUnknown }),
  };

  private push(event: Recorded<T>): void {
    this.events.push(event);
    for (const wake of this.wakers.splice(0)) wake();
  }

  summary(): string[] {
    return this.events.map((event) => `${event.type} ${event.name}${event.finalStateUnknown ? ' (final state unknown)' : ''}`);
  }

  async until(predicate: (events: Recorded<T>[]) => boolean, ms = 15_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!predicate(this.events)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out; events: ${JSON.stringify(this.summary())}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wakers.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  has(type: Recorded<T>['type'], name: string): boolean {
    return this.events.some((event) => event.type === type && event.name === name);
  }
}

/** A ResourceClient that counts LISTs and WATCHes, to tell a re-watch from a re-list. */
class CountingClient<T extends ClientObject> extends ResourceClient<T> {
  lists = 0;
  watches: string[] = [];
  override listAll(...args: Parameters<ResourceClient<T>['listAll']>) {
    this.lists++;
    return super.listAll(...args);
  }
  override watch(...args: Parameters<ResourceClient<T>['watch']>) {
    this.watches.push(args[1].resourceVersion ?? '');
    return super.watch(...args);
  }
}

/** A TCP proxy to the API server that can cut every connection and refuse new ones. */
class CuttableProxy {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly targetPort: () => number;
  private cutOff = false;
  port = 0;

  constructor(targetPort: () => number) {
    this.targetPort = targetPort;
    this.server = createServer((client) => {
      if (this.cutOff) {
        client.destroy();
        return;
      }
      const upstream = connect(this.targetPort(), '127.0.0.1');
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
  }

  cut(): void {
    this.cutOff = true;
    for (const socket of this.sockets) socket.destroy();
  }

  resume(): void {
    this.cutOff = false;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

const fastRetry: InformerOptions = { backoff: { initialMs: 100, maxMs: 1000 } };

describe('SharedInformer against minato server', { timeout: 180_000 }, () => {
  // Compaction every second keeping 20 revisions: a client away for more than 20 writes gets 410.
  // Only the informers under test write and watch: the server's controllers and scheduler stay off.
  const server = new TestClusterServer({ extraArgs: ['--watch-bookmark-interval', '1', '--etcd-compaction-interval', '1', '--compaction-retain-revisions', '20', '--disable-controller-manager', '--disable-scheduler'] });
  let config: ClientConfig;
  let rest: RestClient;
  let configMaps: ResourceClient<ConfigMap>;
  const informers: SharedInformer<ClientObject>[] = [];
  const clients: RestClient[] = [];

  /** An informer stopped in `after` even if its test fails. */
  function informer<T extends ClientObject>(client: ResourceClient<T>, options: InformerOptions = {}): SharedInformer<T> {
    const made = new SharedInformer(client, { ...fastRetry, ...options });
    informers.push(made as unknown as SharedInformer<ClientObject>);
    return made;
  }

  async function namespace(name: string): Promise<void> {
    await new ResourceClient(rest, resources.namespaces).create(undefined, { metadata: { name } });
  }

  before(async () => {
    await server.start();
    config = loadKubeconfig(server.kubeconfig);
    rest = new RestClient(config, { component: 'informer-test' });
    clients.push(rest);
    configMaps = new ResourceClient(rest, resources.configMaps);
  });

  after(async () => {
    await Promise.all(informers.map((made) => made.stop()));
    for (const client of clients) client.close();
    await server.cleanup();
  });

  test('initial sync, then add, update and delete events; lister get and list', async () => {
    await namespace('inf-basic');
    await configMaps.create('inf-basic', { metadata: { name: 'pre-1', labels: { app: 'a' } } });
    await configMaps.create('inf-basic', { metadata: { name: 'pre-2', labels: { app: 'b' } } });
    const made = informer(configMaps, { namespace: 'inf-basic' });
    const recorder = new Recorder<ConfigMap>();
    made.addEventHandler(recorder.handler);
    assert.equal(made.hasSynced(), false);
    made.start();
    await made.waitForSync();
    assert.equal(made.hasSynced(), true);
    assert.deepEqual(recorder.summary().sort(), ['add pre-1', 'add pre-2']);
    assert.ok(recorder.events.every((event) => event.initial === true));
    assert.equal(made.lister.get('inf-basic', 'pre-1')?.kind, 'ConfigMap', 'cached objects carry apiVersion and kind');
    assert.equal(made.lister.get('inf-basic', 'pre-1')?.apiVersion, 'v1');
    assert.deepEqual(made.lister.list('inf-basic', 'app=b').map((item) => item.metadata?.name), ['pre-2']);
    assert.equal(made.lister.list('elsewhere').length, 0);

    await configMaps.create('inf-basic', { metadata: { name: 'new-1' }, data: { v: '1' } });
    await recorder.until((events) => events.some((event) => event.type === 'add' && event.name === 'new-1'));
    assert.equal(recorder.events.at(-1)!.initial, false);
    await configMaps.patch('inf-basic', 'new-1', 'merge', { data: { v: '2' } });
    await recorder.until((events) => events.some((event) => event.type === 'update' && event.name === 'new-1'));
    const update = recorder.events.find((event) => event.type === 'update')!;
    assert.equal(update.old?.data?.v, '1');
    assert.equal(update.object.data?.v, '2');
    assert.notEqual(update.old?.metadata?.resourceVersion, update.object.metadata?.resourceVersion);
    assert.equal(made.lister.get('inf-basic', 'new-1')?.data?.v, '2');
    await configMaps.delete('inf-basic', 'new-1');
    await recorder.until((events) => events.some((event) => event.type === 'delete' && event.name === 'new-1'));
    const deleted = recorder.events.at(-1)!;
    assert.equal(deleted.finalStateUnknown, false);
    assert.equal(deleted.object.data?.v, '2', 'the last state');
    assert.equal(made.lister.get('inf-basic', 'new-1'), undefined);
    assert.ok(made.lastSyncResourceVersion !== '');
  });

  test('a handler added late first gets onAdd for what is cached; a removed handler gets nothing', async () => {
    await namespace('inf-late');
    await configMaps.create('inf-late', { metadata: { name: 'here-1' } });
    await configMaps.create('inf-late', { metadata: { name: 'here-2' } });
    const made = informer(configMaps, { namespace: 'inf-late' });
    made.start();
    await made.waitForSync();
    const late = new Recorder<ConfigMap>();
    const removed = new Recorder<ConfigMap>();
    made.addEventHandler(late.handler);
    assert.deepEqual(late.summary().sort(), ['add here-1', 'add here-2'], 'at once, during addEventHandler');
    const remove = made.addEventHandler(removed.handler);
    remove();
    const before = removed.events.length;
    await configMaps.create('inf-late', { metadata: { name: 'after' } });
    await late.until((events) => events.some((event) => event.name === 'after'));
    assert.equal(removed.events.length, before);
  });

  test('indexes: added before and after sync, kept up to date; the lister filters by label', async () => {
    await namespace('inf-index');
    const pods = new ResourceClient(rest, resources.pods);
    const pod = (name: string, nodeName?: string): Pod => ({ metadata: { name, labels: { app: name.split('-')[0]! } }, spec: { ...(nodeName ? { nodeName } : {}), containers: [{ name: 'c', image: 'busybox' }] } });
    await pods.create('inf-index', pod('web-1', 'node-a'));
    await pods.create('inf-index', pod('web-2', 'node-b'));
    await pods.create('inf-index', pod('db-1', 'node-a'));
    await pods.create('inf-index', pod('pending-1'));
    const made = informer(pods, { namespace: 'inf-index' });
    made.addIndex('node', byNodeName);
    made.start();
    await made.waitForSync();
    const names = (items: Pod[]) => items.map((item) => item.metadata!.name!).sort();
    assert.deepEqual(names(made.lister.byIndex('node', 'node-a')), ['db-1', 'web-1']);
    assert.deepEqual(names(made.lister.byIndex('node', 'node-b')), ['web-2']);
    assert.deepEqual(made.lister.byIndex('node', 'node-c'), []);
    made.addIndex('app', (item) => [item.metadata?.labels?.app ?? '']);
    assert.deepEqual(names(made.lister.byIndex('app', 'web')), ['web-1', 'web-2'], 'an index added after sync covers what is cached');
    assert.deepEqual(names(made.lister.list('inf-index', 'app in (db,pending)')), ['db-1', 'pending-1']);
    const recorder = new Recorder<Pod>();
    made.addEventHandler(recorder.handler);
    await pods.patch('inf-index', 'web-1', 'merge', { metadata: { labels: { app: 'db' } } });
    await recorder.until((events) => events.some((event) => event.type === 'update' && event.name === 'web-1'));
    assert.deepEqual(names(made.lister.byIndex('app', 'db')), ['db-1', 'web-1']);
    assert.deepEqual(names(made.lister.byIndex('app', 'web')), ['web-2']);
    await pods.delete('inf-index', 'db-1', { gracePeriodSeconds: 0 });
    await recorder.until((events) => events.some((event) => event.type === 'delete' && event.name === 'db-1'));
    assert.deepEqual(names(made.lister.byIndex('node', 'node-a')), ['web-1']);
    assert.throws(() => made.lister.byIndex('nope', 'x'), /there is no index "nope"/);
  });

  test('a label-selected informer: an object that stops matching is deleted from it', async () => {
    await namespace('inf-selector');
    await configMaps.create('inf-selector', { metadata: { name: 'in', labels: { pick: 'yes' } } });
    await configMaps.create('inf-selector', { metadata: { name: 'out', labels: { pick: 'no' } } });
    const made = informer(configMaps, { namespace: 'inf-selector', labelSelector: 'pick=yes' });
    const recorder = new Recorder<ConfigMap>();
    made.addEventHandler(recorder.handler);
    made.start();
    await made.waitForSync();
    assert.deepEqual(recorder.summary(), ['add in']);
    await configMaps.patch('inf-selector', 'in', 'merge', { metadata: { labels: { pick: 'no' } } });
    await configMaps.patch('inf-selector', 'out', 'merge', { metadata: { labels: { pick: 'yes' } } });
    await recorder.until((events) => events.some((event) => event.type === 'add' && event.name === 'out'));
    assert.deepEqual(recorder.summary(), ['add in', 'delete in', 'add out']);
    assert.deepEqual(made.lister.list().map((item) => item.metadata?.name), ['out']);
  });

  test('resync hands every cached object to onUpdate(obj, obj)', async () => {
    await namespace('inf-resync');
    await configMaps.create('inf-resync', { metadata: { name: 'steady' } });
    const made = informer(configMaps, { namespace: 'inf-resync', resyncPeriodMs: 200 });
    const recorder = new Recorder<ConfigMap>();
    made.addEventHandler(recorder.handler);
    made.start();
    await recorder.until((events) => events.filter((event) => event.type === 'update').length >= 2);
    const update = recorder.events.find((event) => event.type === 'update')!;
    assert.equal(update.old, update.object, 'the same object twice');
  });

  test('the watch ending at its timeout is resumed from the last resourceVersion, without a new LIST', async () => {
    await namespace('inf-rewatch');
    const counting = new CountingClient(rest, resources.configMaps);
    const made = informer(counting, { namespace: 'inf-rewatch', watchTimeoutSeconds: [1, 1] });
    const recorder = new Recorder<ConfigMap>();
    made.addEventHandler(recorder.handler);
    made.start();
    await made.waitForSync();
    for (let i = 0; i < 3; i++) {
      await configMaps.create('inf-rewatch', { metadata: { name: `r-${i}` } });
      await recorder.until((events) => events.some((event) => event.name === `r-${i}`));
      // Past the 1 s watch timeout: the next change arrives on a new watch.
      const watches = counting.watches.length;
      const deadline = Date.now() + 10_000;
      while (counting.watches.length === watches && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      assert.ok(counting.watches.length > watches, 'the server ended the watch and the informer watched again');
    }
    assert.deepEqual(recorder.summary(), ['add r-0', 'add r-1', 'add r-2']);
    assert.equal(counting.lists, 1, 'one LIST only');
    assert.ok(counting.watches.length >= 4);
    assert.ok(counting.watches.every((version) => /^\d+$/.test(version)), 'every watch from a resourceVersion');
  });

  test('a server restart: the informer re-watches from its resourceVersion and misses nothing', async () => {
    await namespace('inf-restart');
    await configMaps.create('inf-restart', { metadata: { name: 'before' }, data: { v: '1' } });
    const counting = new CountingClient(rest, resources.configMaps);
    const made = informer(counting, { namespace: 'inf-restart' });
    const recorder = new Recorder<ConfigMap>();
    made.addEventHandler(recorder.handler);
    made.start();
    await made.waitForSync();
    await server.stop();
    await server.start();
    await configMaps.create('inf-restart', { metadata: { name: 'after' } });
    await configMaps.patch('inf-restart', 'before', 'merge', { data: { v: '2' } });
    await recorder.until((events) => events.some((event) => event.type === 'update' && event.name === 'before'));
    assert.deepEqual(recorder.summary(), ['add before', 'add after', 'update before']);
    assert.equal(made.lister.get('inf-restart', 'before')?.data?.v, '2');
    assert.equal(counting.lists, 1, 're-watched from its resourceVersion: no new LIST');
    assert.ok(counting.watches.length >= 2, 'the watch dropped and was made again');
    assert.ok(counting.watches.every((version) => /^\d+$/.test(version)), 'every watch from a resourceVersion');
    assert.ok(Number(counting.watches[1]) >= Number(counting.watches[0]), 'from where the first watch got to');
  });

  test('410 after compaction while cut off: a fresh LIST, whose differences become events (a delete for what vanished)', async () => {
    await namespace('inf-expired');
    await namespace('inf-churn');
    for (const name of ['keep', 'change', 'vanish']) await configMaps.create('inf-expired', { metadata: { name }, data: { v: '1' } });
    const proxy = new CuttableProxy(() => Number(new URL(server.url).port));
    await proxy.start();
    const proxied = new RestClient({ ...config, server: `https://127.0.0.1:${proxy.port}` }, { component: 'informer-test' });
    clients.push(proxied);
    try {
      const counting = new CountingClient(proxied, resources.configMaps);
      const made = informer(counting, { namespace: 'inf-expired' });
      const recorder = new Recorder<ConfigMap>();
      made.addEventHandler(recorder.handler);
      made.start();
      await made.waitForSync();
      const cutAt = made.lastSyncResourceVersion;
      proxy.cut();
      await configMaps.delete('inf-expired', 'vanish');
      await configMaps.patch('inf-expired', 'change', 'merge', { data: { v: '2' } });
      await configMaps.create('inf-expired', { metadata: { name: 'appear' } });
      await configMaps.create('inf-churn', { metadata: { name: 'churn' } });
      for (let i = 0; i < 30; i++) await configMaps.patch('inf-churn', 'churn', 'merge', { data: { n: String(i) } });
      // A fresh server process: its watch cache does not cover the informer's version, so a
      // watch from it is served from the (compacted) store.
      await server.stop();
      await server.start();
      const deadline = Date.now() + 15_000;
      let expired = false;
      while (!expired && Date.now() < deadline) {
        expired = await configMaps.list('inf-expired', { resourceVersion: cutAt, resourceVersionMatch: 'Exact' }).then(() => false, (err: unknown) => isGone(err));
        if (!expired) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.ok(expired, `revision ${cutAt} was compacted`);
      assert.equal(recorder.events.length, 3, 'nothing reached the informer while it was cut off');
      proxy.resume();
      await recorder.until((events) => events.some((event) => event.type === 'delete' && event.name === 'vanish'));
      await recorder.until((events) => events.some((event) => event.type === 'add' && event.name === 'appear') && events.some((event) => event.type === 'update' && event.name === 'change'));
      assert.deepEqual(recorder.summary().slice(3).sort(), ['add appear', 'delete vanish (final state unknown)', 'update change']);
      assert.equal(counting.lists, 2, 'listed again after the 410');
      assert.equal(made.lister.get('inf-expired', 'change')?.data?.v, '2');
      assert.deepEqual(made.lister.list().map((item) => item.metadata?.name).sort(), ['appear', 'change', 'keep']);
      const vanished = recorder.events.find((event) => event.type === 'delete')!;
      assert.equal(vanished.object.data?.v, '1', 'the last state the cache saw');
      // And it watches again afterwards.
      await configMaps.create('inf-expired', { metadata: { name: 'later' } });
      await recorder.until((events) => events.some((event) => event.name === 'later'));
    } finally {
      await proxy.close();
    }
  });

  test('the factory shares one informer per resource and scope; startAll, waitForSync, stopAll', async () => {
    await namespace('inf-factory');
    await configMaps.create('inf-factory', { metadata: { name: 'f1' } });
    const factory = new InformerFactory(rest, fastRetry);
    const first = factory.informerFor(resources.configMaps, { namespace: 'inf-factory' });
    assert.equal(factory.informerFor(resources.configMaps, { namespace: 'inf-factory' }), first);
    assert.notEqual(factory.informerFor(resources.configMaps, { namespace: 'inf-factory', labelSelector: 'a=b' }), first);
    const nodes = factory.informerFor(resources.nodes);
    factory.startAll();
    const late = factory.informerFor(resources.namespaces);
    assert.equal(late.isRunning, true, 'made after startAll: started at once');
    await factory.waitForSync(AbortSignal.timeout(15_000));
    assert.ok(first.hasSynced() && nodes.hasSynced() && late.hasSynced());
    assert.deepEqual(first.lister.list().map((item) => item.metadata?.name), ['f1']);
    assert.ok(late.lister.get(undefined, 'kube-system'), 'cluster-scoped keys are names');
    await factory.stopAll();
    assert.equal(first.isRunning, false);
    assert.throws(() => factory.informerFor(resources.nodes, { namespace: 'x' }), /cluster-scoped/);
  });

  test('waitForSync rejects when its signal aborts or the informer stops first', async () => {
    const unreachable = new RestClient({ ...config, server: 'https://127.0.0.1:1' }, { component: 'informer-test' });
    clients.push(unreachable);
    const made = informer(new ResourceClient(unreachable, resources.configMaps));
    made.start();
    const controller = new AbortController();
    const aborted = made.waitForSync(controller.signal);
    controller.abort(new Error('gave up'));
    await assert.rejects(aborted, /gave up/);
    const stopped = made.waitForSync();
    await made.stop();
    await assert.rejects(stopped, /stopped before it synced/);
    assert.throws(() => made.start(), /was stopped/);
  });
});
