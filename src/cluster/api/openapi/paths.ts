// The paths and operations of one resource, laid out as Kubernetes publishes them: the
// collection (list, create, deletecollection), the object (read, replace, patch, delete), the
// all-namespaces list, the deprecated /watch/ paths, and the status and scale subresources.
//
// kubectl reads two things here. `explain` finds a resource's kind through the
// x-kubernetes-group-version-kind of the operations on its collection or object path. `apply`
// and `create -f` look for the `fieldValidation` query parameter on the PATCH operation tagged
// with the kind — and stop at the first PATCH tagged with it, in map order, so every PATCH of
// the kind (the status subresource's too) must list it.
import {
  deleteCollectionParameters,
  deleteParameters,
  listParameters,
  nameParameter,
  namespaceParameter,
  parameters,
  patchParameters,
  writeParameters,
  type Parameter,
} from './parameters.ts';
import type { GroupVersionKind, Schema } from './schema.ts';
import { refTo } from './schema.ts';
import type { OpenAPIResource } from './openapi-resource.ts';

export interface Operation {
  tags: string[];
  description: string;
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: Schema }> }>;
  // Both absent only on the group-version's discovery operation (GET /apis/apps/v1/).
  'x-kubernetes-action'?: 'get' | 'list' | 'post' | 'put' | 'patch' | 'delete' | 'deletecollection' | 'watch' | 'watchlist';
  'x-kubernetes-group-version-kind'?: GroupVersionKind;
}

export interface PathItem {
  parameters?: Parameter[];
  get?: Operation;
  put?: Operation;
  post?: Operation;
  delete?: Operation;
  patch?: Operation;
}

/** The schema names a resource's operations refer to; undefined ones become inline free-form objects. */
export interface ResourceSchemas {
  object?: string;
  list?: string;
  scale?: string;
}

const statusRef = 'io.k8s.apimachinery.pkg.apis.meta.v1.Status';
const watchEventRef = 'io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent';
const deleteOptionsRef = 'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions';
const patchRef = 'io.k8s.apimachinery.pkg.apis.meta.v1.Patch';
/** The meta definitions every document's operations refer to. */
export const operationDefinitions = [statusRef, watchEventRef, deleteOptionsRef, patchRef, 'io.k8s.apimachinery.pkg.apis.meta.v1.APIResourceList'];

// The content types the API server answers (JSON, or Kubernetes protobuf to a client that asks
// only for it; watches stream JSON) and accepts: request bodies are `*/*` as in Kubernetes'
// documents — JSON, YAML and (for kubectl 1.32's typed clients) protobuf.
const freeForm: Schema = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
function schemaOf(name: string | undefined): Schema {
  return name ? { $ref: refTo(name) } : freeForm;
}
function content(schema: Schema, types = ['application/json', 'application/vnd.kubernetes.protobuf']): Record<string, { schema: Schema }> {
  return Object.fromEntries(types.map((type) => [type, { schema }]));
}
const watchTypes = ['application/json', 'application/json;stream=watch'];
const patchTypes = ['application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json'];

