// Empties a Terminating namespace, as Kubernetes' namespaced_resources_deleter.go: every
// namespaced resource the server serves (discovery) is deleted — DELETE of the collection where
// the resource allows it, else each object — then listed (metadata only) to see what is left and
// which finalizers hold it. With nothing left, the namespace's `kubernetes` finalizer is removed
// through the finalize subresource (the API server then deletes the namespace, unless other
// finalizers hold it).
import type { Namespace } from 'kubernetes-types/core/v1.js';
import { messageOf } from '../../../util/errors.ts';
import {
  type ClientObject,
  type DiscoveredResource,
  discoverResources,
  isNotFound,
  metadataOnlyAccept,
  qualifiedName,
  ResourceClient,
  type RestClient,
  supports,
} from '../../client/index.ts';
import type { DeletionPass } from './namespace-conditions.ts';

export const namespaceFinalizer = 'kubernetes';

export type DeletionOutcome =
  /** The namespace is not being deleted, or no longer holds our finalizer. */
  | { kind: 'nothing-to-do' }
  /** Content is left (or a step failed): look again later. */
  | { kind: 'content-remaining'; pass: DeletionPass }
  /** Everything is gone and the finalizer removed. */
  | { kind: 'finalized'; pass: DeletionPass };

/** Whether the namespace is marked for deletion and still ours to empty. */
export function needsDeletion(namespace: Namespace): boolean {
  return Boolean(namespace.metadata?.deletionTimestamp) && (namespace.spec?.finalizers ?? []).includes(namespaceFinalizer);
}

/** The resources a namespace's content is made of: namespaced, and both listable and deletable. */
export function namespacedContent(discovered: readonly DiscoveredResource[]): DiscoveredResource[] {
  return discovered.filter((resource) => resource.descriptor.namespaced && supports(resource, 'list', 'delete'));
}

/** Adds what a list of one resource found to the pass's tallies. */
export function tallyRemaining(pass: DeletionPass, resource: DiscoveredResource, items: readonly ClientObject[]): void {
  if (items.length === 0) return;
  const name = `${resource.descriptor.plural}.${resource.descriptor.group}`;
  pass.remainingByResource.set(name, (pass.remainingByResource.get(name) ?? 0) + items.length);
  for (const item of items) {
    for (const finalizer of item.metadata?.finalizers ?? []) pass.remainingByFinalizer.set(finalizer, (pass.remainingByFinalizer.get(finalizer) ?? 0) + 1);
  }
}

/** The namespace as the finalize subresource is sent it: spec.finalizers without ours. */
export function finalized(namespace: Namespace): Namespace {
  return { ...namespace, spec: { ...namespace.spec, finalizers: (namespace.spec?.finalizers ?? []).filter((finalizer) => finalizer !== namespaceFinalizer) } };
}

export class NamespacedResourcesDeleter {
  private readonly rest: RestClient;
  private readonly discover: () => Promise<DiscoveredResource[]>;

  constructor(rest: RestClient, discover: () => Promise<DiscoveredResource[]> = () => discoverResources(rest)) {
    this.rest = rest;
    this.discover = discover;
  }

  /** One pass over `namespace` (as just read from the server). */
  async delete(namespace: Namespace): Promise<DeletionOutcome> {
    if (!needsDeletion(namespace)) return { kind: 'nothing-to-do' };
    const name = namespace.metadata!.name!;
    const pass: DeletionPass = { discoveryFailures: [], deletionFailures: [], remainingByResource: new Map(), remainingByFinalizer: new Map() };
    let discovered: DiscoveredResource[];
    try {
      discovered = await this.discover();
    } catch (err) {
      pass.discoveryFailures.push(messageOf(err));
      return { kind: 'content-remaining', pass };
    }
    for (const resource of namespacedContent(discovered)) {
      const client = new ResourceClient(this.rest, resource.descriptor, { accept: metadataOnlyAccept });
      try {
        if (supports(resource, 'deletecollection')) {
          await client.deleteCollection(name, { propagationPolicy: 'Background' });
        } else {
          for (const item of (await client.list(name)).items) {
            await client.delete(name, item.metadata!.name!, { propagationPolicy: 'Background' }).catch((err: unknown) => {
              if (!isNotFound(err)) throw err;
            });
          }
        }
        tallyRemaining(pass, resource, (await client.list(name)).items);
      } catch (err) {
        pass.deletionFailures.push(`${qualifiedName(resource.descriptor)}: ${messageOf(err)}`);
      }
    }
    if (pass.deletionFailures.length > 0 || pass.remainingByResource.size > 0) return { kind: 'content-remaining', pass };
    await this.rest.request('PUT', `/api/v1/namespaces/${encodeURIComponent(name)}/finalize`, { body: { apiVersion: 'v1', kind: 'Namespace', ...finalized(namespace) } });
    return { kind: 'finalized', pass };
  }
}
