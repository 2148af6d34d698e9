// A shared informer (client-go's SharedIndexInformer): one LIST and WATCH of a resource —
// optionally of one namespace or selected by labels or fields — kept in a local cache that any
// number of controllers read through its lister and follow through event handlers.
//
//   - It lists every page (500 a page), then watches from the list's resourceVersion with
//     bookmarks, so no change falls between the two.
//   - A watch the server ends (its timeout) is resumed at once from the last resourceVersion
//     seen; a watch that fails (the connection drops, the server restarts) is resumed the same
//     way after a back-off that grows on repeated failures (0.5 s doubling to 30 s by default).
//   - A resourceVersion the server no longer has (410 Expired / Gone: compaction, or a long
//     outage) means a fresh LIST; its differences from the cache become events: adds, updates
//     (a changed resourceVersion), and deletes of what vanished meanwhile (finalStateUnknown).
//   - With a resync period, every cached object is handed to onUpdate(obj, obj) periodically.
//
// Handlers are called synchronously, in the order events happen, and should only enqueue work
// (a handler's exception is logged and does not disturb the others). A handler added at any
// time first gets onAdd for every object already cached. Objects handed out — to handlers and
// by the lister — are the cache's own: copy before changing (see indexer.ts).
import type { Status } from 'kubernetes-types/meta/v1.js';
import { MinatoError } from '../../util/errors.ts';
import type { Logger } from '../../util/log.ts';
import { isGone } from './api-error.ts';
import { Backoff, type BackoffOptions, sleep } from './backoff.ts';
import { type Clock, realClock, type TimerHandle } from './clock.ts';
import { type IndexFunc, Indexer, type Lister } from './indexer.ts';
import { apiVersionOf, type ClientObject, objectKey, qualifiedName } from './resource.ts';
import { defaultPageSize, type ResourceClient, type WatchEvent, type WatchHandle } from './resource-client.ts';
import type { StreamEnd } from './rest-client.ts';

export interface EventHandler<T> {
  /** A new object; `initial`: it was there when the informer (or this handler) started. */
  onAdd?(object: T, initial: boolean): void;
  /** A changed object (or, on resync, the same object twice). */
  onUpdate?(oldObject: T, newObject: T): void;
  /** A deleted object: its last state, or — finalStateUnknown — the last state the cache saw before the object vanished while the watch was down. */
  onDelete?(object: T, info: { finalStateUnknown: boolean }): void;
}

export interface InformerScope {
  /** Only this namespace's objects (namespaced resources). */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

export interface InformerOptions extends InformerScope {
  /** Every this many ms, onUpdate(obj, obj) for every cached object; 0 or absent: never. */
  resyncPeriodMs?: number;
  pageSize?: number;
  /** Each watch asks the server to end it after a random time in this range; default 5–10 min (as client-go). */
  watchTimeoutSeconds?: [number, number];
  backoff?: BackoffOptions;
  /** A watch that stays up this long (or delivers an event) counts as healthy: the back-off starts over. Default 1 s. */
  healthyAfterMs?: number;
  log?: Pick<Logger, 'warn' | 'debug'>;
  clock?: Clock;
  /**
   * What of each listed or watched object the cache keeps (client-go's SetTransform), e.g. only
   * the metadata a controller reads; the result must keep metadata.name, namespace and resourceVersion.
   */
  transform?(object: ClientObject): ClientObject;
}

type WatchOutcome = { end: StreamEnd; opened: boolean; events: number; lastedMs: number; expired: boolean; error?: Status };

const quietLog: Pick<Logger, 'warn' | 'debug'> = { warn: () => undefined, debug: () => undefined } as unknown as Pick<Logger, 'warn' | 'debug'>;

export class SharedInformer<T extends ClientObject> {
  readonly client: ResourceClient<T>;
  private readonly options: InformerOptions;
  private readonly indexer: Indexer<T>;
  private readonly handlers = new Set<EventHandler<T>>();
  private readonly clock: Clock;
  private readonly log: Pick<Logger, 'warn' | 'debug'>;
  private readonly abort = new AbortController();
  private resourceVersion = '';
  private synced = false;
  private started = false;
  private stopped = false;
  private watch: WatchHandle | undefined;
  private resyncTimer: TimerHandle | undefined;
  private syncWaiters: { resolve(): void; reject(err: unknown): void }[] = [];
  private running: Promise<void> | undefined;

  constructor(client: ResourceClient<T>, options: InformerOptions = {}) {
    if (options.namespace !== undefined && !client.resource.namespaced) throw new MinatoError('InvalidArgument', `${qualifiedName(client.resource)} are cluster-scoped: an informer of them cannot be limited to a namespace`);
    this.client = client;
    this.options = options;
    this.clock = options.clock ?? realClock;
    this.log = options.log ?? quietLog;
    this.indexer = new Indexer<T>((index, key, err) => this.log.warn({ err, index, key, resource: qualifiedName(client.resource) }, 'an index function failed; the object is left out of the index'));
  }

