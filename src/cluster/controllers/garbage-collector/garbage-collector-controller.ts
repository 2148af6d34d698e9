// The garbage collector (kube-controller-manager's garbage-collector-controller), through the
// client only. It finds every resource the API server serves that can be listed, watched and
// deleted (discovery; events aside, as Kubernetes' default ignored resources), and follows each
// with an informer: the one another controller already has (pods, replica sets, …), else a
// metadata-only one (PartialObjectMetadata lists and watches) whose cache keeps only uid, name,
// namespace, owners, finalizers and deletion mark. The "graph" is those caches plus an index of
// objects by owner uid: an owner is found by its reference (kind, name, the dependent's
// namespace) and checked by uid, its dependents through the index.
//
// Work items (one queue; keys "delete|orphan RESOURCE NAMESPACE/NAME"):
//   - delete: a dependent whose owners may be gone (it was added, its owners changed, or an owner
//     was deleted) is checked (owner-decisions.ts) and kept, freed of dead references, or deleted;
//     an owner marked with `foregroundDeletion` loses the finalizer once no blocking dependent is
//     left (each dependent's deletion queues it again);
//   - orphan: an owner marked with `orphan` has its uid taken out of its dependents' references,
//     then the finalizer goes.
// An owner missing from the caches is looked up live before a dependent is deleted for it (the
// caches of two resources can be a moment apart). Informers relist after a dropped watch or a
// 410, and the differences arrive as events, so nothing is lost; a failed sync is retried with
// back-off.
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import {
  byOwnerUid,
  type ClientObject,
  type DiscoveredResource,
  discoverResources,
  EventRecorder,
  isConflict,
  isNotFound,
  metadataOnlyAccept,
  objectKey,
  qualifiedName,
  referenceTo,
  ResourceClient,
  type ResourceDescriptor,
  resources,
  type RestClient,
  type SharedInformer,
  supports,
  type InformerFactory,
} from '../../client/index.ts';
import { Controller, type ControllerOptions } from '../controller-runtime.ts';
import { ensureIndex } from '../controller-utils.ts';
import {
  blockingDependents,
  type ClassifiedOwners,
  collectorMetadata,
  dependentAction,
  describeOwner,
  foregroundFinalizer,
  groupOf,
  isDeleting,
  orphanFinalizer,
  ownerLocation,
  ownerStateOf,
  referencesWithout,
  sameOwners,
} from './owner-decisions.ts';

export const garbageCollectorControllerName = 'garbage-collector-controller';

/** Resources the collector does not follow (Kubernetes' default ignored resources). */
const ignoredResources = new Set(['/events', 'events.k8s.io/events']);
const ownerUidIndex = 'garbage-collector:owner-uid';

export interface GarbageCollectorOptions extends ControllerOptions {
  factory: InformerFactory;
  /** The served resources; default: the API server's discovery. */
  discover?: () => Promise<DiscoveredResource[]>;
}

/** One followed resource. */
interface Monitor {
  readonly id: string;
  readonly descriptor: ResourceDescriptor;
  readonly informer: SharedInformer<ClientObject>;
  /** Writes, and live reads of metadata. */
  readonly client: ResourceClient<ClientObject>;
}

interface Located {
  monitor: Monitor;
  object: ClientObject;
}

export class GarbageCollectorController extends Controller {
  private readonly factory: InformerFactory;
  private readonly rest: RestClient;
  private readonly discover: () => Promise<DiscoveredResource[]>;
  private readonly monitors = new Map<string, Monitor>();
  /** "group/Kind" → monitor, for owner references. */
  private readonly byKind = new Map<string, Monitor>();
  private readonly recorder: EventRecorder;

  constructor(options: GarbageCollectorOptions) {
    super(garbageCollectorControllerName, options);
    this.factory = options.factory;
    this.rest = options.factory.rest;
    this.discover = options.discover ?? (() => discoverResources(this.rest));
    this.recorder = new EventRecorder({ events: new ResourceClient(this.rest, resources.events), component: garbageCollectorControllerName, log: options.log });
  }

