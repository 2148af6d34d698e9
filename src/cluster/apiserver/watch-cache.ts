// The watch cache of one resource (Kubernetes' "cacher"): one storage watch per resource, its
// events decoded once and kept in a buffer, fanned out to every client watch with that client's
// namespace and selectors applied. A client watching from a resourceVersion the buffer still
// covers is served from memory; an older one gets a storage watch of its own (the log still has
// it, e.g. after a server restart) or, when that revision is compacted, one ERROR event with a
// 410 Expired Status. Initial events (a watch without resourceVersion, or with "0") are a list of
// the store at the cache's revision, so nothing falls between the two.
//
// Memory is the cache's, not the watchers': an event is kept once, as the JSON every watcher is
// sent plus what selectors look at (not as a parsed object), and a watcher whose connection is
// full stops being written to — it keeps a place in the buffer and catches up from there when it
// drains. One that falls too far behind (more than `maxLagBytes` of events since its place, or
// its place gone from the buffer) is ended: its client re-watches from where it was, as
// Kubernetes' clients do. The buffer keeps events for `freshMs` (Kubernetes keeps 75 s), at most
// `capacity` of them.
import { isMinatoError, messageOf } from '../../util/errors.ts';
import type { Logger } from '../../util/log.ts';
import type { KubeObject, ResourceType } from '../api/resource-type.ts';
import type { Watch, WatchEvent } from '../storage/storage.ts';
import type { FieldSelector } from './field-selector.ts';
import type { LabelSelector } from '../api/label-selector-query.ts';
import { type SelectorView, selectorViewOf, viewMatches } from './list-objects.ts';
import { listPrefix, type ObjectStore, resourcePrefix } from './object-store.ts';
import { type KubeStatus, statusOf } from './status.ts';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

/** A change as the cache keeps it: serialised once, shared by every watcher. */
export class CacheEvent {
  readonly revision: number;
  readonly key: string;
  readonly deleted: boolean;
  /** The object after the change (for a delete: as it was, with the deletion's resourceVersion), as JSON. */
  readonly json: string;
  /** Whether that JSON carries apiVersion and kind (stored objects may lack them). */
  readonly hasTypeMeta: boolean;
  readonly view: SelectorView;
  /** The object before the change, as selectors see it (an update that moves it out of a selection). */
  readonly previousView: SelectorView | undefined;
  /** When the cache took it (performance.now()), and the cache's byte count up to and with it. */
  arrivedAt = 0;
  endOffset = 0;

  constructor(type: ResourceType, revision: number, key: string, deleted: boolean, object: KubeObject, previous: KubeObject | undefined) {
    this.revision = revision;
    this.key = key;
    this.deleted = deleted;
    this.json = JSON.stringify(object);
    this.hasTypeMeta = object.apiVersion !== undefined && object.kind !== undefined;
    this.view = selectorViewOf(type, object);
    this.previousView = previous ? selectorViewOf(type, previous) : undefined;
  }

  private line: { type: WatchEventType; bytes: Buffer } | undefined;

  /**
   * The watch event line `{"type":…,"object":…}\n` as bytes, made once while the event fans
   * out to every watcher (`typeMeta` is put in front of an object stored without apiVersion/kind).
   */
  lineBytes(type: WatchEventType, typeMeta: string): Buffer {
    if (this.line?.type !== type) {
      const body = this.hasTypeMeta ? this.json : `{${typeMeta}${this.json.slice(1)}`;
      this.line = { type, bytes: Buffer.from(`{"type":"${type}","object":${body}}\n`) };
    }
    return this.line.bytes;
  }

  /** The fan-out is over: the line's bytes are not kept with the buffered event. */
  forgetLine(): void {
    this.line = undefined;
  }

  /** A copy of the object of its own (parsed anew: the cache keeps only the JSON). */
  get object(): KubeObject {
    return JSON.parse(this.json) as KubeObject;
  }
}