  /** The cache: get, list, byIndex. Objects are shared: copy before changing. */
  get lister(): Lister<T> {
    return this.indexer;
  }

  /** The resourceVersion the cache is at (of the last list, event or bookmark). */
  get lastSyncResourceVersion(): string {
    return this.resourceVersion;
  }

  hasIndex(name: string): boolean {
    return this.indexer.hasIndex(name);
  }

  /** Adds a named index (also after start: cached objects are indexed at once). */
  addIndex(name: string, fn: IndexFunc<T>): void {
    this.indexer.addIndex(name, fn);
  }

  /** Follows changes; gets onAdd at once for every object already cached. Returns a function that removes the handler. */
  addEventHandler(handler: EventHandler<T>): () => void {
    this.handlers.add(handler);
    for (const object of this.indexer.list()) this.call(handler, 'onAdd', () => handler.onAdd?.(object, true));
    return () => this.handlers.delete(handler);
  }

  hasSynced(): boolean {
    return this.synced;
  }

  /** Resolves once the first list is in the cache; rejects if `signal` aborts or the informer stops first. */
  waitForSync(signal?: AbortSignal): Promise<void> {
    if (this.synced) return Promise.resolve();
    if (this.stopped) return Promise.reject(new Error(`the ${qualifiedName(this.client.resource)} informer stopped before it synced`));
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        this.syncWaiters = this.syncWaiters.filter((waiter) => waiter !== entry);
        reject(signal!.reason);
      };
      const entry = {
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        reject: (err: unknown) => {
          signal?.removeEventListener('abort', onAbort);
          reject(err);
        },
      };
      this.syncWaiters.push(entry);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Starts listing and watching (once; a stopped informer does not start again). */
  start(): void {
    if (this.stopped) throw new Error(`the ${qualifiedName(this.client.resource)} informer was stopped; make a new one`);
    if (this.started) return;
    this.started = true;
    this.running = this.run();
    this.scheduleResync();
  }

