// An in-memory copy of one resource's objects, kept current through the resource's watch
// cache (initial events, then every change): what the server consults on every request —
// RBAC objects for authorization, ServiceAccounts for token checks — without a store read.
import type { Logger } from '../../util/log.ts';
import { parseFieldSelector } from './field-selector.ts';
import type { KubeObject, ResourceType } from '../api/resource-type.ts';
import { parseLabelSelector } from '../api/label-selector-query.ts';
import type { ClientWatch, ResourceWatchCache } from './watch-cache.ts';

export interface MirrorListener {
  upsert(object: KubeObject): void;
  remove(object: KubeObject): void;
}

export class ObjectMirror {
  private readonly objects = new Map<string, KubeObject>();
  private readonly type: ResourceType;
  private readonly cache: ResourceWatchCache;
  private readonly log: Logger;
  private readonly listener: MirrorListener | undefined;
  private watch: ClientWatch | undefined;
  private closed = false;
  private readyResolve!: () => void;
  /** Resolves once the initial objects are in. */
  readonly ready: Promise<void>;

  constructor(type: ResourceType, cache: ResourceWatchCache, log: Logger, listener?: MirrorListener) {
    this.type = type;
    this.cache = cache;
    this.log = log;
    this.listener = listener;
    this.ready = new Promise((resolve) => (this.readyResolve = resolve));
  }

  private static keyOf(object: KubeObject): string {
    return `${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''}`;
  }

  get(namespace: string | undefined, name: string): KubeObject | undefined {
    return this.objects.get(`${namespace ?? ''}/${name}`);
  }

  all(): IterableIterator<KubeObject> {
    return this.objects.values();
  }

  async start(): Promise<void> {
    const kind = this.type.kind;
    const apiVersion = this.type.group ? `${this.type.group}/${this.type.version}` : this.type.version;
    // After a restart the old copy keeps answering until the new initial events are in; then
    // what they did not mention is gone.
    let seen: Set<string> | undefined = new Set();
    this.watch = await this.cache.watch({
      labelSelector: parseLabelSelector(''),
      fieldSelector: parseFieldSelector(''),
      sendInitialEvents: true,
      onEvent: (type, event) => {
        const object = { ...event.object, kind, apiVersion };
        if (type === 'DELETED') {
          this.objects.delete(ObjectMirror.keyOf(object));
          this.listener?.remove(object);
        } else {
          seen?.add(ObjectMirror.keyOf(object));
          this.objects.set(ObjectMirror.keyOf(object), object);
          this.listener?.upsert(object);
        }
      },
      onBookmark: (_revision, initialEventsEnd) => {
        if (!initialEventsEnd || !seen) return;
        for (const [key, object] of this.objects) {
          if (seen.has(key)) continue;
          this.objects.delete(key);
          this.listener?.remove(object);
        }
        seen = undefined;
        this.readyResolve();
      },
      onError: (status) => {
        this.log.warn({ resource: this.type.plural, status: status.message }, 'mirror watch failed; restarting');
        this.restart();
      },
      onClose: () => this.restart(),
    });
    await this.ready;
  }

  private restart(): void {
    if (this.closed) return;
    setTimeout(() => {
      if (this.closed) return;
      void this.start().catch((err: unknown) => this.log.error({ err, resource: this.type.plural }, 'mirror could not restart'));
    }, 200).unref();
  }

  close(): void {
    this.closed = true;
    this.watch?.stop();
  }
}
