// The per-group-version documents and the index: what kubectl looks for in them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildDocument, type OpenAPIDocument } from './document.ts';
import type { OpenAPIResource } from './openapi-resource.ts';
import { createOpenAPIV3Service, hashOf, openAPIV3ServiceFor } from './service.ts';
import type { ResourceType } from '../resource-type.ts';
import { directRefs, type Schema } from './schema.ts';
import type { Operation, PathItem } from './paths.ts';

function r(group: string, version: string, kind: string, plural: string, namespaced = true, subresources: OpenAPIResource['subresources'] = {}): OpenAPIResource {
  return { group, version, kind, plural, namespaced, subresources };
}
const status = { status: true };
const served: OpenAPIResource[] = [
  r('', 'v1', 'Namespace', 'namespaces', false, status),
  r('', 'v1', 'Pod', 'pods', true, status),
  r('', 'v1', 'Service', 'services', true, status),
  r('', 'v1', 'Endpoints', 'endpoints'),
  r('', 'v1', 'ConfigMap', 'configmaps'),
  r('', 'v1', 'Secret', 'secrets'),
  r('', 'v1', 'ServiceAccount', 'serviceaccounts'),
  r('', 'v1', 'Node', 'nodes', false, status),
  r('', 'v1', 'Event', 'events'),
  r('', 'v1', 'PersistentVolume', 'persistentvolumes', false, status),
  r('', 'v1', 'PersistentVolumeClaim', 'persistentvolumeclaims', true, status),
  r('', 'v1', 'ResourceQuota', 'resourcequotas', true, status),
  r('', 'v1', 'LimitRange', 'limitranges'),
  r('apps', 'v1', 'Deployment', 'deployments', true, { status: true, scale: {} }),
  r('apps', 'v1', 'ReplicaSet', 'replicasets', true, { status: true, scale: {} }),
  r('apps', 'v1', 'StatefulSet', 'statefulsets', true, { status: true, scale: {} }),
  r('apps', 'v1', 'DaemonSet', 'daemonsets', true, status),
  r('batch', 'v1', 'Job', 'jobs', true, status),
  r('batch', 'v1', 'CronJob', 'cronjobs', true, status),
  r('networking.k8s.io', 'v1', 'Ingress', 'ingresses', true, status),
  r('networking.k8s.io', 'v1', 'IngressClass', 'ingressclasses', false),
  r('storage.k8s.io', 'v1', 'StorageClass', 'storageclasses', false),
  r('rbac.authorization.k8s.io', 'v1', 'Role', 'roles'),
  r('rbac.authorization.k8s.io', 'v1', 'ClusterRole', 'clusterroles', false),
  r('rbac.authorization.k8s.io', 'v1', 'RoleBinding', 'rolebindings'),
  r('rbac.authorization.k8s.io', 'v1', 'ClusterRoleBinding', 'clusterrolebindings', false),
  r('coordination.k8s.io', 'v1', 'Lease', 'leases'),
  r('discovery.k8s.io', 'v1', 'EndpointSlice', 'endpointslices'),
  r('autoscaling', 'v2', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers', true, status),
];
const service = createOpenAPIV3Service(served, { serverVersion: 'v1.32.0' });
const document = (path: string) => JSON.parse(service.document(path)!.body.toString()) as OpenAPIDocument;
const operations = (item: PathItem) => (['get', 'put', 'post', 'delete', 'patch'] as const).flatMap((method) => (item[method] ? [[method, item[method]] as const] : []));

test('the index names one document per group-version, by a URL carrying its hash', () => {
  const index = JSON.parse(service.index().body.toString()) as { paths: Record<string, { serverRelativeURL: string }> };
  assert.deepEqual(Object.keys(index.paths), [
    'api/v1',
    'apis/apps/v1',
    'apis/autoscaling/v2',
    'apis/batch/v1',
    'apis/coordination.k8s.io/v1',
    'apis/discovery.k8s.io/v1',
    'apis/networking.k8s.io/v1',
    'apis/rbac.authorization.k8s.io/v1',
    'apis/storage.k8s.io/v1',
  ]);
  for (const [path, { serverRelativeURL }] of Object.entries(index.paths)) {
    const doc = service.document(path)!;
    assert.equal(serverRelativeURL, `/openapi/v3/${path}?hash=${doc.hash}`);
    assert.match(doc.hash, /^[0-9A-F]{128}$/);
    assert.equal(doc.hash, hashOf(doc.body));
  }
});

test('one service per list of resources; the registry\'s entries can be passed as they are', () => {
  const types: ResourceType[] = [];
  const resources: readonly OpenAPIResource[] = types; // a compile-time check: ResourceType fits
  assert.deepEqual(createOpenAPIV3Service(resources).paths(), []);
  assert.equal(openAPIV3ServiceFor(served), openAPIV3ServiceFor(served));
  assert.notEqual(openAPIV3ServiceFor(served), openAPIV3ServiceFor([...served]));
});

test('a document changes hash when its content changes, and only then', () => {
  const same = createOpenAPIV3Service(served, { serverVersion: 'v1.32.0' });
  assert.equal(same.document('apis/apps/v1')!.hash, service.document('apis/apps/v1')!.hash);
  assert.equal(same.index().hash, service.index().hash);
  const fewer = createOpenAPIV3Service(served.filter((resource) => resource.kind !== 'DaemonSet'), { serverVersion: 'v1.32.0' });
  assert.notEqual(fewer.document('apis/apps/v1')!.hash, service.document('apis/apps/v1')!.hash);
  assert.equal(fewer.document('apis/batch/v1')!.hash, service.document('apis/batch/v1')!.hash);
  assert.notEqual(fewer.index().hash, service.index().hash);
});

test('every served kind has a PATCH tagged with its kind and taking fieldValidation, as kubectl apply requires', () => {
  for (const resource of served) {
    const path = resource.group ? `apis/${resource.group}/${resource.version}` : `api/${resource.version}`;
    const doc = document(path);
    const gvk = { group: resource.group, kind: resource.kind, version: resource.version };
    // kubectl takes the first PATCH tagged with the kind, in any order: every one must do.
    const patches = Object.values(doc.paths).flatMap((item) => (item.patch && JSON.stringify(item.patch['x-kubernetes-group-version-kind']) === JSON.stringify(gvk) ? [item.patch] : []));
    assert.ok(patches.length >= 1, `${resource.kind}: no PATCH operation`);
    for (const patch of patches) {
      assert.equal(patch['x-kubernetes-action'], 'patch');
      assert.ok(patch.parameters!.some((p) => p.name === 'fieldValidation' && p.in === 'query'), `${resource.kind}: ${patch.operationId} lacks fieldValidation`);
    }
    assert.equal(patches.length, resource.subresources.status ? 2 : 1, resource.kind);
    // The schema kubectl explain and apply look the kind up by.
    const schemas = Object.values(doc.components.schemas).filter((schema) => schema['x-kubernetes-group-version-kind']?.some((k) => JSON.stringify(k) === JSON.stringify(gvk)));
    assert.equal(schemas.length, 1, resource.kind);
  }
});

test('the operations of a namespaced resource, and the scale subresource', () => {
  const doc = document('apis/apps/v1');
  const collection = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments']!;
  const named = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}']!;
  const id = (item: PathItem) => Object.fromEntries(operations(item).map(([method, op]) => [method, [op.operationId, op['x-kubernetes-action']]]));
  assert.deepEqual(id(collection), {
    get: ['listAppsV1NamespacedDeployment', 'list'],
    post: ['createAppsV1NamespacedDeployment', 'post'],
    delete: ['deleteAppsV1CollectionNamespacedDeployment', 'deletecollection'],
  });
  assert.deepEqual(id(named), {
    get: ['readAppsV1NamespacedDeployment', 'get'],
    put: ['replaceAppsV1NamespacedDeployment', 'put'],
    patch: ['patchAppsV1NamespacedDeployment', 'patch'],
    delete: ['deleteAppsV1NamespacedDeployment', 'delete'],
  });
  assert.equal(doc.paths['/apis/apps/v1/deployments']!.get!.operationId, 'listAppsV1DeploymentForAllNamespaces');
  assert.ok(doc.paths['/apis/apps/v1/watch/namespaces/{namespace}/deployments/{name}']!.get);
  assert.deepEqual(
    named.parameters!.map((p) => [p.name, p.in]),
    [['name', 'path'], ['namespace', 'path'], ['pretty', 'query']],
  );
  const post = collection.post!;
  assert.deepEqual(post.parameters!.map((p) => p.name), ['dryRun', 'fieldManager', 'fieldValidation']);
  assert.equal(post.responses['201']!.content!['application/json']!.schema.$ref, '#/components/schemas/io.k8s.api.apps.v1.Deployment');
  assert.equal(collection.get!.responses['200']!.content!['application/json']!.schema.$ref, '#/components/schemas/io.k8s.api.apps.v1.DeploymentList');
  assert.deepEqual(Object.keys(named.patch!.requestBody!.content).sort(), ['application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json']);

  const scale = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale']!;
  assert.deepEqual(scale.patch!['x-kubernetes-group-version-kind'], { group: 'autoscaling', kind: 'Scale', version: 'v1' });
  assert.equal(scale.patch!.operationId, 'patchAppsV1NamespacedDeploymentScale');
  assert.ok(doc.components.schemas['io.k8s.api.autoscaling.v1.Scale']);
  const statusPatch = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}/status']!.patch!;
  assert.deepEqual(statusPatch['x-kubernetes-group-version-kind'], { group: 'apps', kind: 'Deployment', version: 'v1' });
  assert.equal(doc.info.version, 'v1.32.0');
  assert.equal(doc.openapi, '3.0.0');
});