export interface ClientWatchOptions {
  namespace?: string;
  labelSelector: LabelSelector;
  fieldSelector: FieldSelector;
  /** undefined (or 0): initial ADDED events for what exists, then changes; N: changes after N. */
  resourceVersion?: number;
  /** sendInitialEvents=true (watch-list): initial events, then a BOOKMARK marking their end. */
  sendInitialEvents?: boolean;
  /**
   * One event; `event` is shared — do not change it. Returning false says the client's
   * connection is full: nothing more is sent until `ClientWatch.resume()`.
   */
  onEvent(type: WatchEventType, event: CacheEvent): boolean | void;
  /** A BOOKMARK at this revision (the end of initial events when `initialEventsEnd`). */
  onBookmark(revision: number, initialEventsEnd: boolean): void;
  /** The watch cannot go on: an ERROR event with this Status, then the end. */
  onError(status: KubeStatus): void;
  /** The server ends the watch (shutdown, or the cache restarts): the client re-watches. */
  onClose(): void;
  /** The client fell too far behind and its watch is ended (then onClose is not called). */
  onLagging?(): void;
}

export interface ClientWatch {
  stop(): void;
  /** The client's connection drained: send what it missed meanwhile. */
  resume(): void;
}

export interface WatchCacheSettings {
  /** How long events stay in the buffer. */
  freshMs: number;
  /** The most events the buffer keeps. */
  capacity: number;
  /** Bytes of events a blocked watcher may fall behind before it is ended. */
  maxLagBytes: number;
}

export const defaultWatchCacheSettings: WatchCacheSettings = { freshMs: 75_000, capacity: 10_000, maxLagBytes: 16 * 1024 * 1024 };

interface Watcher {
  options: ClientWatchOptions;
  /** Events at or below this revision were sent (initial list or replay), or are not for it. */
  after: number;
  /** The cache's byte count at `after`. */
  afterOffset: number;
  /** Live events are held here until the initial events have gone out. */
  pending: CacheEvent[] | undefined;
  /** Its connection is full: it is sent nothing until resumed. */
  blocked: boolean;
  /** Initial events wait here for the connection to drain. */
  wake: (() => void) | undefined;
  stopped: boolean;
}

export class ResourceWatchCache {
  private readonly store: ObjectStore;
  private readonly type: ResourceType;
  private readonly log: Logger;
  private readonly settings: WatchCacheSettings;
  /** Events in revision order; those before `head` are gone. */
  private buffer: CacheEvent[] = [];
  private head = 0;
  /** The buffer holds every event with a revision above this. */
  private coveredFrom = 0;
  /** The last revision the cache has seen (of its own events, or progress). */
  private revision = 0;
  /** Bytes of every event the cache has taken (watchers' places are measured in it). */
  private totalBytes = 0;
  private storageWatch: Watch | undefined;
  private starting: Promise<void> | undefined;
  private trimTimer: NodeJS.Timeout | undefined;
  private readonly watchers = new Set<Watcher>();

  constructor(store: ObjectStore, type: ResourceType, log: Logger, settings: Partial<WatchCacheSettings> = {}) {
    this.store = store;
    this.type = type;
    this.log = log;
    this.settings = { ...defaultWatchCacheSettings, ...settings };
  }

  get currentRevision(): number {
    return this.revision;
  }

  /** Events the buffer holds now. */
  get bufferedEvents(): number {
    return this.buffer.length - this.head;
  }

  private start(): Promise<void> {
    this.starting ??= (async () => {
      const from = await this.store.storage.currentRevision();
      this.revision = from;
      this.coveredFrom = from;
      this.storageWatch = this.store.storage.watch(resourcePrefix(this.type), from, {
        onEvents: (events) => this.apply(events),
        onProgress: (revision) => {
          if (revision > this.revision) this.revision = revision;
        },
        onClose: (error) => this.restart(error),
      });
      this.trimTimer ??= setInterval(() => this.trim(performance.now()), Math.min(5_000, this.settings.freshMs)).unref();
    })().catch((err: unknown) => {
      this.starting = undefined;
      throw err;
    });
    return this.starting;
  }

  /** The storage watch ended (the backend failed): every client re-watches, the cache starts over. */
  private restart(error: Error | undefined): void {
    if (!this.starting) return;
    if (error) this.log.warn({ err: error, resource: this.type.plural }, 'storage watch ended; clients will re-watch');
    this.starting = undefined;
    this.storageWatch = undefined;
    this.buffer = [];
    this.head = 0;
    for (const watcher of [...this.watchers]) this.end(watcher, () => watcher.options.onClose());
  }

  private decodeEvent(event: WatchEvent): CacheEvent {
    const object = this.store.decode(this.type, { key: event.kv.key, value: event.kv.value, modRevision: event.kv.modRevision });
    const previous = event.prev ? this.store.decode(this.type, event.prev) : undefined;
    return new CacheEvent(this.type, event.kv.modRevision, event.kv.key, event.type === 'delete', object, previous);
  }

