// One shared informer per (resource, namespace, selectors) for a whole process, as client-go's
// SharedInformerFactory: the deployment and replica-set controllers that both ask for pods get
// the same informer, one LIST and one WATCH, one cache.
import { type InformerOptions, type InformerScope, SharedInformer } from './informer.ts';
import type { ClientObject, ResourceDescriptor } from './resource.ts';
import { metadataOnlyAccept, ResourceClient } from './resource-client.ts';
import type { RestClient } from './rest-client.ts';

/** What every informer of a factory shares (scope aside). */
export type InformerDefaults = Omit<InformerOptions, keyof InformerScope | 'transform'>;

export class InformerFactory {
  readonly rest: RestClient;
  private readonly defaults: InformerDefaults;
  private readonly informers = new Map<string, SharedInformer<ClientObject>>();
  private started = false;

  constructor(rest: RestClient, defaults: InformerDefaults = {}) {
    this.rest = rest;
    this.defaults = defaults;
  }

  /** A client for one resource (not cached; clients are cheap). */
  client<T extends ClientObject>(resource: ResourceDescriptor<T>): ResourceClient<T> {
    return new ResourceClient(this.rest, resource);
  }

  /**
   * The shared informer of `resource` in `scope`, made on first request. Once the factory has
   * been started, a new informer starts at once. `options` apply only when this call makes it.
   */
  informerFor<T extends ClientObject>(resource: ResourceDescriptor<T>, scope: InformerScope = {}, options: InformerDefaults = {}): SharedInformer<T> {
    const key = this.keyOf(resource, scope);
    let informer = this.informers.get(key) as SharedInformer<T> | undefined;
    if (!informer) {
      informer = new SharedInformer(this.client(resource), { ...this.defaults, ...options, ...scope });
      this.informers.set(key, informer as unknown as SharedInformer<ClientObject>);
      if (this.started) informer.start();
    }
    return informer;
  }

  /** The whole-object informer of `resource` over all namespaces, if some controller has made it. */
  existingInformer<T extends ClientObject>(resource: ResourceDescriptor<T>): SharedInformer<T> | undefined {
    return this.informers.get(this.keyOf(resource, {})) as SharedInformer<T> | undefined;
  }

  /**
   * A shared informer of `resource`'s metadata over all namespaces (client-go's metadata
   * informer): it lists and watches PartialObjectMetadata, and its cache keeps what `transform`
   * makes of each object (one transform per resource: the first caller's).
   */
  metadataInformerFor<T extends ClientObject>(resource: ResourceDescriptor<T>, transform: (object: ClientObject) => ClientObject): SharedInformer<T> {
    const key = `metadata|${this.keyOf(resource, {})}`;
    let informer = this.informers.get(key) as SharedInformer<T> | undefined;
    if (!informer) {
      informer = new SharedInformer(new ResourceClient(this.rest, resource, { accept: metadataOnlyAccept }), { ...this.defaults, transform });
      this.informers.set(key, informer as unknown as SharedInformer<ClientObject>);
      if (this.started) informer.start();
    }
    return informer;
  }

  private keyOf(resource: ResourceDescriptor, scope: InformerScope): string {
    return [resource.group, resource.version, resource.plural, scope.namespace ?? '', scope.labelSelector ?? '', scope.fieldSelector ?? ''].join('|');
  }

  /** Starts every informer made so far (and, from now on, each one made later). */
  startAll(): void {
    this.started = true;
    for (const informer of this.informers.values()) if (!informer.isRunning && !informer.isStopped) informer.start();
  }

  /** Resolves when every informer made so far has synced. */
  async waitForSync(signal?: AbortSignal): Promise<void> {
    await Promise.all([...this.informers.values()].map((informer) => informer.waitForSync(signal)));
  }

  /** Stops every informer and waits for their loops to end. A stopped informer stays stopped (make a new factory). */
  async stopAll(): Promise<void> {
    this.started = false;
    await Promise.all([...this.informers.values()].map((informer) => informer.stop()));
  }
}
