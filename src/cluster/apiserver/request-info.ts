// What a request asks for, read off its method and path the way Kubernetes' RequestInfoFactory
// reads it: an API resource request (group, version, namespace, resource, name, subresource and
// the verb — get, list, watch, create, update, patch, delete, deletecollection) or a
// non-resource path (/version, /healthz, /openapi/v3, discovery). Authorization and routing both
// work from this.

export interface ResourceRequest {
  kind: 'resource';
  verb: 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection';
  /** '' for the core group (/api/v1). */
  group: string;
  version: string;
  namespace?: string;
  resource: string;
  name?: string;
  subresource?: string;
  path: string;
}

export interface NonResourceRequest {
  kind: 'nonresource';
  verb: string;
  path: string;
}

export type RequestInfo = ResourceRequest | NonResourceRequest;

/** Subresources of a namespace itself: /api/v1/namespaces/NAME/status is the namespace's, not a namespaced resource. */
const namespaceSubresources = new Set(['status', 'finalize']);

function nonResourceVerb(method: string): string {
  return method.toLowerCase() === 'head' ? 'get' : method.toLowerCase();
}

/** Go's strconv.ParseBool truths, as Kubernetes reads ?watch=. */
function isWatch(query: URLSearchParams): boolean {
  return ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(query.get('watch') ?? '');
}

export function parseRequestInfo(method: string, path: string, query: URLSearchParams): RequestInfo {
  const parts = path.split('/').filter((part) => part !== '').map((part) => decodeURIComponent(part));
  const nonResource: NonResourceRequest = { kind: 'nonresource', verb: nonResourceVerb(method), path };
  let rest: string[];
  let group: string;
  let version: string;
  if (parts[0] === 'api' && parts.length >= 3) {
    group = '';
    version = parts[1]!;
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 4) {
    group = parts[1]!;
    version = parts[2]!;
    rest = parts.slice(3);
  } else {
    return nonResource;
  }
  // The legacy watch prefix: /api/v1/watch/namespaces/NS/pods.
  let watchPrefix = false;
  if (rest[0] === 'watch') {
    watchPrefix = true;
    rest = rest.slice(1);
  }
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length > 1) {
    namespace = rest[1];
    if (rest.length > 2 && !namespaceSubresources.has(rest[2]!)) rest = rest.slice(2);
  }
  const [resource, name, subresource, ...extra] = rest;
  if (!resource || extra.length > 0) return nonResource;
  const lower = method.toUpperCase();
  let verb: ResourceRequest['verb'];
  switch (lower) {
    case 'GET':
    case 'HEAD':
      // A named GET stays a get even with ?watch (as in Kubernetes); only the /watch/ prefix makes it a watch.
      verb = name === undefined ? (watchPrefix || isWatch(query) ? 'watch' : 'list') : watchPrefix ? 'watch' : 'get';
      break;
    case 'POST':
      verb = 'create';
      break;
    case 'PUT':
      verb = 'update';
      break;
    case 'PATCH':
      verb = 'patch';
      break;
    case 'DELETE':
      verb = name === undefined ? 'deletecollection' : 'delete';
      break;
    default:
      return nonResource;
  }
  // A list or watch pinned to one name by its field selector is about that name (resourceNames rules apply).
  let selectedName = name;
  if (selectedName === undefined && (verb === 'list' || verb === 'watch')) {
    const match = /(?:^|,)metadata\.name==?([^,]*)(?:,|$)/.exec(query.get('fieldSelector') ?? '');
    if (match && match[1] && !/[\\/%]/.test(match[1]) && match[1] !== '.' && match[1] !== '..') selectedName = match[1];
  }
  return {
    kind: 'resource',
    verb,
    group,
    version,
    ...(namespace !== undefined ? { namespace } : {}),
    resource,
    ...(selectedName !== undefined ? { name: selectedName } : {}),
    ...(subresource !== undefined ? { subresource } : {}),
    path,
  };
}
