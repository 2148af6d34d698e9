import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../resource-type.ts';
import { limitRangeResource } from './limit-range.ts';
import { persistentVolumeClaimResource } from './persistent-volume-claim.ts';
import { persistentVolumeResource } from './persistent-volume.ts';
import { resourceQuotaResource } from './resource-quota.ts';
import { storageClassResource } from './storage-class.ts';
import { causes, cells, create, messages, update } from './testing.ts';

function claim(spec: Record<string, unknown> = {}): KubeObject {
  return { metadata: { name: 'data', namespace: 'default' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: 'local', ...spec } };
}

test('a new claim is Pending, a filesystem, and shows no capacity until bound', () => {
  const { object, errors } = create(persistentVolumeClaimResource, claim());
  assert.deepEqual(errors, []);
  assert.equal((object.spec as { volumeMode: string }).volumeMode, 'Filesystem');
  assert.deepEqual(object.status, { phase: 'Pending' });
  assert.deepEqual(cells(persistentVolumeClaimResource, object), {
    Name: 'data',
    Status: 'Pending',
    Volume: '',
    Capacity: '',
    'Access Modes': '',
    StorageClass: 'local',
    VolumeAttributesClass: '<unset>',
    Age: '60m',
    VolumeMode: 'Filesystem',
  });
  const bound = structuredClone(object);
  (bound.spec as { volumeName: string }).volumeName = 'pv-1';
  bound.status = { phase: 'Bound', capacity: { storage: '10Gi' }, accessModes: ['ReadWriteOnce', 'ReadWriteMany'] };
  const row = cells(persistentVolumeClaimResource, bound);
  assert.deepEqual([row.Status, row.Volume, row.Capacity, row['Access Modes']], ['Bound', 'pv-1', '10Gi', 'RWO,RWX']);
});

test('common mistakes in claims', () => {
  assert.deepEqual(messages(create(persistentVolumeClaimResource, claim({ accessModes: [] })).errors), ['spec.accessModes: Required value: at least 1 access mode is required']);
  assert.deepEqual(causes(create(persistentVolumeClaimResource, claim({ resources: {} })).errors), ['spec.resources[storage]: FieldValueRequired']);
  assert.deepEqual(messages(create(persistentVolumeClaimResource, claim({ resources: { requests: { storage: '0' } } })).errors), ['spec.resources[storage]: Invalid value: "0": must be greater than zero']);
  assert.deepEqual(causes(create(persistentVolumeClaimResource, claim({ accessModes: ['ReadWriteSometimes'] })).errors), ['spec.accessModes: FieldValueNotSupported']);
});

test('a claim\'s spec is fixed once created, but a bound claim may grow', () => {
  const stored = create(persistentVolumeClaimResource, claim()).object;
  const restyled = update(persistentVolumeClaimResource, stored, claim({ storageClassName: 'fast' }));
  assert.deepEqual(causes(restyled.errors), ['spec: FieldValueForbidden']);
  assert.match(restyled.errors[0]!.detail!, /^spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims/);
  const bound = structuredClone(stored);
  bound.status = { phase: 'Bound' };
  const grown = update(persistentVolumeClaimResource, bound, claim({ resources: { requests: { storage: '2Gi' } } }));
  assert.deepEqual(grown.errors, []);
  const shrunk = update(persistentVolumeClaimResource, bound, claim({ resources: { requests: { storage: '512Mi' } } }));
  assert.deepEqual(causes(shrunk.errors), ['spec.resources.requests.storage: FieldValueForbidden']);
});

function volume(spec: Record<string, unknown> = {}): KubeObject {
  return { metadata: { name: 'pv-1' }, spec: { capacity: { storage: '10Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/data/pv-1' }, ...spec } };
}

test('a new volume: Retain, Filesystem, Pending; the table shows its claim and class', () => {
  const { object, errors } = create(persistentVolumeResource, volume({ storageClassName: 'local' }));
  assert.deepEqual(errors, []);
  const spec = object.spec as Record<string, unknown>;
  assert.deepEqual([spec.persistentVolumeReclaimPolicy, spec.volumeMode, (spec.hostPath as { type: string }).type], ['Retain', 'Filesystem', '']);
  assert.equal((object.status as { phase: string }).phase, 'Pending');
  const bound = structuredClone(object);
  (bound.spec as Record<string, unknown>).claimRef = { namespace: 'default', name: 'data' };
  bound.status = { phase: 'Bound' };
  const row = cells(persistentVolumeResource, bound);
  assert.deepEqual([row.Capacity, row['Access Modes'], row['Reclaim Policy'], row.Status, row.Claim, row.StorageClass], ['10Gi', 'RWO', 'Retain', 'Bound', 'default/data', 'local']);
});