test('cluster-scoped resources have no namespace in their paths; verbs limit the operations', () => {
  const doc = document('api/v1');
  assert.ok(doc.paths['/api/v1/nodes/{name}']!.patch);
  assert.ok(!doc.paths['/api/v1/nodes/{name}']!.parameters!.some((p) => p.name === 'namespace'));
  assert.equal(doc.paths['/api/v1/namespaces/{name}']!.get!.operationId, 'readCoreV1Namespace');
  assert.equal(doc.paths['/api/v1/namespaces/{namespace}/pods']!.get!.operationId, 'listCoreV1NamespacedPod');
  const readOnly = buildDocument([{ ...r('', 'v1', 'Event', 'events'), verbs: ['get', 'list'] }]);
  const methods = Object.entries(readOnly.paths).flatMap(([path, item]) => operations(item).map(([method]) => `${method} ${path}`));
  assert.deepEqual(methods.sort(), ['get /api/v1/', 'get /api/v1/events', 'get /api/v1/namespaces/{namespace}/events', 'get /api/v1/namespaces/{namespace}/events/{name}']);
});

test('each document holds every definition it refers to, and no more than its kinds reach', () => {
  for (const path of service.paths()) {
    const doc = document(path);
    const schemas = doc.components.schemas;
    const refs = new Set<string>();
    for (const item of Object.values(doc.paths)) {
      for (const [, op] of operations(item)) collectRefs(op, refs);
    }
    for (const schema of Object.values(schemas)) directRefs(schema, refs);
    for (const name of refs) assert.ok(schemas[name], `${path}: ${name} is referred to but not included`);
  }
  const coordination = document('apis/coordination.k8s.io/v1');
  assert.ok(!coordination.components.schemas['io.k8s.api.core.v1.PodSpec']);
  assert.ok(coordination.components.schemas['io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime']);
});

function collectRefs(op: Operation, into: Set<string>): void {
  const schemas: Schema[] = [];
  for (const response of Object.values(op.responses)) for (const media of Object.values(response.content ?? {})) schemas.push(media.schema);
  for (const media of Object.values(op.requestBody?.content ?? {})) schemas.push(media.schema);
  for (const schema of schemas) directRefs(schema, into);
}
