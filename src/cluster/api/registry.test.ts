import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allResources, groupVersions, resourceFor, resourceForKind } from './registry.ts';

test('lookups by group, version and plural, and by group and kind', () => {
  assert.equal(resourceFor('', 'v1', 'pods')?.kind, 'Pod');
  assert.equal(resourceFor('apps', 'v1', 'deployments')?.kind, 'Deployment');
  assert.equal(resourceFor('autoscaling', 'v2', 'horizontalpodautoscalers')?.kind, 'HorizontalPodAutoscaler');
  assert.equal(resourceFor('apps', 'v1', 'pods'), undefined);
  assert.equal(resourceFor('', 'v1', 'deployments'), undefined);
  assert.equal(resourceFor('autoscaling', 'v1', 'horizontalpodautoscalers')?.storageConversion?.storageVersion, 'v2');
  assert.equal(resourceFor('autoscaling', 'v1', 'scales'), undefined);
  assert.equal(resourceFor('policy', 'v1', 'poddisruptionbudgets')?.kind, 'PodDisruptionBudget');
  assert.equal(resourceFor('scheduling.k8s.io', 'v1', 'priorityclasses')?.kind, 'PriorityClass');
  assert.equal(resourceForKind('batch', 'CronJob')?.plural, 'cronjobs');
  // A kind served in two versions is found by kind at the preferred one.
  assert.equal(resourceForKind('autoscaling', 'HorizontalPodAutoscaler')?.version, 'v2');
  assert.equal(resourceForKind('', 'Deployment'), undefined);
});

// What `kubectl api-resources` shows for these kinds on a Kubernetes 1.32 cluster.
const apiResources: [string, string, string, boolean, string[]][] = [
  // [group, plural, shortNames, namespaced, categories]
  ['', 'configmaps', 'cm', true, []],
  ['', 'endpoints', 'ep', true, []],
  ['', 'events', 'ev', true, []],
  ['', 'limitranges', 'limits', true, []],
  ['', 'namespaces', 'ns', false, []],
  ['', 'nodes', 'no', false, []],
  ['', 'persistentvolumeclaims', 'pvc', true, []],
  ['', 'persistentvolumes', 'pv', false, []],
  ['', 'pods', 'po', true, ['all']],
  ['', 'resourcequotas', 'quota', true, []],
  ['', 'secrets', '', true, []],
  ['', 'serviceaccounts', 'sa', true, []],
  ['', 'services', 'svc', true, ['all']],
  ['apps', 'daemonsets', 'ds', true, ['all']],
  ['apps', 'deployments', 'deploy', true, ['all']],
  ['apps', 'replicasets', 'rs', true, ['all']],
  ['apps', 'statefulsets', 'sts', true, ['all']],
  ['autoscaling', 'horizontalpodautoscalers', 'hpa', true, ['all']],
  ['batch', 'cronjobs', 'cj', true, ['all']],
  ['batch', 'jobs', '', true, ['all']],
  ['certificates.k8s.io', 'certificatesigningrequests', 'csr', false, []],
  ['networking.k8s.io', 'ingressclasses', '', false, []],
  ['networking.k8s.io', 'ingresses', 'ing', true, []],
  ['policy', 'poddisruptionbudgets', 'pdb', true, []],
  ['rbac.authorization.k8s.io', 'clusterrolebindings', '', false, []],
  ['rbac.authorization.k8s.io', 'clusterroles', '', false, []],
  ['rbac.authorization.k8s.io', 'rolebindings', '', true, []],
  ['rbac.authorization.k8s.io', 'roles', '', true, []],
  ['storage.k8s.io', 'storageclasses', 'sc', false, []],
  ['scheduling.k8s.io', 'priorityclasses', 'pc', false, []],
  ['coordination.k8s.io', 'leases', '', true, []],
  ['discovery.k8s.io', 'endpointslices', '', true, []],
];

