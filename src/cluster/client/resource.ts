// Which resource a ResourceClient or an informer talks to: where it lives in the API (group,
// version, plural), its kind, whether it is namespaced — and, as a type parameter only, the
// TypeScript type of its objects. The common ones are in resources.ts; any ResourceType of the
// registry (cluster/api/registry.ts) converts with descriptorOf.
import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';

/** Any Kubernetes object as the client handles it. */
export interface ClientObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
}

export interface ResourceDescriptor<T extends ClientObject = ClientObject> {
  /** '' for the core group. */
  readonly group: string;
  readonly version: string;
  readonly plural: string;
  readonly kind: string;
  readonly namespaced: boolean;
  /** Never set: carries T, the type of the resource's objects. */
  readonly objectType?: T;
}

export function describeResource<T extends ClientObject>(group: string, version: string, plural: string, kind: string, namespaced: boolean): ResourceDescriptor<T> {
  return Object.freeze({ group, version, plural, kind, namespaced });
}

/** A registry ResourceType (or anything shaped like one) as a descriptor. */
export function descriptorOf<T extends ClientObject = ClientObject>(type: { group: string; version: string; plural: string; kind: string; namespaced: boolean }): ResourceDescriptor<T> {
  return describeResource<T>(type.group, type.version, type.plural, type.kind, type.namespaced);
}

/** "v1", "apps/v1". */
export function apiVersionOf(resource: ResourceDescriptor<ClientObject>): string {
  return resource.group ? `${resource.group}/${resource.version}` : resource.version;
}

/** "pods", "deployments.apps": how messages name a resource. */
export function qualifiedName(resource: ResourceDescriptor<ClientObject>): string {
  return resource.group ? `${resource.plural}.${resource.group}` : resource.plural;
}

/** The cache and work-queue key of an object: "namespace/name", or "name" for a cluster-scoped one. */
export function objectKey(object: ClientObject): string {
  const namespace = object.metadata?.namespace;
  const name = object.metadata?.name ?? '';
  return namespace ? `${namespace}/${name}` : name;
}

/** The key of (namespace, name). */
export function keyOf(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

/** A key split back into namespace (undefined for a cluster-scoped object) and name. */
export function splitKey(key: string): { namespace: string | undefined; name: string } {
  const slash = key.indexOf('/');
  return slash < 0 ? { namespace: undefined, name: key } : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}
