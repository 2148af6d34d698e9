// Namespaces: the four a cluster starts with (default, kube-system, kube-public,
// kube-node-lease); writes admitted only into a namespace that exists and, for creates, is not
// being deleted; and deletion, as Kubernetes' namespace controller does it — a deleted namespace
// is Terminating (it holds the `kubernetes` finalizer in spec.finalizers) while every object in
// it is deleted; when none is left the finalizer goes and the namespace with it.
import { isMinatoError } from '../../util/errors.ts';
import type { Logger } from '../../util/log.ts';
import type { KubeObject, ResourceType } from '../api/resource-type.ts';
import { fillNewObjectMetadata, kubeTime } from './object-metadata.ts';
import type { ObjectStore } from './object-store.ts';
import { errors, statusError } from './status.ts';

export const initialNamespaces = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];
const retryMs = 1000;

export class NamespaceLifecycle {
  private readonly store: ObjectStore;
  private readonly resources: ResourceType[];
  private readonly log: Logger;
  private readonly now: () => Date;
  private readonly namespaceType: ResourceType | undefined;
  private readonly cleaning = new Map<string, NodeJS.Timeout | true>();
  private closed = false;

  constructor(store: ObjectStore, resources: ResourceType[], log: Logger, now: () => Date) {
    this.store = store;
    this.resources = resources;
    this.log = log;
    this.now = now;
    this.namespaceType = resources.find((type) => type.group === '' && type.plural === 'namespaces');
  }

  async start(): Promise<void> {
    const type = this.namespaceType;
    if (!type) return;
    for (const name of initialNamespaces) {
      if (await this.store.get(type, undefined, name)) continue;
      const object: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'kubernetes.io/metadata.name': name } } };
      fillNewObjectMetadata(object, this.now());
      type.prepareForCreate?.(object);
      type.defaults(object);
      await this.store.create(type, object).catch((err: unknown) => {
        if (!isMinatoError(err, 'Conflict')) throw err;
      });
    }
    // Deletions a previous run did not finish.
    const all = await this.store.listPage(type, undefined, {});
    for (const kv of all.items) {
      const namespace = this.store.decode(type, kv);
      if (namespace.metadata?.deletionTimestamp) this.schedule(namespace.metadata.name!, 0);
    }
  }

  async admit(namespace: string, type: ResourceType, verb: 'create' | 'update'): Promise<void> {
    if (!this.namespaceType || type === this.namespaceType) return;
    const found = await this.store.get(this.namespaceType, undefined, namespace);
    if (!found) throw errors.notFound(this.namespaceType, namespace);
    if (verb === 'create' && found.object.metadata?.deletionTimestamp) {
      throw statusError(403, 'Forbidden', `unable to create new content in namespace ${namespace} because it is being terminated`, {
        name: namespace,
        kind: 'namespaces',
        causes: [{ reason: 'NamespaceTerminating', message: `namespace ${namespace} is being terminated`, field: 'metadata.namespace' }],
      });
    }
  }

  /** Told about every write: a namespace marked for deletion starts being emptied. */
  observe(type: ResourceType, object: KubeObject, deleted: boolean): void {
    if (type !== this.namespaceType || deleted || !object.metadata?.deletionTimestamp) return;
    this.schedule(object.metadata.name!, 0);
  }

  private schedule(name: string, delayMs: number): void {
    if (this.closed || this.cleaning.get(name) === true) return;
    clearTimeout(this.cleaning.get(name) as NodeJS.Timeout | undefined);
    this.cleaning.set(
      name,
      setTimeout(() => {
        this.cleaning.set(name, true);
        void this.clean(name)
          .then((done) => {
            this.cleaning.delete(name);
            if (!done) this.schedule(name, retryMs);
          })
          .catch((err: unknown) => {
            this.cleaning.delete(name);
            this.log.warn({ err, namespace: name }, 'namespace deletion will be retried');
            this.schedule(name, retryMs);
          });
      }, delayMs),
    );
  }

  /** Deletes what is in the namespace; true once the namespace itself is gone. */
  private async clean(name: string): Promise<boolean> {
    const namespaceType = this.namespaceType!;
    let remaining = 0;
    for (const type of this.resources) {
      if (!type.namespaced) continue;
      const page = await this.store.listPage(type, name, {});
      for (const kv of page.items) {
        const object = this.store.decode(type, kv);
        const metadata = object.metadata ?? {};
        try {
          if ((metadata.finalizers ?? []).length > 0) {
            remaining++;
            if (!metadata.deletionTimestamp) {
              object.metadata = { ...metadata, deletionTimestamp: kubeTime(this.now()), deletionGracePeriodSeconds: 0 };
              await this.store.update(type, object, kv.modRevision);
            }
          } else {
            await this.store.delete(type, name, metadata.name!, kv.modRevision);
          }
        } catch (err) {
          if (isMinatoError(err, 'NotFound')) continue;
          if (isMinatoError(err, 'Conflict')) {
            remaining++;
            continue;
          }
          throw err;
        }
      }
    }
    if (remaining > 0) return false;
    const current = await this.store.get(namespaceType, undefined, name);
    if (!current) return true;
    const object = current.object;
    const spec = { ...(object.spec as { finalizers?: string[] } | undefined) };
    spec.finalizers = (spec.finalizers ?? []).filter((finalizer) => finalizer !== 'kubernetes');
    if (spec.finalizers.length === 0 && (object.metadata?.finalizers ?? []).length === 0) {
      await this.store.delete(namespaceType, undefined, name, current.revision).catch((err: unknown) => {
        if (!isMinatoError(err, 'NotFound')) throw err;
      });
      this.log.info({ namespace: name }, 'namespace deleted');
      return true;
    }
    if (spec.finalizers.length !== ((object.spec as { finalizers?: string[] } | undefined)?.finalizers ?? []).length) {
      await this.store.update(namespaceType, { ...object, spec }, current.revision);
    }
    // Other finalizers (metadata.finalizers, spec.finalizers of others) are their holders' to remove.
    this.log.debug({ namespace: name }, 'namespace waits for the finalizers of others');
    return false;
  }

  close(): void {
    this.closed = true;
    for (const timer of this.cleaning.values()) if (timer !== true) clearTimeout(timer);
    this.cleaning.clear();
  }
}