test('every kind kubectl knows, with its short names, scope and categories', () => {
  // HorizontalPodAutoscalers are served twice (autoscaling/v2 and v1), alike in all of these.
  assert.equal(allResources().length, apiResources.length + 1);
  for (const [group, plural, shortNames, namespaced, categories] of apiResources) {
    const types = allResources().filter((candidate) => candidate.group === group && candidate.plural === plural);
    assert.ok(types.length > 0, `${plural}.${group}`);
    for (const type of types) {
    assert.deepEqual(type.shortNames, shortNames ? [shortNames] : [], plural);
    assert.equal(type.namespaced, namespaced, plural);
    assert.deepEqual(type.categories, categories, plural);
    const expectedVerbs = plural === 'namespaces' ? ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] : ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
    assert.deepEqual(type.verbs, expectedVerbs, plural);
    }
  }
});

test('status, approval and scale subresources', () => {
  const withStatus = allResources().filter((type) => type.subresources.status).map((type) => type.plural).sort();
  assert.deepEqual(withStatus, [
    'certificatesigningrequests', 'cronjobs', 'daemonsets', 'deployments', 'horizontalpodautoscalers', 'horizontalpodautoscalers', 'ingresses', 'jobs', 'namespaces', 'nodes',
    'persistentvolumeclaims', 'persistentvolumes', 'poddisruptionbudgets', 'pods', 'replicasets', 'resourcequotas', 'services', 'statefulsets',
  ]);
  const withScale = allResources().filter((type) => type.subresources.scale).map((type) => type.plural).sort();
  assert.deepEqual(withScale, ['deployments', 'replicasets', 'statefulsets']);
  assert.deepEqual(allResources().filter((type) => type.subresources.approval).map((type) => type.plural), ['certificatesigningrequests']);
});

test('served group versions, core first, each preferring its first version (autoscaling: v2)', () => {
  assert.deepEqual(groupVersions(), [
    { group: '', versions: ['v1'], preferredVersion: 'v1' },
    { group: 'apps', versions: ['v1'], preferredVersion: 'v1' },
    { group: 'autoscaling', versions: ['v2', 'v1'], preferredVersion: 'v2' },
    { group: 'batch', versions: ['v1'], preferredVersion: 'v1' },
    { group: 'certificates.k8s.io', versions: ['v1'], preferredVersion: 'v1' },
    { group: 'networking.k8s.io', versions: ['v1'], preferredVersion: 'v1' },
    { group: 'policy', versions: ['v1'], preferredVersion: 'v1' },
    { group: 'rbac.authorization.k8s.io', versions: ['v1'], preferredVersion: 'v1' },
    { group: 'storage.k8s.io', versions: ['v1'], preferredVersion: 'v1' },
    { group: 'scheduling.k8s.io', versions: ['v1'], preferredVersion: 'v1' },
    { group: 'coordination.k8s.io', versions: ['v1'], preferredVersion: 'v1' },
    { group: 'discovery.k8s.io', versions: ['v1'], preferredVersion: 'v1' },
  ]);
});

test('every kind: a table whose first column is the name (events excepted), one cell per column, and a list kind', () => {
  const now = new Date('2025-03-01T12:00:00Z');
  for (const type of allResources()) {
    assert.equal(type.listKind, `${type.kind}List`);
    assert.equal(type.singular, type.kind.toLowerCase());
    const object = { metadata: { name: 'x', namespace: type.namespaced ? 'default' : undefined, creationTimestamp: '2025-03-01T11:00:00Z' } };
    type.defaults(object);
    assert.equal(type.table.row(object, now).length, type.table.columns.length, type.kind);
    if (type.kind !== 'Event') assert.equal(type.table.columns[0]!.name, 'Name', type.kind);
    for (const column of type.table.columns) assert.ok([0, 1].includes(column.priority) && column.description.length > 0, `${type.kind} ${column.name}`);
  }
});