  private apply(events: WatchEvent[]): void {
    const now = performance.now();
    for (const raw of events) {
      let event: CacheEvent;
      try {
        event = this.decodeEvent(raw);
      } catch (err) {
        this.log.error({ err, key: raw.kv.key }, 'an event the watch cache cannot decode was skipped');
        continue;
      }
      this.totalBytes += event.json.length;
      event.arrivedAt = now;
      event.endOffset = this.totalBytes;
      this.buffer.push(event);
      if (event.revision > this.revision) this.revision = event.revision;
      for (const watcher of this.watchers) this.deliver(watcher, event);
      event.forgetLine();
    }
    if (this.bufferedEvents > this.settings.capacity) this.trim(now);
  }

  /** Drops events older than freshMs and beyond capacity; ends blocked watchers whose place went with them. */
  private trim(now: number): void {
    const oldest = now - this.settings.freshMs;
    let head = this.head;
    while (head < this.buffer.length && (this.buffer.length - head > this.settings.capacity || this.buffer[head]!.arrivedAt < oldest)) {
      this.coveredFrom = this.buffer[head]!.revision;
      head++;
    }
    if (head === this.head) return;
    this.head = head;
    if (this.head > 1024 && this.head * 2 > this.buffer.length) {
      this.buffer = this.buffer.slice(this.head);
      this.head = 0;
    }
    for (const watcher of this.watchers) {
      if (watcher.blocked && !watcher.pending && watcher.after < this.coveredFrom) this.lagging(watcher);
    }
  }

  /** The first buffered event with a revision above `revision`. */
  private indexAfter(revision: number): number {
    let low = this.head;
    let high = this.buffer.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.buffer[middle]!.revision <= revision) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Sends one event to one watcher, as that watcher sees it (its namespace and selectors). */
  private deliver(watcher: Watcher, event: CacheEvent): void {
    if (watcher.stopped || event.revision <= watcher.after) return;
    if (watcher.pending) {
      watcher.pending.push(event);
      return;
    }
    if (watcher.blocked) {
      // It stays where it is; the buffer holds what it will be sent.
      if (this.totalBytes - watcher.afterOffset > this.settings.maxLagBytes) this.lagging(watcher);
      return;
    }
    watcher.after = event.revision;
    watcher.afterOffset = event.endOffset;
    const type = this.visibleAs(watcher.options, event);
    if (type && watcher.options.onEvent(type, event) === false) watcher.blocked = true;
  }

  private resume(watcher: Watcher): void {
    if (watcher.stopped || !watcher.blocked) return;
    watcher.blocked = false;
    if (watcher.wake) {
      const wake = watcher.wake;
      watcher.wake = undefined;
      wake();
      return;
    }
    if (watcher.pending) return;
    if (watcher.after < this.coveredFrom) {
      this.lagging(watcher);
      return;
    }
    for (let index = this.indexAfter(watcher.after); index < this.buffer.length && !watcher.blocked && !watcher.stopped; index++) {
      this.deliver(watcher, this.buffer[index]!);
      this.buffer[index]!.forgetLine();
    }
  }

  private lagging(watcher: Watcher): void {
    const options = watcher.options;
    this.end(watcher, () => (options.onLagging ? options.onLagging() : options.onClose()));
  }

  private visibleAs(options: ClientWatchOptions, event: CacheEvent): WatchEventType | undefined {
    const matches = (view: SelectorView | undefined) =>
      view !== undefined && (options.namespace === undefined || view.namespace === options.namespace) && viewMatches(view, options.labelSelector, options.fieldSelector);
    if (event.deleted) return matches(event.view) ? 'DELETED' : undefined;
    const now = matches(event.view);
    const before = matches(event.previousView);
    if (now && before) return 'MODIFIED';
    if (now) return 'ADDED';
    if (before) return 'DELETED';
    return undefined;
  }

  private end(watcher: Watcher, notify: () => void): void {
    if (watcher.stopped) return;
    watcher.stopped = true;
    this.watchers.delete(watcher);
    const wake = watcher.wake;
    watcher.wake = undefined;
    wake?.();
    notify();
  }

