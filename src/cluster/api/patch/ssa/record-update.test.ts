// managedFields for ordinary writes (create, update, non-apply patches): the Update entries
// Kubernetes records, with apimachinery's rules for what a write may send and what is kept.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../resource-type.ts';
import type { JsonObject } from '../json-value.ts';
import { deploymentSchema } from '../testing/kube-schemas.ts';
import { recordUpdate } from './record-update.ts';

const t1 = '2025-03-01T10:00:00Z';
const t2 = '2025-03-01T11:00:00Z';

const deployment = (): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default', uid: 'uid-1', resourceVersion: '7', generation: 1, creationTimestamp: t1, labels: { app: 'web' } },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'busybox:1' }] } },
  },
});

function create(manager = 'kubectl-create'): KubeObject {
  return recordUpdate({ updated: deployment(), manager, now: t1, apiVersion: 'apps/v1', schema: deploymentSchema });
}

const entries = (object: KubeObject) => (object.metadata?.managedFields ?? []) as unknown as JsonObject[];

test('a create: the creator owns every field it set, except what the server owns (name, uid, ...)', () => {
  assert.deepEqual(entries(create()), [
    {
      manager: 'kubectl-create',
      operation: 'Update',
      apiVersion: 'apps/v1',
      time: t1,
      fieldsType: 'FieldsV1',
      fieldsV1: {
        'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
        'f:spec': {
          'f:replicas': {},
          'f:selector': {},
          'f:template': { 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } }, 'f:spec': { 'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:image': {}, 'f:name': {} } } } },
        },
      },
    },
  ]);
});

