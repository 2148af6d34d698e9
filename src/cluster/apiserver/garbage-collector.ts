// Garbage collection by ownerReferences, as Kubernetes' garbage collector does it:
//   - Background (the default): once an owner is gone, its dependents whose owners are all gone
//     are deleted;
//   - Orphan: an owner marked for deletion with the `orphan` finalizer has its uid taken out of
//     its dependents' ownerReferences, then the finalizer goes (and the owner with it);
//   - Foreground: an owner with the `foregroundDeletion` finalizer waits, marked, while its
//     dependents are deleted; when none is left the finalizer goes.
// It runs in the API server for now, driven by the server's own writes plus a periodic sweep
// that catches what another server on the same etcd did. (Kubernetes runs it in the
// controller manager; Minato's will move there with the client machinery of the workloads issue.)
import { isMinatoError } from '../../util/errors.ts';
import type { Logger } from '../../util/log.ts';
import type { KubeObject, OwnerReference, ResourceType } from '../api/resource-type.ts';
import { kubeTime } from './object-metadata.ts';
import type { ObjectStore } from './object-store.ts';

interface Owner {
  uid: string;
  namespace: string | undefined;
}

interface Located {
  type: ResourceType;
  object: KubeObject;
  revision: number;
}

export class GarbageCollector {
  private readonly store: ObjectStore;
  private readonly resources: ResourceType[];
  private readonly log: Logger;
  private readonly now: () => Date;
  private queue: Promise<void> = Promise.resolve();
  private sweepTimer: NodeJS.Timeout | undefined;
  /**
   * uids that some object names as its owner (from this server's writes and from every sweep):
   * only the deletion of one of these sends the collector looking for dependents.
   */
  private readonly referencedOwners = new Set<string>();

  constructor(store: ObjectStore, resources: ResourceType[], log: Logger, now: () => Date) {
    this.store = store;
    // One served version per kind is enough to see every object (versions share storage).
    this.resources = resources.filter((type) => !type.storageConversion);
    this.log = log;
    this.now = now;
  }

  start(intervalMs = 30_000): void {
    this.enqueue(() => this.sweep());
    this.sweepTimer = setInterval(() => this.enqueue(() => this.sweep()), intervalMs);
    this.sweepTimer.unref();
  }

  close(): void {
    clearInterval(this.sweepTimer);
  }

  /** Told about every write this server made. */
  observe(type: ResourceType, object: KubeObject, deleted: boolean): void {
    const metadata = object.metadata ?? {};
    const owner: Owner = { uid: metadata.uid ?? '', namespace: type.namespaced ? metadata.namespace : undefined };
    if (!owner.uid) return;
    for (const reference of metadata.ownerReferences ?? []) if (!deleted) this.referencedOwners.add(reference.uid);
    if (deleted) {
      if (this.referencedOwners.delete(owner.uid)) this.enqueue(() => this.collectDependentsOf(owner));
      // An owner waiting in foreground deletion may be waiting for this one.
      for (const reference of metadata.ownerReferences ?? []) {
        const ownerType = this.typeOf(reference);
        if (ownerType) this.enqueue(() => this.finishOwner(ownerType, metadata.namespace, reference.name));
      }
      return;
    }
    const finalizers = metadata.finalizers ?? [];
    if (metadata.deletionTimestamp && (finalizers.includes('orphan') || finalizers.includes('foregroundDeletion'))) {
      this.enqueue(() => this.finishOwner(type, metadata.namespace, metadata.name!));
    }
  }

  /** Waits for what is queued (tests). */
  idle(): Promise<void> {
    return this.queue;
  }

  private enqueue(work: () => Promise<void>): void {
    this.queue = this.queue.then(work).catch((err: unknown) => this.log.warn({ err }, 'garbage collection will be retried by the next sweep'));
  }

  /**
   * The objects of every kind (in one namespace, or all) whose stored JSON has one of `keys`:
   * read a page at a time, and parsed only when the text says the object is of interest (most
   * objects have no owners and no finalizers).
   */
  private async *objects(namespace: string | undefined, keys: readonly string[]): AsyncGenerator<Located> {
    const markers = keys.map((key) => `"${key}":`);
    for (const type of this.resources) {
      if (namespace !== undefined && !type.namespaced) continue;
      let startAfter: string | undefined;
      let revision: number | undefined;
      for (;;) {
        const page = await this.store.listPage(type, namespace, { limit: 500, ...(startAfter !== undefined ? { startAfter } : {}), ...(revision !== undefined ? { revision } : {}) });
        revision = page.revision;
        for (const kv of page.items) {
          const text = this.store.storedText(type, kv);
          if (markers.some((marker) => text.includes(marker))) yield { type, object: this.store.decodeText(type, text, kv.modRevision), revision: kv.modRevision };
        }
        if (!page.more || page.items.length === 0) break;
        startAfter = page.items.at(-1)!.key;
      }
    }
  }

  private async dependentsOf(owner: Owner): Promise<Located[]> {
    const found: Located[] = [];
    for await (const located of this.objects(owner.namespace, ['ownerReferences'])) {
      if ((located.object.metadata?.ownerReferences ?? []).some((reference) => reference.uid === owner.uid)) found.push(located);
    }
    return found;
  }

  private typeOf(reference: OwnerReference): ResourceType | undefined {
    const group = reference.apiVersion.includes('/') ? reference.apiVersion.split('/')[0]! : '';
    return this.resources.find((candidate) => candidate.group === group && candidate.kind === reference.kind);
  }

