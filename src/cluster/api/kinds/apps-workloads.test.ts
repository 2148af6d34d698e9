import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DaemonSet, StatefulSet } from 'kubernetes-types/apps/v1.js';
import type { KubeObject } from '../resource-type.ts';
import { daemonSetResource } from './daemon-set.ts';
import { replicaSetResource } from './replica-set.ts';
import { statefulSetResource } from './stateful-set.ts';
import { causes, cells, create, update } from './testing.ts';

const template = { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'postgres:17' }] } };

function workload(kind: string, spec: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: 'apps/v1', kind, metadata: { name: 'db', namespace: 'default' }, spec: { selector: { matchLabels: { app: 'db' } }, template, ...spec } };
}

test('ReplicaSet: one replica by default, status.replicas selectable, DESIRED CURRENT READY', () => {
  const { object, errors } = create(replicaSetResource, workload('ReplicaSet'));
  assert.deepEqual(errors, []);
  assert.equal((object.spec as { replicas: number }).replicas, 1);
  assert.equal(object.metadata!.generation, 1);
  object.status = { replicas: 1, readyReplicas: 0 };
  assert.deepEqual(replicaSetResource.selectableFields!(object), { 'status.replicas': '1' });
  const row = cells(replicaSetResource, object);
  assert.deepEqual([row.Desired, row.Current, row.Ready, row.Selector], [1, 1, 0, 'app=db']);
  assert.deepEqual(causes(create(replicaSetResource, workload('ReplicaSet', { selector: {} })).errors), ['spec.selector: FieldValueInvalid']);
});

test('StatefulSet defaults: OrderedReady, rolling update from partition 0, PVCs retained, claim templates defaulted', () => {
  const { object, errors } = create(
    statefulSetResource,
    workload('StatefulSet', {
      serviceName: 'db',
      volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1024Mi' } } } }],
    }),
  );
  assert.deepEqual(errors, []);
  const spec = (object as StatefulSet).spec!;
  assert.equal(spec.podManagementPolicy, 'OrderedReady');
  assert.deepEqual(spec.updateStrategy, { type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
  assert.deepEqual(spec.persistentVolumeClaimRetentionPolicy, { whenDeleted: 'Retain', whenScaled: 'Retain' });
  assert.equal(spec.replicas, 1);
  assert.equal(spec.revisionHistoryLimit, 10);
  const claim = spec.volumeClaimTemplates![0]!;
  assert.equal(claim.spec!.volumeMode, 'Filesystem');
  assert.equal(claim.spec!.resources!.requests!.storage, '1Gi');
  assert.deepEqual(claim.status, { phase: 'Pending' });
});

test('StatefulSet: only some spec fields may change', () => {
  const stored = create(statefulSetResource, workload('StatefulSet', { serviceName: 'db' })).object;
  const scaled = structuredClone(stored);
  (scaled.spec as { replicas: number }).replicas = 3;
  assert.deepEqual(update(statefulSetResource, stored, scaled).errors, []);
  const renamed = structuredClone(stored);
  (renamed.spec as { serviceName: string }).serviceName = 'other';
  const result = update(statefulSetResource, stored, renamed);
  assert.deepEqual(causes(result.errors), ['spec: FieldValueForbidden']);
  assert.equal(
    result.errors[0]!.detail,
    "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
  );
});

test('StatefulSet: READY is ready/desired; bad policies are unsupported values', () => {
  const { object } = create(statefulSetResource, workload('StatefulSet', { replicas: 3 }));
  object.status = { replicas: 3, readyReplicas: 1 };
  assert.deepEqual(cells(statefulSetResource, object).Ready, '1/3');
  assert.deepEqual(causes(create(statefulSetResource, workload('StatefulSet', { podManagementPolicy: 'Random' })).errors), ['spec.podManagementPolicy: FieldValueNotSupported']);
});

test('DaemonSet defaults: rolling update of one node at a time, no surge; template generation annotation', () => {
  const { object, errors } = create(daemonSetResource, workload('DaemonSet'));
  assert.deepEqual(errors, []);
  const daemonSet = object as DaemonSet;
  assert.deepEqual(daemonSet.spec!.updateStrategy, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
  assert.equal(daemonSet.spec!.revisionHistoryLimit, 10);
  assert.equal(daemonSet.metadata!.annotations!['deprecated.daemonset.template.generation'], '1');
  const changed = structuredClone(object);
  (changed.spec as DaemonSet['spec'])!.template.spec!.containers[0]!.image = 'postgres:18';
  const updated = update(daemonSetResource, object, changed).object;
  assert.equal(updated.metadata!.annotations!['deprecated.daemonset.template.generation'], '2');
  assert.equal(updated.metadata!.generation, 2);
});

test('DaemonSet: both maxUnavailable and maxSurge zero is refused; the table counts nodes', () => {
  const bad = create(daemonSetResource, workload('DaemonSet', { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 0 } } }));
  assert.deepEqual(causes(bad.errors), ['spec.updateStrategy.rollingUpdate.maxUnavailable: FieldValueRequired']);
  const { object } = create(daemonSetResource, workload('DaemonSet'));
  object.status = { desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 2, updatedNumberScheduled: 3, numberAvailable: 2, numberMisscheduled: 0 };
  const row = cells(daemonSetResource, object);
  assert.deepEqual([row.Desired, row.Current, row.Ready, row['Up-to-date'], row.Available, row['Node Selector']], [3, 3, 2, 3, 2, '<none>']);
});