  /** Discovers the resources (retrying until the server answers), follows each, then runs the workers once their informers synced. */
  override async start(): Promise<void> {
    let wait = 500;
    for (;;) {
      if (this.isStopped) return;
      try {
        for (const resource of await this.discover()) this.follow(resource);
        break;
      } catch (err) {
        this.log.warn({ controller: this.name, err, retryInMs: wait }, 'discovery failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, wait).unref());
        wait = Math.min(wait * 2, 30_000);
      }
    }
    if (this.isStopped) return;
    await super.start();
  }

  override async stop(): Promise<void> {
    await super.stop();
    await this.recorder.close();
  }

  /** How many resources are followed (tests). */
  get followed(): number {
    return this.monitors.size;
  }

  private follow(resource: DiscoveredResource): void {
    const descriptor = resource.descriptor;
    const id = qualifiedName(descriptor);
    if (this.monitors.has(id) || ignoredResources.has(`${descriptor.group}/${descriptor.plural}`) || !supports(resource, 'list', 'watch', 'delete')) return;
    const informer = this.factory.existingInformer(descriptor) ?? this.factory.metadataInformerFor(descriptor, collectorMetadata);
    ensureIndex(informer, ownerUidIndex, byOwnerUid);
    const monitor: Monitor = { id, descriptor, informer, client: new ResourceClient(this.rest, descriptor, { accept: metadataOnlyAccept }) };
    this.monitors.set(id, monitor);
    this.byKind.set(`${descriptor.group}/${descriptor.kind}`, monitor);
    this.watch(informer);
    informer.addEventHandler({
      onAdd: (object) => this.observe(monitor, undefined, object),
      onUpdate: (old, object) => this.observe(monitor, old, object),
      onDelete: (object) => this.observeDeletion(object),
    });
  }

  private key(action: 'delete' | 'orphan', monitor: Monitor, object: ClientObject): string {
    return `${action} ${monitor.id} ${objectKey(object)}`;
  }

  private observe(monitor: Monitor, old: ClientObject | undefined, object: ClientObject): void {
    const metadata = object.metadata ?? {};
    if ((metadata.ownerReferences ?? []).length > 0 && (!old || !sameOwners(old, object))) this.enqueue(this.key('delete', monitor, object));
    if (!metadata.deletionTimestamp) return;
    if (isDeleting(object, orphanFinalizer)) this.enqueue(this.key('orphan', monitor, object));
    if (isDeleting(object, foregroundFinalizer)) {
      this.enqueue(this.key('delete', monitor, object));
      // Its dependents go first (each finds this owner waiting).
      if (!old || !isDeleting(old, foregroundFinalizer)) for (const dependent of this.dependentsOf(metadata.uid)) this.enqueue(this.key('delete', dependent.monitor, dependent.object));
    }
  }

  private observeDeletion(object: ClientObject): void {
    const metadata = object.metadata ?? {};
    // Its dependents may have lost their last owner.
    for (const dependent of this.dependentsOf(metadata.uid)) this.enqueue(this.key('delete', dependent.monitor, dependent.object));
    // An owner deleting in the foreground may have been waiting for it.
    for (const reference of metadata.ownerReferences ?? []) {
      const found = this.cachedOwner(reference, metadata.namespace);
      if (found && isDeleting(found.object, foregroundFinalizer)) this.enqueue(this.key('delete', found.monitor, found.object));
    }
  }

  /** The cached objects that name `uid` as an owner. */
  private dependentsOf(uid: string | undefined): Located[] {
    if (!uid) return [];
    const found: Located[] = [];
    for (const monitor of this.monitors.values()) for (const object of monitor.informer.lister.byIndex(ownerUidIndex, uid)) found.push({ monitor, object });
    return found;
  }

  /** The cached object a reference (from a dependent in `namespace`) names, if it has the referenced uid. */
  private cachedOwner(reference: OwnerReference, namespace: string | undefined): Located | undefined {
    const monitor = this.byKind.get(`${groupOf(reference.apiVersion)}/${reference.kind}`);
    if (!monitor) return undefined;
    const location = ownerLocation(namespace, monitor.descriptor.namespaced);
    if (location === 'invalid') return undefined;
    const object = monitor.informer.lister.get(location.namespace, reference.name);
    return object?.metadata?.uid === reference.uid ? { monitor, object } : undefined;
  }

  async sync(key: string): Promise<void> {
    const [action, id, objectKeyText] = key.split(' ') as ['delete' | 'orphan', string, string];
    const monitor = this.monitors.get(id);
    const object = monitor?.informer.lister.getByKey(objectKeyText);
    if (!monitor || !object) return;
    if (action === 'orphan') await this.orphanDependents(monitor, object);
    else await this.attemptToDelete(monitor, object);
  }

  private async attemptToDelete(monitor: Monitor, object: ClientObject): Promise<void> {
    const metadata = object.metadata ?? {};
    if (metadata.deletionTimestamp) {
      if (isDeleting(object, foregroundFinalizer)) await this.finishForeground(monitor, object);
      return;
    }
    if ((metadata.ownerReferences ?? []).length === 0) return;
    const owners = await this.classifyOwners(monitor, object);
    const action = dependentAction(object, owners, this.dependentsOf(metadata.uid).length > 0);
    if (action.kind === 'keep') return;
    if (action.kind === 'removeOwnerReferences') {
      this.log.debug({ controller: this.name, resource: monitor.id, key: objectKey(object), owners: action.uids }, 'removing references to owners that are gone or deleting');
      await this.patchMetadata(monitor, object, { ownerReferences: referencesWithout(metadata.ownerReferences, action.uids) ?? null });
      return;
    }
    this.log.info({ controller: this.name, resource: monitor.id, key: objectKey(object), propagationPolicy: action.propagationPolicy }, 'deleting an object whose owners are gone');
    await monitor.client.delete(metadata.namespace, metadata.name!, { propagationPolicy: action.propagationPolicy, preconditions: { uid: metadata.uid! } }).catch((err: unknown) => {
      // Gone already, or replaced by a namesake (the uid precondition).
      if (!isNotFound(err) && !isConflict(err)) throw err;
    });
  }

  private async classifyOwners(monitor: Monitor, dependent: ClientObject): Promise<ClassifiedOwners> {
    const classified: ClassifiedOwners = { solid: [], dangling: [], waiting: [] };
    const namespace = dependent.metadata?.namespace;
    for (const reference of dependent.metadata?.ownerReferences ?? []) {
      const ownerMonitor = this.byKind.get(`${groupOf(reference.apiVersion)}/${reference.kind}`);
      // An owner of a kind the server does not serve (or one not followed) is not ours to judge.
      if (!ownerMonitor) {
        classified.solid.push(reference);
        continue;
      }
      const location = ownerLocation(namespace, ownerMonitor.descriptor.namespaced);
      if (location === 'invalid') {
        this.recorder.record(referenceTo(monitor.descriptor, dependent), 'Warning', 'OwnerRefInvalidNamespace', 'OwnerRefInvalidNamespace', `ownerRef ${describeOwner(reference, undefined)} does not exist in namespace ""`);
        classified.dangling.push(reference);
        continue;
      }
      let owner: ClientObject | undefined = ownerMonitor.informer.lister.get(location.namespace, reference.name);
      // Not (or not yet) in the cache: ask the server before calling it gone.
      if (owner?.metadata?.uid !== reference.uid) owner = await this.liveObject(ownerMonitor, location.namespace, reference.name);
      const state = ownerStateOf(reference, owner);
      if (state === 'dangling' && location.namespace !== undefined && owner === undefined) this.log.debug({ controller: this.name, owner: describeOwner(reference, location.namespace) }, 'owner is gone');
      classified[state].push(reference);
    }
    return classified;
  }

  private async liveObject(monitor: Monitor, namespace: string | undefined, name: string): Promise<ClientObject | undefined> {
    try {
      return await monitor.client.get(namespace, name);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  /** An owner deleting in the foreground: its dependents are deleted; once none blocks it, the finalizer goes. */
  private async finishForeground(monitor: Monitor, owner: ClientObject): Promise<void> {
    const dependents = this.dependentsOf(owner.metadata?.uid);
    for (const dependent of dependents) if (!dependent.object.metadata?.deletionTimestamp) this.enqueue(this.key('delete', dependent.monitor, dependent.object));
    const blocking = blockingDependents(owner.metadata!.uid!, dependents.map((dependent) => dependent.object));
    if (blocking.length > 0) {
      this.log.debug({ controller: this.name, resource: monitor.id, key: objectKey(owner), blocking: blocking.length }, 'waiting for dependents to be deleted');
      return;
    }
    await this.removeFinalizer(monitor, owner, foregroundFinalizer);
  }

  /** An owner marked with `orphan`: its dependents no longer name it, then the finalizer goes. */
  private async orphanDependents(monitor: Monitor, owner: ClientObject): Promise<void> {
    if (!isDeleting(owner, orphanFinalizer)) return;
    const uid = owner.metadata!.uid!;
    for (const dependent of this.dependentsOf(uid)) {
      const remaining = referencesWithout(dependent.object.metadata?.ownerReferences, [uid]);
      await this.patchMetadata(dependent.monitor, dependent.object, { ownerReferences: remaining ?? null }).catch((err: unknown) => {
        if (!isNotFound(err)) throw err;
      });
    }
    this.log.info({ controller: this.name, resource: monitor.id, key: objectKey(owner) }, 'orphaned the dependents');
    await this.removeFinalizer(monitor, owner, orphanFinalizer);
  }

  private async removeFinalizer(monitor: Monitor, object: ClientObject, finalizer: string): Promise<void> {
    const remaining = (object.metadata?.finalizers ?? []).filter((name) => name !== finalizer);
    await this.patchMetadata(monitor, object, { finalizers: remaining.length > 0 ? remaining : null }).catch((err: unknown) => {
      if (!isNotFound(err)) throw err;
    });
  }

  /** A merge patch of metadata, pinned to the resourceVersion the decision was made on (409 if it changed: the retry decides again). */
  private async patchMetadata(monitor: Monitor, object: ClientObject, metadata: Record<string, unknown>): Promise<void> {
    const { namespace, name, resourceVersion } = object.metadata ?? {};
    await monitor.client.patch(namespace, name!, 'merge', { metadata: { ...metadata, resourceVersion } });
  }
}

