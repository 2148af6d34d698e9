// What the OpenAPI documents need to know about one served resource. The API server passes
// the registry's entries (api/registry.ts); a ResourceType (api/resource-type.ts) has all
// these fields, so the registry's list can be passed as it is.

export interface OpenAPIResource {
  group: string; // '' for the core group
  version: string;
  kind: string;
  /** The resource name in URLs, e.g. deployments. */
  plural: string;
  namespaced: boolean;
  /** status: a /status subresource of the same kind; scale: a /scale subresource of kind autoscaling/v1 Scale (any value present means served). */
  subresources: { status?: boolean; scale?: unknown };
  /** The verbs served (get, list, watch, create, update, patch, delete, deletecollection); all of them when absent. */
  verbs?: readonly string[];
}

/** 'apps/v1', or 'v1' for the core group. */
export function groupVersionOf(resource: Pick<OpenAPIResource, 'group' | 'version'>): string {
  return resource.group ? `${resource.group}/${resource.version}` : resource.version;
}

/** The document path below /openapi/v3/: 'api/v1' for the core group, 'apis/apps/v1' otherwise. */
export function documentPathOf(resource: Pick<OpenAPIResource, 'group' | 'version'>): string {
  return resource.group ? `apis/${resource.group}/${resource.version}` : `api/${resource.version}`;
}