  get isRunning(): boolean {
    return this.started && !this.stopped;
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  /** Ends the watch and any retry; the cache stays readable as it was. */
  stop(): Promise<void> {
    if (!this.stopped) {
      this.stopped = true;
      this.abort.abort(new Error('the informer was stopped'));
      this.watch?.stop();
      if (this.resyncTimer !== undefined) this.clock.clearTimeout(this.resyncTimer);
      const err = new Error(`the ${qualifiedName(this.client.resource)} informer stopped before it synced`);
      for (const waiter of this.syncWaiters.splice(0)) waiter.reject(err);
    }
    return this.running ?? Promise.resolve();
  }

  private async run(): Promise<void> {
    const backoff = new Backoff(this.options.backoff);
    let needList = true;
    let expiredInARow = 0;
    while (!this.stopped) {
      try {
        if (needList) {
          await this.relist();
          needList = false;
        }
        if (this.stopped) break;
        const outcome = await this.watchOnce();
        if (this.stopped) break;
        const healthy = outcome.opened && (outcome.events > 0 || outcome.lastedMs >= (this.options.healthyAfterMs ?? 1000));
        if (healthy) {
          backoff.reset();
          expiredInARow = 0;
        }
        if (outcome.expired || (outcome.end.reason === 'failed' && isGone(outcome.end.error))) {
          // The server no longer has our resourceVersion: list again. Twice in a row with
          // nothing in between is odd; then wait before the next list.
          this.log.debug({ resource: qualifiedName(this.client.resource), resourceVersion: this.resourceVersion }, 'resourceVersion expired; listing again');
          needList = true;
          if (++expiredInARow > 1) await sleep(this.clock, backoff.next(), this.abort.signal);
          continue;
        }
        expiredInARow = 0;
        if (outcome.end.reason === 'closed' && healthy && !outcome.error) continue;
        const why = outcome.error ? `${outcome.error.code} ${outcome.error.reason}: ${outcome.error.message}` : outcome.end.reason === 'failed' ? outcome.end.error.message : 'the watch ended at once';
        const wait = backoff.next();
        this.log.warn({ resource: qualifiedName(this.client.resource), retryInMs: wait }, `watch ended: ${why}`);
        await sleep(this.clock, wait, this.abort.signal);
      } catch (err) {
        if (this.stopped) break;
        const wait = backoff.next();
        this.log.warn({ err, resource: qualifiedName(this.client.resource), retryInMs: wait }, 'list failed');
        await sleep(this.clock, wait, this.abort.signal);
      }
    }
  }

  /** Lists everything and brings the cache (and the handlers) in line with it. */
  private async relist(): Promise<void> {
    const { namespace, labelSelector, fieldSelector } = this.options;
    const list = await this.client.listAll(namespace, { ...(labelSelector ? { labelSelector } : {}), ...(fieldSelector ? { fieldSelector } : {}) }, this.options.pageSize ?? defaultPageSize, this.abort.signal);
    if (this.stopped) return;
    const initial = !this.synced;
    const seen = new Set<string>();
    for (const item of list.items) {
      const object = this.withTypeMeta(item);
      const key = objectKey(object);
      seen.add(key);
      const old = this.indexer.getByKey(key);
      if (old && old.metadata?.resourceVersion === object.metadata?.resourceVersion) continue;
      this.indexer.upsert(object);
      if (old) this.emitUpdate(old, object);
      else this.emitAdd(object, initial);
    }
    for (const key of this.indexer.keys()) {
      if (seen.has(key)) continue;
      const gone = this.indexer.remove(key)!;
      this.emitDelete(gone, true);
    }
    this.resourceVersion = list.metadata.resourceVersion ?? '';
    if (!this.synced) {
      this.synced = true;
      for (const waiter of this.syncWaiters.splice(0)) waiter.resolve();
    }
  }

  private watchOnce(): Promise<WatchOutcome> {
    const [low, high] = this.options.watchTimeoutSeconds ?? [300, 600];
    const timeoutSeconds = Math.round(low + Math.random() * Math.max(0, high - low));
    const { namespace, labelSelector, fieldSelector } = this.options;
    const started = this.clock.now();
    return new Promise((resolve) => {
      const outcome = { opened: false, events: 0, expired: false, error: undefined as Status | undefined };
      const handle = this.client.watch(
        namespace,
        { resourceVersion: this.resourceVersion, allowWatchBookmarks: true, timeoutSeconds, ...(labelSelector ? { labelSelector } : {}), ...(fieldSelector ? { fieldSelector } : {}) },
        {
          onOpen: () => (outcome.opened = true),
          onEvent: (event) => {
            if (event.type === 'ERROR') {
              if (event.object.code === 410) outcome.expired = true;
              else outcome.error = event.object;
              handle.stop();
              return;
            }
            outcome.events++;
            this.apply(event);
          },
          onEnd: (end) => {
            if (this.watch === handle) this.watch = undefined;
            resolve({ ...outcome, end, lastedMs: this.clock.now() - started });
          },
        },
      );
      this.watch = handle;
      // stop() may have come while this watch was being made.
      if (this.stopped) handle.stop();
    });
  }

  private apply(event: Exclude<WatchEvent<T>, { type: 'ERROR' }>): void {
    if (event.type === 'BOOKMARK') {
      if (event.object.metadata?.resourceVersion) this.resourceVersion = event.object.metadata.resourceVersion;
      return;
    }
    const object = this.withTypeMeta(event.object);
    if (event.type === 'DELETED') {
      const old = this.indexer.remove(objectKey(object));
      if (old) this.emitDelete(object, false);
    } else {
      const old = this.indexer.upsert(object);
      if (old) this.emitUpdate(old, object);
      else this.emitAdd(object, false);
    }
    if (object.metadata?.resourceVersion) this.resourceVersion = object.metadata.resourceVersion;
  }

  private scheduleResync(): void {
    const period = this.options.resyncPeriodMs ?? 0;
    if (period <= 0 || this.stopped) return;
    this.resyncTimer = this.clock.setTimeout(() => {
      if (this.stopped) return;
      if (this.synced) for (const object of this.indexer.list()) this.emitUpdate(object, object);
      this.scheduleResync();
    }, period);
  }

  /** List items come without apiVersion and kind; watch events with them. The cache has them always (and only what `transform` keeps). */
  private withTypeMeta(received: T): T {
    const object = this.options.transform ? (this.options.transform(received) as T) : received;
    if (object.apiVersion !== undefined && object.kind !== undefined) return object;
    return { apiVersion: apiVersionOf(this.client.resource), kind: this.client.resource.kind, ...object };
  }

  private emitAdd(object: T, initial: boolean): void {
    for (const handler of [...this.handlers]) if (handler.onAdd) this.call(handler, 'onAdd', () => handler.onAdd!(object, initial));
  }

  private emitUpdate(old: T, object: T): void {
    for (const handler of [...this.handlers]) if (handler.onUpdate) this.call(handler, 'onUpdate', () => handler.onUpdate!(old, object));
  }

  private emitDelete(object: T, finalStateUnknown: boolean): void {
    for (const handler of [...this.handlers]) if (handler.onDelete) this.call(handler, 'onDelete', () => handler.onDelete!(object, { finalStateUnknown }));
  }

  private call(handler: EventHandler<T>, what: string, fn: () => void): void {
    if (!this.handlers.has(handler)) return;
    try {
      fn();
    } catch (err) {
      this.log.warn({ err, resource: qualifiedName(this.client.resource) }, `an informer ${what} handler failed`);
    }
  }
}
