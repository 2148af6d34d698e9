// What a request asks to do, in the terms authorization decides on (Kubernetes'
// authorizer.Attributes): a verb on a resource — group, resource, optional subresource, namespace
// and name — or a verb on a non-resource URL path (/version, /healthz, /api discovery).
// The field names are those of SubjectAccessReview's resourceAttributes / nonResourceAttributes,
// and the API server's RequestInfo (request-info.ts) has the same shape, so either can be passed
// as is. A request is a resource request when it has `resource`.

export interface ResourceAttributes {
  /** get, list, watch, create, update, patch, delete, deletecollection, or a special verb (impersonate, bind, escalate, use, proxy, approve…). */
  verb: string;
  /** "" for the core group. */
  group: string;
  version?: string;
  /** Plural lower-case resource, e.g. pods, deployments. */
  resource: string;
  /** e.g. status, log, exec, scale. */
  subresource?: string;
  /** Absent for cluster-scoped resources and for requests across all namespaces. */
  namespace?: string;
  /** Absent for collection requests (list, watch, create, deletecollection). */
  name?: string;
}

export interface NonResourceAttributes {
  /** The lower-case HTTP method: get (also for HEAD), post, put, patch, delete. */
  verb: string;
  path: string;
}

export type RequestAttributes = ResourceAttributes | NonResourceAttributes;

export function isResourceRequest(attributes: RequestAttributes): attributes is ResourceAttributes {
  return 'resource' in attributes && typeof attributes.resource === 'string';
}
