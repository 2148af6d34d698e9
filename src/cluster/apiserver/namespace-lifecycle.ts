// Namespaces in the API server (Kubernetes' NamespaceLifecycle admission plugin): the four a
// cluster starts with (default, kube-system, kube-public, kube-node-lease), and writes admitted
// only into a namespace that exists and, for creates, is not being deleted. Emptying a deleted
// namespace is the namespace controller's (cluster/controllers/namespace), through the API.
import { isMinatoError } from '../../util/errors.ts';
import type { KubeObject, ResourceType } from '../api/resource-type.ts';
import { fillNewObjectMetadata } from './object-metadata.ts';
import type { ObjectStore } from './object-store.ts';
import { errors, statusError } from './status.ts';

export const initialNamespaces = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

export class NamespaceLifecycle {
  private readonly store: ObjectStore;
  private readonly now: () => Date;
  private readonly namespaceType: ResourceType | undefined;

  constructor(store: ObjectStore, resources: ResourceType[], now: () => Date) {
    this.store = store;
    this.now = now;
    this.namespaceType = resources.find((type) => type.group === '' && type.plural === 'namespaces');
  }

  /** Creates the initial namespaces that do not exist. */
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
  }

  /** Refuses a write into a namespace that does not exist, and a create into one being deleted (Kubernetes' messages). */
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
}