  /** Whether the owner a reference names still exists (same uid). */
  private async ownerExists(reference: OwnerReference, namespace: string | undefined): Promise<boolean> {
    const type = this.typeOf(reference);
    // An owner of a kind this server does not serve is not ours to judge.
    if (!type) return true;
    const found = await this.store.get(type, type.namespaced ? namespace : undefined, reference.name);
    // An owner being deleted still counts: orphaning must not lose its dependents, and
    // foreground deletion removes them itself.
    return found !== undefined && found.object.metadata?.uid === reference.uid;
  }

  /** Deletes an object (or marks it, when finalizers hold it). */
  private async remove(located: Located): Promise<void> {
    const metadata = located.object.metadata ?? {};
    try {
      const spec = located.object.spec as { nodeName?: string; terminationGracePeriodSeconds?: number } | undefined;
      // A pod on a node is deleted as a user's DELETE would: marked with its grace period, for
      // its node agent to stop it and make the final delete.
      const podGrace = located.type.group === '' && located.type.plural === 'pods' && spec?.nodeName ? (spec.terminationGracePeriodSeconds ?? 30) : 0;
      if ((metadata.finalizers ?? []).length > 0 || podGrace > 0) {
        if (metadata.deletionTimestamp) return;
        const deletionTimestamp = kubeTime(new Date(this.now().getTime() + podGrace * 1000));
        await this.store.update(located.type, { ...located.object, metadata: { ...metadata, deletionTimestamp, deletionGracePeriodSeconds: podGrace } }, located.revision);
      } else {
        await this.store.delete(located.type, metadata.namespace, metadata.name!, located.revision);
        // Its own dependents (a Deployment's ReplicaSet's pods) go now, not at the next sweep.
        this.observe(located.type, located.object, true);
      }
      this.log.info({ kind: located.type.kind, namespace: metadata.namespace, name: metadata.name }, 'garbage collected');
    } catch (err) {
      if (!isMinatoError(err, 'NotFound') && !isMinatoError(err, 'Conflict')) throw err;
    }
  }

  /** Background: dependents of a deleted owner whose owners are all gone. */
  private async collectDependentsOf(owner: Owner): Promise<void> {
    for (const dependent of await this.dependentsOf(owner)) {
      const references = dependent.object.metadata?.ownerReferences ?? [];
      const others = references.filter((reference) => reference.uid !== owner.uid);
      let anyAlive = false;
      for (const reference of others) if (await this.ownerExists(reference, dependent.object.metadata?.namespace)) anyAlive = true;
      if (!anyAlive) await this.remove(dependent);
    }
  }

  /** An owner marked for deletion with `orphan` or `foregroundDeletion`: do what the finalizer asks, then let it go. */
  private async finishOwner(type: ResourceType, namespace: string | undefined, name: string): Promise<void> {
    const current = await this.store.get(type, type.namespaced ? namespace : undefined, name);
    if (!current || !current.object.metadata?.deletionTimestamp) return;
    const metadata = current.object.metadata;
    const owner: Owner = { uid: metadata.uid!, namespace: type.namespaced ? metadata.namespace : undefined };
    let finalizers = [...(metadata.finalizers ?? [])];
    if (finalizers.includes('orphan')) {
      for (const dependent of await this.dependentsOf(owner)) {
        const dependentMeta = dependent.object.metadata ?? {};
        const references = (dependentMeta.ownerReferences ?? []).filter((reference) => reference.uid !== owner.uid);
        const updated: KubeObject = { ...dependent.object, metadata: { ...dependentMeta, ownerReferences: references } };
        if (references.length === 0) delete updated.metadata!.ownerReferences;
        await this.store.update(dependent.type, updated, dependent.revision).catch((err: unknown) => {
          if (!isMinatoError(err, 'NotFound') && !isMinatoError(err, 'Conflict')) throw err;
        });
      }
      finalizers = finalizers.filter((finalizer) => finalizer !== 'orphan');
    }
    if (finalizers.includes('foregroundDeletion')) {
      const dependents = await this.dependentsOf(owner);
      for (const dependent of dependents) await this.remove(dependent);
      // Wait for them to be gone (the next write or sweep comes back here).
      if (dependents.length > 0) return;
      finalizers = finalizers.filter((finalizer) => finalizer !== 'foregroundDeletion');
    }
    const latest = await this.store.get(type, type.namespaced ? namespace : undefined, name);
    if (!latest || latest.object.metadata?.uid !== owner.uid) return;
    const remaining = (latest.object.metadata.finalizers ?? []).filter((finalizer) => finalizers.includes(finalizer));
    try {
      if (remaining.length === 0) await this.store.delete(type, namespace, name, latest.revision);
      else if (remaining.length !== (latest.object.metadata.finalizers ?? []).length) {
        await this.store.update(type, { ...latest.object, metadata: { ...latest.object.metadata, finalizers: remaining } }, latest.revision);
      }
    } catch (err) {
      if (!isMinatoError(err, 'NotFound') && !isMinatoError(err, 'Conflict')) throw err;
    }
    if (remaining.length === 0) await this.collectDependentsOf(owner);
  }

  /** What the event-driven path missed: marked owners, and dependents whose owners are gone. */
  private async sweep(): Promise<void> {
    for await (const located of this.objects(undefined, ['ownerReferences', 'deletionTimestamp'])) {
      const metadata = located.object.metadata ?? {};
      const finalizers = metadata.finalizers ?? [];
      if (metadata.deletionTimestamp && (finalizers.includes('orphan') || finalizers.includes('foregroundDeletion'))) {
        await this.finishOwner(located.type, metadata.namespace, metadata.name!);
        continue;
      }
      const references = metadata.ownerReferences ?? [];
      if (references.length === 0) continue;
      for (const reference of references) this.referencedOwners.add(reference.uid);
      let anyAlive = false;
      for (const reference of references) if (await this.ownerExists(reference, metadata.namespace)) anyAlive = true;
      if (!anyAlive) await this.remove(located);
    }
  }
}
