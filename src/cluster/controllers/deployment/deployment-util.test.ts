import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import { equalIgnoreHash, findActiveOrLatest, findNewReplicaSet, isSaturated, maxRevision, proportionalSizes, setNewReplicaSetAnnotations } from './deployment-util.ts';
import { podTemplateHash } from './pod-template-hash.ts';

const template = (image: string, hash?: string) => ({
  metadata: { labels: { app: 'web', ...(hash ? { 'pod-template-hash': hash } : {}) } },
  spec: { containers: [{ name: 'app', image }] },
});

const rs = (name: string, replicas: number, created: string, extra: { revision?: string; image?: string; available?: number; maxReplicas?: number; desired?: number } = {}): ReplicaSet => ({
  metadata: {
    name,
    uid: name,
    creationTimestamp: created,
    annotations: {
      ...(extra.revision ? { 'deployment.kubernetes.io/revision': extra.revision } : {}),
      ...(extra.maxReplicas !== undefined ? { 'deployment.kubernetes.io/max-replicas': String(extra.maxReplicas) } : {}),
      ...(extra.desired !== undefined ? { 'deployment.kubernetes.io/desired-replicas': String(extra.desired) } : {}),
    },
  },
  spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: template(extra.image ?? 'busybox:1', name) },
  status: { replicas, availableReplicas: extra.available ?? 0 },
});

const deployment = (replicas: number, image = 'busybox:1', annotations: Record<string, string> = {}): Deployment => ({
  metadata: { name: 'web', namespace: 'ns', uid: 'd1', annotations },
  spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: template(image), strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } } },
  status: { replicas },
});

test('equalIgnoreHash: the hash label and null members (kubectl\'s creationTimestamp: null) do not count', () => {
  const withNull = { metadata: { creationTimestamp: null as unknown as string, labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'busybox:1' }] } };
  assert.ok(equalIgnoreHash(template('busybox:1', 'abc'), template('busybox:1')));
  assert.ok(equalIgnoreHash(withNull, template('busybox:1', 'x')));
  assert.ok(!equalIgnoreHash(template('busybox:1'), template('busybox:2')));
  assert.equal(podTemplateHash(withNull), podTemplateHash(template('busybox:1', 'x')));
});

test('findNewReplicaSet: the oldest one with the Deployment\'s template', () => {
  const sets = [rs('b', 1, '2024-01-02T00:00:00Z'), rs('a', 1, '2024-01-01T00:00:00Z'), rs('c', 1, '2024-01-03T00:00:00Z', { image: 'busybox:2' })];
  assert.equal(findNewReplicaSet(deployment(3), sets)?.metadata?.name, 'a');
  assert.equal(findNewReplicaSet(deployment(3, 'busybox:2'), sets)?.metadata?.name, 'c');
  assert.equal(findNewReplicaSet(deployment(3, 'busybox:9'), sets), undefined);
});

test('setNewReplicaSetAnnotations: revision raised, the old one kept in the history (a rollback); deployment annotations copied but the skipped ones', () => {
  const old = rs('a', 0, '2024-01-01T00:00:00Z', { revision: '1' });
  const d = deployment(3, 'busybox:1', { team: 'x', 'kubectl.kubernetes.io/last-applied-configuration': '{}', 'deployment.kubernetes.io/revision': '7' });
  assert.equal(setNewReplicaSetAnnotations(d, old, 3, true), true);
  assert.equal(old.metadata!.annotations!['deployment.kubernetes.io/revision'], '3');
  assert.equal(old.metadata!.annotations!['deployment.kubernetes.io/revision-history'], '1');
  assert.equal(old.metadata!.annotations!.team, 'x');
  assert.equal(old.metadata!.annotations!['kubectl.kubernetes.io/last-applied-configuration'], undefined);
  assert.equal(setNewReplicaSetAnnotations(d, old, 5, true), true);
  assert.equal(old.metadata!.annotations!['deployment.kubernetes.io/revision-history'], '1,3');
  assert.equal(setNewReplicaSetAnnotations(d, old, 5, true), false, 'nothing left to change');
  const fresh: ReplicaSet = { metadata: { name: 'new' }, spec: { replicas: 0, selector: {}, template: {} } };
  setNewReplicaSetAnnotations(deployment(4), fresh, 1, false);
  assert.deepEqual(fresh.metadata!.annotations, { 'deployment.kubernetes.io/revision': '1', 'deployment.kubernetes.io/desired-replicas': '4', 'deployment.kubernetes.io/max-replicas': '5' });
  assert.equal(maxRevision([old, fresh]), 5);
});

test('findActiveOrLatest and isSaturated', () => {
  const a = rs('a', 0, '2024-01-01T00:00:00Z');
  const b = rs('b', 0, '2024-01-02T00:00:00Z');
  const c = rs('c', 2, '2024-01-03T00:00:00Z');
  assert.equal(findActiveOrLatest(undefined, [a, b])?.metadata?.name, 'b', 'none active: the newest old one');
  assert.equal(findActiveOrLatest(a, [b])?.metadata?.name, 'a', 'none active: the new one');
  assert.equal(findActiveOrLatest(a, [b, c])?.metadata?.name, 'c', 'the only active one');
  assert.equal(findActiveOrLatest(rs('n', 1, '2024-01-04T00:00:00Z'), [c]), undefined, 'two active');
  assert.equal(isSaturated(deployment(2), rs('n', 2, 'x', { available: 2, desired: 2 })), true);
  assert.equal(isSaturated(deployment(2), rs('n', 2, 'x', { available: 1, desired: 2 })), false);
});

test('proportional scaling mid-rollout (Kubernetes\' TestScale cases)', () => {
  // 10 → 20 replicas while an old (8) and a new (5) ReplicaSet share 13 = 10 + 3 surge.
  const d = deployment(20);
  d.spec!.strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 3, maxUnavailable: 2 } };
  const old = rs('old', 8, '2024-01-01T00:00:00Z', { maxReplicas: 13 });
  const young = rs('new', 5, '2024-01-02T00:00:00Z', { maxReplicas: 13 });
  const { sizes, operation } = proportionalSizes(d, [old, young]);
  assert.equal(operation, 'up');
  assert.equal((sizes.get('old') ?? 0) + (sizes.get('new') ?? 0), 23);
  assert.deepEqual([sizes.get('old'), sizes.get('new')], [14, 9]);
  // Down to 0: everything goes.
  const zero = deployment(0);
  const down = proportionalSizes(zero, [old, young]);
  assert.equal(down.operation, 'down');
  assert.deepEqual([down.sizes.get('old'), down.sizes.get('new')], [0, 0]);
});
