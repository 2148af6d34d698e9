// The garbage-collector and namespace controllers against a real `minato server` (its own
// controllers off): background cascade, foreground deletion (the owner stays, marked, until its
// blocking dependents are gone), orphaning (dependents live on without the reference), a
// namespaced dependent naming a cluster-scoped owner, and a namespace emptied then deleted.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ConfigMap, Namespace, Node } from 'kubernetes-types/core/v1.js';
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import { isNotFound, ResourceClient, resources } from '../../client/index.ts';
import { ControllerTestCluster } from '../../../../test/helpers/controller-test-cluster.ts';

describe('garbage collector and namespace controllers', { timeout: 90_000 }, () => {
  const cluster = new ControllerTestCluster();
  let configMaps: ResourceClient<ConfigMap>;
  let namespaces: ResourceClient<Namespace>;
  let nodes: ResourceClient<Node>;

  before(async () => {
    await cluster.start(['garbage-collector', 'namespace', 'replicaset']);
    configMaps = new ResourceClient(cluster.rest, resources.configMaps);
    namespaces = new ResourceClient(cluster.rest, resources.namespaces);
    nodes = new ResourceClient(cluster.rest, resources.nodes);
    await cluster.namespace('gc');
  });
  after(() => cluster.stop());

  const refTo = (owner: { metadata?: { name?: string; uid?: string } }, kind = 'ConfigMap', block = true): OwnerReference => ({ apiVersion: 'v1', kind, name: owner.metadata!.name!, uid: owner.metadata!.uid!, ...(block ? { blockOwnerDeletion: true } : {}) });
  const gone = (name: string, namespace = 'gc') => configMaps.get(namespace, name).then(() => false, (err: unknown) => isNotFound(err));
  const make = (name: string, ownerReferences?: OwnerReference[], finalizers?: string[]) =>
    configMaps.create('gc', { metadata: { name, ...(ownerReferences ? { ownerReferences } : {}), ...(finalizers ? { finalizers } : {}) }, data: { a: 'b' } });

  test('background: the dependents of a deleted owner are deleted, down the tree', async () => {
    const owner = await make('bg-owner');
    const child = await make('bg-child', [refTo(owner)]);
    await make('bg-grandchild', [refTo(child)]);
    const other = await make('bg-other-owner');
    await make('bg-shared', [refTo(owner), refTo(other)]);
    await configMaps.delete('gc', 'bg-owner');
    await cluster.until('the child and grandchild collected', async () => (await gone('bg-child')) && (await gone('bg-grandchild')));
    // A dependent with another owner alive stays, and no longer names the gone owner.
    const shared = await cluster.until('the dead reference removed', async () => {
      const object = await configMaps.get('gc', 'bg-shared');
      return object.metadata?.ownerReferences?.length === 1 ? object : undefined;
    });
    assert.equal(shared.metadata?.ownerReferences?.[0]?.uid, other.metadata?.uid);
  });

  test('a dependent created after its owner is gone is collected; one naming a live owner stays', async () => {
    const owner = await make('late-owner');
    await configMaps.delete('gc', 'late-owner');
    await make('late-child', [refTo(owner)]);
    const alive = await make('alive-owner');
    await make('alive-child', [refTo(alive)]);
    await cluster.until('the late child collected', () => gone('late-child'));
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(await gone('alive-child'), false);
  });

  test('foreground: the owner stays marked until its blocking dependents are gone', async () => {
    const owner = await make('fg-owner');
    await make('fg-child', [refTo(owner)], ['example.com/hold']);
    await configMaps.delete('gc', 'fg-owner', { propagationPolicy: 'Foreground' });
    await cluster.until('the dependent marked for deletion', async () => Boolean((await configMaps.get('gc', 'fg-child')).metadata?.deletionTimestamp));
    await new Promise((resolve) => setTimeout(resolve, 500));
    const waiting = await configMaps.get('gc', 'fg-owner');
    assert.ok(waiting.metadata?.deletionTimestamp, 'the owner is visible, marked for deletion');
    assert.deepEqual(waiting.metadata?.finalizers, ['foregroundDeletion']);
    await configMaps.patch('gc', 'fg-child', 'merge', { metadata: { finalizers: null } });
    await cluster.until('the owner goes once its dependent is gone', async () => (await gone('fg-owner')) && (await gone('fg-child')));
  });

  test('orphan: the dependents live on without the reference', async () => {
    const owner = await make('orphan-owner');
    const other = await make('orphan-other');
    await make('orphan-child', [refTo(owner)]);
    await make('orphan-two-owners', [refTo(owner), refTo(other)]);
    await configMaps.delete('gc', 'orphan-owner', { propagationPolicy: 'Orphan' });
    await cluster.until('the owner gone', () => gone('orphan-owner'));
    const child = await configMaps.get('gc', 'orphan-child');
    assert.equal(child.metadata?.ownerReferences, undefined);
    const two = await configMaps.get('gc', 'orphan-two-owners');
    assert.deepEqual(two.metadata?.ownerReferences?.map((reference) => reference.uid), [other.metadata?.uid]);
  });

  test('a namespaced dependent of a cluster-scoped owner goes with it', async () => {
    const node = await nodes.create(undefined, { metadata: { name: 'gc-node' } });
    await make('of-node', [{ apiVersion: 'v1', kind: 'Node', name: 'gc-node', uid: node.metadata!.uid! }]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(await gone('of-node'), false, 'kept while the node exists');
    await nodes.delete(undefined, 'gc-node');
    await cluster.until('the dependent of the node collected', () => gone('of-node'));
  });

  test('namespace deletion: the content is removed, then the namespace', async () => {
    await cluster.namespace('doomed');
    await configMaps.create('doomed', { metadata: { name: 'one' } });
    await configMaps.create('doomed', { metadata: { name: 'held', finalizers: ['example.com/hold'] } });
    await cluster.replicaSets.create('doomed', {
      metadata: { name: 'web' },
      spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } },
    });
    await cluster.until('the replica set has its pods', async () => (await cluster.podsIn('doomed')).length === 2);
    await namespaces.delete(undefined, 'doomed');
    const terminating = await namespaces.get(undefined, 'doomed');
    assert.equal(terminating.status?.phase, 'Terminating');
    const reported = await cluster.until('the held object reported', async () => {
      const namespace = await namespaces.get(undefined, 'doomed');
      return namespace.status?.conditions?.find((condition) => condition.type === 'NamespaceFinalizersRemaining' && condition.status === 'True');
    });
    assert.equal(reported.message, 'Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances');
    assert.equal((await cluster.podsIn('doomed')).length, 0);
    assert.equal(await gone('one', 'doomed'), true);
    await configMaps.patch('doomed', 'held', 'merge', { metadata: { finalizers: null } });
    await cluster.until('the namespace deleted', async () => namespaces.get(undefined, 'doomed').then(() => false, (err: unknown) => isNotFound(err)));
  });
});