  async watch(options: ClientWatchOptions): Promise<ClientWatch> {
    await this.start();
    const initial = options.resourceVersion === undefined || options.resourceVersion === 0 || options.sendInitialEvents === true;
    if (!initial && options.resourceVersion! < this.coveredFrom) return this.watchFromStorage(options);
    const after = initial ? this.revision : options.resourceVersion!;
    const at = this.indexAfter(after);
    const watcher: Watcher = {
      options,
      after,
      afterOffset: at > this.head ? this.buffer[at - 1]!.endOffset : at < this.buffer.length ? this.buffer[at]!.endOffset - this.buffer[at]!.json.length : this.totalBytes,
      pending: initial ? [] : undefined,
      blocked: false,
      wake: undefined,
      stopped: false,
    };
    this.watchers.add(watcher);
    const handle: ClientWatch = { stop: () => this.end(watcher, () => undefined), resume: () => this.resume(watcher) };
    if (!initial) {
      // Replay what the buffer holds after the client's revision; live events follow.
      for (let index = at; index < this.buffer.length && !watcher.blocked && !watcher.stopped; index++) {
        this.deliver(watcher, this.buffer[index]!);
        this.buffer[index]!.forgetLine();
      }
      return handle;
    }
    // Initial events: the store as of the cache's revision, then what happened since.
    void this.sendInitial(watcher);
    return handle;
  }

  private async sendInitial(watcher: Watcher): Promise<void> {
    const options = watcher.options;
    try {
      let startAfter: string | undefined;
      // An empty cache (revision 0) lists at whatever the store has; later pages and the
      // events that follow are then taken from that revision.
      let revision = watcher.after > 0 ? watcher.after : undefined;
      for (;;) {
        const page = await this.store.storage.list(listPrefix(this.type, options.namespace), { limit: 500, ...(revision !== undefined ? { revision } : {}), ...(startAfter !== undefined ? { startAfter } : {}) });
        revision = page.revision;
        if (page.revision > watcher.after) watcher.after = page.revision;
        for (const kv of page.items) {
          if (watcher.stopped) return;
          const event = new CacheEvent(this.type, kv.modRevision, kv.key, false, this.store.decode(this.type, kv), undefined);
          if (!viewMatches(event.view, options.labelSelector, options.fieldSelector)) continue;
          if (options.onEvent('ADDED', event) === false) {
            watcher.blocked = true;
            await new Promise<void>((resolve) => (watcher.wake = resolve));
            if (watcher.stopped) return;
          }
        }
        if (!page.more || page.items.length === 0) break;
        startAfter = page.items.at(-1)!.key;
      }
    } catch (err) {
      this.end(watcher, () => options.onError(statusOf(err)));
      return;
    }
    if (watcher.stopped) return;
    if (options.sendInitialEvents) options.onBookmark(watcher.after, true);
    const pending = watcher.pending ?? [];
    watcher.pending = undefined;
    const last = pending.at(-1);
    if (last && last.revision <= watcher.after) watcher.afterOffset = last.endOffset;
    for (const event of pending) {
      if (watcher.blocked || watcher.stopped) break; // the rest are in the buffer, sent on resume
      this.deliver(watcher, event);
    }
    if (watcher.blocked && watcher.after < this.coveredFrom) this.lagging(watcher);
  }

  /** A client behind the buffer: a storage watch of its own from its revision. */
  private watchFromStorage(options: ClientWatchOptions): ClientWatch {
    let stopped = false;
    const watch = this.store.storage.watch(listPrefix(this.type, options.namespace), options.resourceVersion!, {
      onEvents: (events) => {
        for (const raw of events) {
          if (stopped) return;
          const event = this.decodeEvent(raw);
          const type = this.visibleAs(options, event);
          if (type) options.onEvent(type, event);
        }
      },
      onClose: (error) => {
        if (stopped) return;
        stopped = true;
        if (error && isMinatoError(error, 'Gone')) {
          options.onError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `too old resource version: ${options.resourceVersion} (${this.coveredFrom})`, reason: 'Expired', code: 410 });
        } else if (error) {
          options.onError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `watch ended: ${messageOf(error)}`, reason: 'InternalError', code: 500 });
        } else options.onClose();
      },
    });
    return {
      stop: () => {
        stopped = true;
        watch.cancel();
      },
      // A storage watch pushes; the handler's own limit on what may queue up guards it.
      resume: () => undefined,
    };
  }

  close(): void {
    this.storageWatch?.cancel();
    clearInterval(this.trimTimer);
    this.trimTimer = undefined;
    this.starting = undefined;
    for (const watcher of [...this.watchers]) this.end(watcher, () => watcher.options.onClose());
  }
}