/** 'apps' → 'Apps', 'rbac.authorization.k8s.io' → 'RbacAuthorization', '' → 'Core': Kubernetes' operationId and tag words. */
function groupWord(group: string): string {
  if (!group) return 'Core';
  return group
    .replace(/\.k8s\.io$/, '')
    .split('.')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/** 'AppsV1', 'CoreV1', 'RbacAuthorizationV1': the group-version in operation ids. */
export function operationWord(group: string, version: string): string {
  return `${groupWord(group)}${version.charAt(0).toUpperCase()}${version.slice(1)}`;
}

export function tagOf(group: string, version: string): string {
  const word = groupWord(group);
  return `${word.charAt(0).toLowerCase()}${word.slice(1)}_${version}`;
}

export function resourcePaths(resource: OpenAPIResource, schemas: ResourceSchemas): Record<string, PathItem> {
  const { group, version, kind, plural, namespaced } = resource;
  const gvk: GroupVersionKind = { group, kind, version };
  const verbs = new Set(resource.verbs ?? ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection']);
  const root = group ? `/apis/${group}/${version}` : `/api/${version}`;
  const scope = namespaced ? 'Namespaced' : '';
  // Kubernetes' operation ids: listAppsV1NamespacedDeployment, deleteCoreV1CollectionNamespacedPod, …
  const gv = operationWord(group, version);
  const id = (verb: string, suffix = '') => `${verb}${gv}${scope}${kind}${suffix}`;
  const tags = [tagOf(group, version)];
  const object = schemaOf(schemas.object);
  type Details = Pick<Operation, 'responses'> & Partial<Pick<Operation, 'parameters' | 'requestBody'>>;
  const operation = (action: NonNullable<Operation['x-kubernetes-action']>, operationId: string, description: string, details: Details): Operation => ({
    tags,
    description,
    operationId,
    ...details,
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': gvk,
  });
  const ok = (schema: Schema, types?: string[]) => ({ description: 'OK', content: content(schema, types) });
  const created = (schema: Schema) => ({ description: 'Created', content: content(schema) });
  const accepted = (schema: Schema) => ({ description: 'Accepted', content: content(schema) });
  const unauthorized = { description: 'Unauthorized' };

  const collection = namespaced ? `${root}/namespaces/{namespace}/${plural}` : `${root}/${plural}`;
  const named = `${collection}/{name}`;
  const scopeParameters = namespaced ? [namespaceParameter] : [];
  const paths: Record<string, PathItem> = {};

  const collectionItem: PathItem = { parameters: [...scopeParameters, parameters.pretty] };
  if (verbs.has('list')) {
    collectionItem.get = operation('list', id('list'), `list or watch objects of kind ${kind}`, {
      parameters: listParameters,
      responses: { '200': ok(schemaOf(schemas.list), watchTypes), '401': unauthorized },
    });
  }
  if (verbs.has('create')) {
    collectionItem.post = operation('post', id('create'), `create a ${kind}`, {
      parameters: writeParameters,
      requestBody: { content: { '*/*': { schema: object } } },
      responses: { '200': ok(object), '201': created(object), '202': accepted(object), '401': unauthorized },
    });
  }
  if (verbs.has('deletecollection')) {
    collectionItem.delete = operation('deletecollection', `delete${gv}Collection${scope}${kind}`, `delete collection of ${kind}`, {
      parameters: deleteCollectionParameters,
      requestBody: { content: { '*/*': { schema: schemaOf(deleteOptionsRef) } } },
      responses: { '200': ok(schemaOf(statusRef)), '401': unauthorized },
    });
  }
  if (collectionItem.get || collectionItem.post || collectionItem.delete) paths[collection] = collectionItem;

  const namedItem: PathItem = { parameters: [nameParameter(kind), ...scopeParameters, parameters.pretty] };
  if (verbs.has('get')) {
    namedItem.get = operation('get', id('read'), `read the specified ${kind}`, { responses: { '200': ok(object), '401': unauthorized } });
  }
  if (verbs.has('update')) {
    namedItem.put = operation('put', id('replace'), `replace the specified ${kind}`, {
      parameters: writeParameters,
      requestBody: { content: { '*/*': { schema: object } } },
      responses: { '200': ok(object), '201': created(object), '401': unauthorized },
    });
  }
  if (verbs.has('patch')) {
    namedItem.patch = operation('patch', id('patch'), `partially update the specified ${kind}`, {
      parameters: patchParameters,
      requestBody: { content: content(schemaOf(patchRef), patchTypes) },
      responses: { '200': ok(object), '201': created(object), '401': unauthorized },
    });
  }
  if (verbs.has('delete')) {
    namedItem.delete = operation('delete', id('delete'), `delete a ${kind}`, {
      parameters: deleteParameters,
      requestBody: { content: { '*/*': { schema: schemaOf(deleteOptionsRef) } } },
      responses: { '200': ok(schemaOf(statusRef)), '202': accepted(schemaOf(statusRef)), '401': unauthorized },
    });
  }
  if (namedItem.get || namedItem.put || namedItem.patch || namedItem.delete) paths[named] = namedItem;

  if (namespaced && verbs.has('list')) {
    paths[`${root}/${plural}`] = {
      parameters: [parameters.pretty],
      get: operation('list', `list${gv}${kind}ForAllNamespaces`, `list or watch objects of kind ${kind}`, {
        parameters: listParameters,
        responses: { '200': ok(schemaOf(schemas.list), watchTypes), '401': unauthorized },
      }),
    };
  }

  if (verbs.has('watch')) {
    const watchRoot = namespaced ? `${root}/watch/namespaces/{namespace}/${plural}` : `${root}/watch/${plural}`;
    const watchEvent = schemaOf(watchEventRef);
    paths[watchRoot] = {
      parameters: [...scopeParameters, parameters.pretty, ...listParameters],
      get: operation('watchlist', id('watch', 'List'), `watch individual changes to a list of ${kind}. deprecated: use the 'watch' parameter with a list operation instead.`, {
        responses: { '200': ok(watchEvent, watchTypes), '401': unauthorized },
      }),
    };
    paths[`${watchRoot}/{name}`] = {
      parameters: [nameParameter(kind), ...scopeParameters, parameters.pretty, ...listParameters],
      get: operation('watch', id('watch'), `watch changes to an object of kind ${kind}. deprecated: use the 'watch' parameter with a list operation instead, filtered to a single item with the 'fieldSelector' parameter.`, {
        responses: { '200': ok(watchEvent, watchTypes), '401': unauthorized },
      }),
    };
  }

  // get/put/patch of /status (carrying the kind itself) and /scale (carrying autoscaling/v1 Scale),
  // each tagged with the kind of what it carries, as Kubernetes tags them.
  const subresource = (name: 'status' | 'scale', schema: Schema, tagged: GroupVersionKind): PathItem => {
    const suffix = name === 'status' ? 'Status' : 'Scale';
    const withKind = (op: Operation): Operation => ({ ...op, 'x-kubernetes-group-version-kind': tagged });
    return {
      parameters: namedItem.parameters!,
      get: withKind(operation('get', id('read', suffix), `read ${name} of the specified ${kind}`, { responses: { '200': ok(schema), '401': unauthorized } })),
      put: withKind(
        operation('put', id('replace', suffix), `replace ${name} of the specified ${kind}`, {
          parameters: writeParameters,
          requestBody: { content: { '*/*': { schema } } },
          responses: { '200': ok(schema), '201': created(schema), '401': unauthorized },
        }),
      ),
      patch: withKind(
        operation('patch', id('patch', suffix), `partially update ${name} of the specified ${kind}`, {
          parameters: patchParameters,
          requestBody: { content: content(schemaOf(patchRef), patchTypes) },
          responses: { '200': ok(schema), '201': created(schema), '401': unauthorized },
        }),
      ),
    };
  };
  if (resource.subresources.status) paths[`${named}/status`] = subresource('status', object, gvk);
  if (resource.subresources.scale) paths[`${named}/scale`] = subresource('scale', schemaOf(schemas.scale), { group: 'autoscaling', kind: 'Scale', version: 'v1' });
  return paths;
}
