// The event handling shared by the controllers that own pods through a controller reference
// and a label selector (ReplicaSet, Job), as Kubernetes' controllers do it: handlers only
// enqueue owner keys and lower expectations.
//
// Owner added / updated → enqueue it; owner deleted → forget its expectations and enqueue it.
// Pod added → the controlling owner (in the cache, same uid) has seen a creation and is
// enqueued; an orphan enqueues every owner whose (non-empty) selector matches it; a pod already
// being deleted counts as a deletion. Pod updated (a new resourceVersion) → a pod being deleted
// counts as a deletion; a changed controller reference enqueues the previous owner; then the
// current owner is enqueued, or, for an orphan, the owners selecting it. Pod deleted (the
// informer hands over tombstones as their last known state) → the controlling owner has seen
// the deletion and is enqueued. What differs per controller comes in through the options.
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import { type ClientObject, type InformerFactory, labelSelectorMatcher, type Lister, objectKey, type ResourceDescriptor, resources, type SharedInformer, splitKey } from '../client/index.ts';
import { controllerOf } from './controller-ref.ts';
import type { Expectations } from './expectations.ts';

/** An owner kind that selects its dependents by labels (spec.selector). */
export type SelectingOwner = ClientObject & { spec?: { selector?: LabelSelector | undefined } | undefined };

/** The owner (in the cache) the object's controller reference names, if it is that very one (uid). */
export function controllingOwner<O extends ClientObject>(owners: Lister<O>, ownerKind: string, object: ClientObject): O | undefined {
  const ref = controllerOf(object);
  if (!ref || ref.kind !== ownerKind) return undefined;
  const owner = owners.get(object.metadata?.namespace, ref.name);
  return owner?.metadata?.uid === ref.uid ? owner : undefined;
}

/** The owners of the object's namespace whose (non-empty, valid) selector matches its labels. */
export function ownersSelecting<O extends SelectingOwner>(owners: Lister<O>, object: ClientObject): O[] {
  return owners.list(object.metadata?.namespace).filter((owner) => {
    try {
      const selector = labelSelectorMatcher(owner.spec?.selector);
      return !selector.empty && selector.matches(object.metadata?.labels);
    } catch {
      return false;
    }
  });
}

/** The controller the events are for: its expectations and its queue. */
export interface PodOwnerController {
  readonly expectations: Expectations;
  enqueue(objectOrKey: ClientObject | string): void;
}

/** What differs between the controllers. */
export interface PodOwnerEventsOptions<O extends SelectingOwner> {
  /**
   * ReplicaSet rules for updates: an orphan's selecting owners are enqueued only when its labels
   * or controller reference changed, and a pod being deleted whose labels changed is also seen
   * deleted as its old self. Default (Job): an orphan's selecting owners are enqueued on every update.
   */
  followLabelChanges?: boolean;
  /** Called for every pod seen deleted or being deleted, before its owner is looked up. */
  onPodDeleted?: (pod: Pod) => void;
  /** Called on a pod update after its controlling owner (in the cache) was enqueued. */
  onOwnedPodUpdated?: (owner: O, old: Pod, pod: Pod) => void;
}

/**
 * Registers the event handlers (see the file comment) on the shared informers of the owners'
 * resource and of pods, which the controller then watches (`owners`, `pods`).
 */
export class PodOwnerEvents<O extends SelectingOwner> {
  readonly owners: SharedInformer<O>;
  readonly pods: SharedInformer<Pod>;
  private readonly controller: PodOwnerController;
  private readonly ownerKind: string;
  private readonly options: PodOwnerEventsOptions<O>;

  constructor(controller: PodOwnerController, factory: InformerFactory, owner: ResourceDescriptor<O>, options: PodOwnerEventsOptions<O> = {}) {
    this.controller = controller;
    this.ownerKind = owner.kind;
    this.options = options;
    const owners = (this.owners = factory.informerFor(owner));
    const pods = (this.pods = factory.informerFor(resources.pods));
    const enqueue = (objectOrKey: O | string) => controller.enqueue(objectOrKey);
    owners.addEventHandler({
      onAdd: (owner) => enqueue(owner),
      onUpdate: (_old, owner) => enqueue(owner),
      onDelete: (owner) => {
        controller.expectations.delete(objectKey(owner));
        enqueue(owner);
      },
    });
    pods.addEventHandler({
      onAdd: (pod) => this.podAdded(pod),
      onUpdate: (old, pod) => this.podUpdated(old, pod),
      onDelete: (pod) => this.podDeleted(pod),
    });
  }

  /** The cached owner `key` names (a copy to change), or — it is gone — undefined, its expectations forgotten. */
  cachedOwner(key: string): O | undefined {
    const { namespace, name } = splitKey(key);
    const cached = this.owners.lister.get(namespace, name);
    if (!cached) {
      this.controller.expectations.delete(key);
      return undefined;
    }
    return structuredClone(cached);
  }

  private podAdded(pod: Pod): void {
    if (pod.metadata?.deletionTimestamp) {
      // A pod already being deleted (seen at start-up) is no creation to observe.
      this.podDeleted(pod);
      return;
    }
    const owner = this.resolveOwner(pod);
    if (owner) {
      this.controller.expectations.creationObserved(objectKey(owner));
      this.controller.enqueue(owner);
      return;
    }
    if (!controllerOf(pod)) this.enqueueSelecting(pod);
  }

  private podUpdated(old: Pod, pod: Pod): void {
    if (old.metadata?.resourceVersion === pod.metadata?.resourceVersion) return;
    const followLabels = this.options.followLabelChanges === true;
    const labelsChanged = JSON.stringify(old.metadata?.labels ?? {}) !== JSON.stringify(pod.metadata?.labels ?? {});
    if (pod.metadata?.deletionTimestamp) {
      this.podDeleted(pod);
      if (followLabels && labelsChanged) this.podDeleted(old);
      return;
    }
    const ref = controllerOf(pod);
    const refChanged = controllerOf(old)?.uid !== ref?.uid;
    if (refChanged) {
      const previous = this.resolveOwner(old);
      if (previous) this.controller.enqueue(previous);
    }
    const owner = this.resolveOwner(pod);
    if (owner) {
      this.controller.enqueue(owner);
      this.options.onOwnedPodUpdated?.(owner, old, pod);
      return;
    }
    if (!ref && (!followLabels || labelsChanged || refChanged)) this.enqueueSelecting(pod);
  }

  private podDeleted(pod: Pod): void {
    this.options.onPodDeleted?.(pod);
    const owner = this.resolveOwner(pod);
    if (!owner) return;
    const key = objectKey(owner);
    this.controller.expectations.deletionObserved(key, objectKey(pod));
    this.controller.enqueue(key);
  }

  private resolveOwner(pod: Pod): O | undefined {
    return controllingOwner(this.owners.lister, this.ownerKind, pod);
  }

  private enqueueSelecting(pod: Pod): void {
    for (const owner of ownersSelecting(this.owners.lister, pod)) this.controller.enqueue(owner);
  }
}
