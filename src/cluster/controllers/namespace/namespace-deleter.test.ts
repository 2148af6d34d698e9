import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Namespace } from 'kubernetes-types/core/v1.js';
import { type DiscoveredResource, describeResource } from '../../client/index.ts';
import { conditionsDiffer, type DeletionPass, namespaceConditions } from './namespace-conditions.ts';
import { finalized, namespacedContent, needsDeletion, tallyRemaining } from './namespaced-resources-deleter.ts';

const resource = (group: string, plural: string, namespaced: boolean, verbs: string[]): DiscoveredResource => ({ descriptor: describeResource(group, 'v1', plural, plural, namespaced), verbs });
const emptyPass = (): DeletionPass => ({ discoveryFailures: [], deletionFailures: [], remainingByResource: new Map(), remainingByFinalizer: new Map() });

test('a namespace needs emptying while it is marked for deletion and holds the kubernetes finalizer', () => {
  const namespace = (deleting: boolean, finalizers: string[]): Namespace => ({ metadata: { name: 'n', ...(deleting ? { deletionTimestamp: '2025-01-01T00:00:00Z' } : {}) }, spec: { finalizers } });
  assert.equal(needsDeletion(namespace(true, ['kubernetes'])), true);
  assert.equal(needsDeletion(namespace(false, ['kubernetes'])), false);
  assert.equal(needsDeletion(namespace(true, ['example.com/other'])), false);
});

test('the content of a namespace: namespaced resources that can be listed and deleted', () => {
  const found = namespacedContent([
    resource('', 'pods', true, ['list', 'delete', 'deletecollection']),
    resource('', 'nodes', false, ['list', 'delete']),
    resource('', 'bindings', true, ['create']),
    resource('apps', 'deployments', true, ['list', 'delete']),
  ]);
  assert.deepEqual(found.map((entry) => entry.descriptor.plural), ['pods', 'deployments']);
});

test('what is left is tallied by resource and by finalizer, with Kubernetes messages in the conditions', () => {
  const pass = emptyPass();
  tallyRemaining(pass, resource('', 'pods', true, []), [{ metadata: { name: 'a' } }, { metadata: { name: 'b', finalizers: ['example.com/hold'] } }]);
  tallyRemaining(pass, resource('apps', 'replicasets', true, []), [{ metadata: { name: 'c', finalizers: ['example.com/hold', 'foregroundDeletion'] } }]);
  tallyRemaining(pass, resource('', 'configmaps', true, []), []);
  const conditions = namespaceConditions(undefined, pass, '2025-01-01T00:00:00Z');
  const byType = Object.fromEntries(conditions.map((condition) => [condition.type, condition]));
  assert.equal(byType.NamespaceContentRemaining!.status, 'True');
  assert.equal(byType.NamespaceContentRemaining!.message, 'Some resources are remaining: pods. has 2 resource instances, replicasets.apps has 1 resource instances');
  assert.equal(byType.NamespaceFinalizersRemaining!.message, 'Some content in the namespace has finalizers remaining: example.com/hold in 2 resource instances, foregroundDeletion in 1 resource instances');
  assert.equal(byType.NamespaceDeletionDiscoveryFailure!.status, 'False');
  assert.equal(byType.NamespaceDeletionDiscoveryFailure!.reason, 'ResourcesDiscovered');
  assert.equal(conditions.length, 5);
});

test('a condition keeps its lastTransitionTime while its status stays; conditionsDiffer ignores times', () => {
  const failing = emptyPass();
  failing.discoveryFailures.push('apps/v1: refused');
  const first = namespaceConditions(undefined, failing, '2025-01-01T00:00:00Z');
  const again = namespaceConditions(first, failing, '2025-01-01T00:05:00Z');
  assert.equal(again.find((condition) => condition.type === 'NamespaceDeletionDiscoveryFailure')!.lastTransitionTime, '2025-01-01T00:00:00Z');
  assert.equal(conditionsDiffer(first, again), false);
  const recovered = namespaceConditions(again, emptyPass(), '2025-01-01T00:06:00Z');
  const discovery = recovered.find((condition) => condition.type === 'NamespaceDeletionDiscoveryFailure')!;
  assert.equal(discovery.status, 'False');
  assert.equal(discovery.lastTransitionTime, '2025-01-01T00:06:00Z');
  assert.equal(conditionsDiffer(again, recovered), true);
  assert.match(first.find((condition) => condition.type === 'NamespaceDeletionDiscoveryFailure')!.message!, /^Discovery failed for some groups, 1 failing: apps\/v1: refused$/);
});

test('finalizing removes only the kubernetes finalizer', () => {
  assert.deepEqual(finalized({ metadata: { name: 'n' }, spec: { finalizers: ['kubernetes', 'example.com/other'] } }).spec?.finalizers, ['example.com/other']);
});