test('an update: the writer takes the fields it changed from the others', () => {
  const created = create();
  const edited = structuredClone(created) as KubeObject & { spec: { replicas: number } };
  edited.spec.replicas = 4;
  const result = recordUpdate({ old: created, updated: edited, manager: 'kubectl-edit', now: t2, apiVersion: 'apps/v1', schema: deploymentSchema });
  const [creator, editor] = entries(result);
  assert.equal(creator!.manager, 'kubectl-create');
  assert.equal(((creator!.fieldsV1 as JsonObject)['f:spec'] as JsonObject)['f:replicas'], undefined);
  assert.deepEqual(editor, { manager: 'kubectl-edit', operation: 'Update', apiVersion: 'apps/v1', time: t2, fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:replicas': {} } } });
});

test('an update that changes nothing adds no entry and keeps times', () => {
  const created = create();
  const result = recordUpdate({ old: created, updated: structuredClone(created), manager: 'kubectl-edit', now: t2, apiVersion: 'apps/v1', schema: deploymentSchema });
  assert.deepEqual(result, created);
});

test('a removed field is owned by no one', () => {
  const created = create();
  const edited = structuredClone(created) as KubeObject & { metadata: { labels?: Record<string, string> } };
  delete edited.metadata.labels;
  const result = recordUpdate({ old: created, updated: edited, manager: 'kubectl-edit', now: t2, apiVersion: 'apps/v1', schema: deploymentSchema });
  assert.equal(entries(result).length, 1);
  assert.equal((entries(result)[0]!.fieldsV1 as JsonObject)['f:metadata'], undefined);
});

test('an object without managedFields stays untracked by updates', () => {
  const untracked = deployment();
  const edited = structuredClone(untracked) as KubeObject & { spec: { replicas: number } };
  edited.spec.replicas = 3;
  const result = recordUpdate({ old: untracked, updated: edited, manager: 'kubectl-edit', now: t2, apiVersion: 'apps/v1', schema: deploymentSchema });
  assert.equal(result.metadata?.managedFields, undefined);
});

test('managedFields sent with a write replace the stored ones; an empty list resets them', () => {
  const created = create();
  const replaced = structuredClone(created) as KubeObject & { metadata: { managedFields: JsonObject[] } };
  replaced.metadata.managedFields[0]!.manager = 'renamed';
  (replaced.spec as JsonObject).replicas = 9;
  const result = recordUpdate({ old: created, updated: replaced, manager: 'kubectl-replace', now: t2, apiVersion: 'apps/v1', schema: deploymentSchema });
  assert.deepEqual(
    entries(result).map((e) => e.manager),
    ['renamed', 'kubectl-replace'],
  );
  // Reset: the object is untracked afterwards (an update does not start tracking).
  const reset = structuredClone(created) as KubeObject & { metadata: { managedFields: JsonObject[] } };
  reset.metadata.managedFields = [];
  (reset.spec as JsonObject).replicas = 9;
  const cleared = recordUpdate({ old: created, updated: reset, manager: 'kubectl-replace', now: t2, apiVersion: 'apps/v1', schema: deploymentSchema });
  assert.equal(cleared.metadata?.managedFields, undefined);
});

test('a subresource write starts from the stored managedFields and is recorded with its subresource', () => {
  const created = create();
  const scaled = structuredClone(created) as KubeObject & { spec: { replicas: number } };
  scaled.spec.replicas = 5;
  (scaled.metadata as { managedFields: unknown }).managedFields = [{ manager: 'forged', operation: 'Update', apiVersion: 'apps/v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': {} } }];
  const result = recordUpdate({ old: created, updated: scaled, manager: 'kubectl', now: t2, apiVersion: 'apps/v1', subresource: 'scale', schema: deploymentSchema });
  assert.deepEqual(
    entries(result).map((e) => [e.manager, e.subresource]),
    [
      ['kubectl-create', undefined],
      ['kubectl', 'scale'],
    ],
  );
});

test('a write without a field manager is recorded as "unknown"', () => {
  const result = recordUpdate({ updated: deployment(), now: t1, apiVersion: 'apps/v1', schema: deploymentSchema });
  assert.equal(entries(result)[0]!.manager, 'unknown');
});

test('ignored fields (status on the main resource) are never owned', () => {
  const withStatus = { ...deployment(), status: { replicas: 2 } } as KubeObject;
  const result = recordUpdate({ updated: withStatus, manager: 'm', now: t1, apiVersion: 'apps/v1', schema: deploymentSchema, ignoredFields: [['status']] });
  assert.equal((entries(result)[0]!.fieldsV1 as JsonObject)['f:status'], undefined);
});

test('at most ten Update managers: the oldest merge into "ancient-changes"', () => {
  let object = create('manager-0');
  for (let i = 1; i <= 11; i++) {
    const next = structuredClone(object) as KubeObject & { metadata: { labels: Record<string, string> } };
    next.metadata.labels[`l${i}`] = 'x';
    object = recordUpdate({ old: object, updated: next, manager: `manager-${i}`, now: `2025-03-01T10:${String(i).padStart(2, '0')}:00Z`, apiVersion: 'apps/v1', schema: deploymentSchema });
  }
  const names = entries(object).map((e) => e.manager);
  assert.equal(names.length, 10);
  assert.ok(names.includes('ancient-changes'));
  assert.ok(!names.includes('manager-0') && !names.includes('manager-1') && !names.includes('manager-2'));
});

test('the inputs are not changed', () => {
  const created = create();
  const snapshot = structuredClone(created);
  const edited = structuredClone(created);
  (edited.spec as JsonObject).replicas = 1;
  const editedSnapshot = structuredClone(edited);
  recordUpdate({ old: created, updated: edited, manager: 'x', now: t2, apiVersion: 'apps/v1', schema: deploymentSchema });
  assert.deepEqual(created, snapshot);
  assert.deepEqual(edited, editedSnapshot);
});

test('recording the same write twice (e.g. again after defaulting) is recording it once', () => {
  const created = create();
  const edited = structuredClone(created) as KubeObject & { spec: { replicas: number } };
  edited.spec.replicas = 4;
  const once = recordUpdate({ old: created, updated: edited, manager: 'kubectl-edit', now: t2, apiVersion: 'apps/v1', schema: deploymentSchema });
  const twice = recordUpdate({ old: created, updated: once, manager: 'kubectl-edit', now: t2, apiVersion: 'apps/v1', schema: deploymentSchema });
  assert.deepEqual(twice, once);
});