test('common mistakes in volumes; the source is fixed once created', () => {
  assert.deepEqual(causes(create(persistentVolumeResource, volume({ capacity: undefined })).errors), ['spec.capacity: FieldValueRequired']);
  assert.deepEqual(causes(create(persistentVolumeResource, volume({ hostPath: undefined })).errors), ['spec: FieldValueRequired']);
  assert.deepEqual(causes(create(persistentVolumeResource, volume({ nfs: { server: 'nfs', path: '/x' } })).errors), ['spec.nfs: FieldValueForbidden']);
  const stored = create(persistentVolumeResource, volume()).object;
  assert.deepEqual(causes(update(persistentVolumeResource, stored, volume({ hostPath: { path: '/elsewhere' } })).errors), ['spec.persistentvolumesource: FieldValueForbidden']);
});

test('resource quotas: hard limits are quantities; the table shows used/hard as REQUEST and LIMIT', () => {
  const { object, errors } = create(resourceQuotaResource, { metadata: { name: 'compute', namespace: 'default' }, spec: { hard: { 'requests.cpu': '1', 'limits.memory': '2048Mi', pods: '10' } } });
  assert.deepEqual(errors, []);
  assert.deepEqual((object.spec as { hard: unknown }).hard, { 'requests.cpu': '1', 'limits.memory': '2Gi', pods: '10' });
  object.status = { hard: { 'requests.cpu': '1', 'limits.memory': '2Gi', pods: '10' }, used: { 'requests.cpu': '500m', 'limits.memory': '0', pods: '2' } };
  assert.deepEqual(cells(resourceQuotaResource, object), { Name: 'compute', Age: '60m', Request: 'pods: 2/10, requests.cpu: 500m/1', Limit: 'limits.memory: 0/2Gi' });
  assert.deepEqual(causes(create(resourceQuotaResource, { metadata: { name: 'q', namespace: 'default' }, spec: { hard: { cpu: 'lots' } } }).errors), ['spec.hard[cpu]: FieldValueInvalid']);
});

test('limit ranges: container defaults fill in from max and default; NAME and CREATED AT', () => {
  const { object, errors } = create(limitRangeResource, { metadata: { name: 'limits', namespace: 'default' }, spec: { limits: [{ type: 'Container', max: { cpu: '2' }, min: { memory: '64Mi' } }] } });
  assert.deepEqual(errors, []);
  const [item] = (object.spec as { limits: Record<string, unknown>[] }).limits;
  assert.deepEqual(item!.default, { cpu: '2' });
  assert.deepEqual(item!.defaultRequest, { cpu: '2', memory: '64Mi' });
  assert.deepEqual(limitRangeResource.table.columns.map((column) => column.name), ['Name', 'Created At']);
  assert.deepEqual(limitRangeResource.table.row(object, new Date()), ['limits', '2025-03-01T11:00:00Z']);
  assert.deepEqual(causes(create(limitRangeResource, { metadata: { name: 'l', namespace: 'default' }, spec: { limits: [{ type: 'Volume' }] } }).errors), ['spec.limits[0].type: FieldValueNotSupported']);
});

test('storage classes: Delete and Immediate by default, (default) marked, parameters fixed', () => {
  const input = { metadata: { name: 'local', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }, provisioner: 'rancher.io/local-path', parameters: { path: '/data' } };
  const { object, errors } = create(storageClassResource, input);
  assert.deepEqual(errors, []);
  assert.deepEqual(cells(storageClassResource, object), {
    Name: 'local (default)',
    Provisioner: 'rancher.io/local-path',
    ReclaimPolicy: 'Delete',
    VolumeBindingMode: 'Immediate',
    AllowVolumeExpansion: false,
    Age: '60m',
  });
  assert.deepEqual(messages(update(storageClassResource, object, { ...input, parameters: { path: '/other' } }).errors), ['parameters: Forbidden: updates to parameters are forbidden.']);
  assert.deepEqual(causes(create(storageClassResource, { metadata: { name: 'x' } }).errors), ['provisioner: FieldValueRequired']);
});
