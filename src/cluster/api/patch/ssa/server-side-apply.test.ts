// Server-side apply: ownership, conflicts, force, removal, and the FieldsV1 Kubernetes writes.
// Expected field sets follow structured-merge-diff's rules: list items and map entries are
// owned as fields of their own ("." when they also have children), struct fields only
// through their leaves, atomic values as one leaf.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../resource-type.ts';
import type { JsonObject } from '../json-value.ts';
import { PatchError } from '../patch-errors.ts';
import { deploymentSchema } from '../testing/kube-schemas.ts';
import { applyConflictError } from './conflicts.ts';
import { recordUpdate } from './record-update.ts';
import { applyServerSide } from './server-side-apply.ts';

const now = '2025-03-01T10:00:00.123Z';
const later = '2025-03-01T11:00:00Z';

function config(options: { replicas?: number; image?: string; labels?: Record<string, string>; extra?: JsonObject } = {}): JsonObject {
  const spec: JsonObject = {
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: options.image ?? 'busybox:1' }] } },
  };
  if (options.replicas !== undefined) spec.replicas = options.replicas;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', ...(options.labels ? { labels: options.labels } : {}) },
    spec: { ...spec, ...(options.extra ?? {}) },
  };
}

function apply(live: KubeObject | undefined, applied: JsonObject, manager = 'kubectl', force = false, time = now) {
  return applyServerSide({ live, applied, manager, force, schema: deploymentSchema, now: time, apiVersion: 'apps/v1' });
}

/** Stored objects get a uid, as the API server gives them. */
function stored(object: KubeObject): KubeObject {
  return { ...object, metadata: { ...object.metadata, uid: 'uid-1', resourceVersion: '1' } } as KubeObject;
}

function entries(object: KubeObject): JsonObject[] {
  return (object.metadata?.managedFields ?? []) as unknown as JsonObject[];
}

function entry(object: KubeObject, manager: string): JsonObject | undefined {
  return entries(object).find((e) => e.manager === manager);
}

const webContainerFields = { 'k:{"name":"web"}': { '.': {}, 'f:image': {}, 'f:name': {} } };

test('an apply to a missing object creates it, owned by the applier (FieldsV1 as Kubernetes writes it)', () => {
  const result = apply(undefined, config({ replicas: 2, labels: { app: 'web' } }));
  assert.equal(result.conflicts, undefined);
  const object = result.object;
  assert.equal((object.spec as JsonObject).replicas, 2);
  assert.deepEqual(entries(object), [
    {
      manager: 'kubectl',
      operation: 'Apply',
      apiVersion: 'apps/v1',
      time: '2025-03-01T10:00:00Z',
      fieldsType: 'FieldsV1',
      fieldsV1: {
        'f:metadata': { 'f:labels': { 'f:app': {} } },
        'f:spec': {
          'f:replicas': {},
          'f:selector': {},
          'f:template': { 'f:metadata': { 'f:labels': { 'f:app': {} } }, 'f:spec': { 'f:containers': webContainerFields } },
        },
      },
    },
  ]);
  // Keys are written in structured-merge-diff's order.
  assert.equal(
    JSON.stringify(entries(object)[0]!.fieldsV1),
    '{"f:metadata":{"f:labels":{"f:app":{}}},"f:spec":{"f:replicas":{},"f:selector":{},"f:template":{"f:metadata":{"f:labels":{"f:app":{}}},"f:spec":{"f:containers":{"k:{\\"name\\":\\"web\\"}":{".":{},"f:image":{},"f:name":{}}}}}}}',
  );
});

test('an empty live object ({}) counts as missing', () => {
  const result = apply({} as KubeObject, config({ replicas: 1 }));
  assert.equal(entries(result.object).length, 1);
});

test('applying the same configuration twice changes nothing, time included', () => {
  const first = stored(apply(undefined, config({ replicas: 2 })).object);
  const second = apply(first, config({ replicas: 2 }), 'kubectl', false, later);
  assert.equal(second.conflicts, undefined);
  assert.deepEqual(second.object, first);
});

test('a changed configuration updates the object and the entry time', () => {
  const first = stored(apply(undefined, config({ replicas: 2 })).object);
  const second = apply(first, config({ replicas: 2, image: 'busybox:2' }), 'kubectl', false, later).object;
  const spec = second.spec as { template: { spec: { containers: JsonObject[] } } };
  assert.equal(spec.template.spec.containers[0]!.image, 'busybox:2');
  assert.equal(entry(second, 'kubectl')!.time, later);
});

test('a field the applier stops applying is removed', () => {
  const first = stored(apply(undefined, config({ replicas: 2, labels: { app: 'web', tier: 'x' } })).object);
  const second = apply(first, config({ labels: { app: 'web' } })).object;
  assert.equal((second.spec as JsonObject).replicas, undefined);
  assert.deepEqual(second.metadata?.labels, { app: 'web' });
  assert.deepEqual((entry(second, 'kubectl')!.fieldsV1 as JsonObject)['f:metadata'], { 'f:labels': { 'f:app': {} } });
});

test('a field the applier stops applying stays when another manager owns it', () => {
  const first = stored(apply(undefined, config({ replicas: 2 })).object);
  // Another applier claims replicas with the same value: shared ownership, no conflict.
  const shared = apply(first, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 2 } }, 'autoscaler');
  assert.equal(shared.conflicts, undefined);
  const second = apply(stored(shared.object), config({})).object;
  assert.equal((second.spec as JsonObject).replicas, 2);
  assert.deepEqual(entry(second, 'autoscaler')!.fieldsV1, { 'f:spec': { 'f:replicas': {} } });
  assert.equal(((entry(second, 'kubectl')!.fieldsV1 as JsonObject)['f:spec'] as JsonObject)['f:replicas'], undefined);
});

test('a list item the applier stops applying is removed, other items stay', () => {
  const two = config({ replicas: 1 });
  (two.spec as { template: { spec: { containers: JsonObject[] } } }).template.spec.containers.push({ name: 'sidecar', image: 'side:1' });
  const first = stored(apply(undefined, two).object);
  const second = apply(first, config({ replicas: 1 })).object;
  assert.deepEqual((second.spec as { template: { spec: { containers: JsonObject[] } } }).template.spec.containers, [{ name: 'web', image: 'busybox:1' }]);
});

test('conflict with kubectl scale; --force-conflicts moves ownership', () => {
  const created = stored(apply(undefined, config({ replicas: 2 })).object);
  // kubectl scale: a merge patch of /scale, recorded as an Update by "kubectl" on the scale subresource.
  const scaled = recordUpdate({
    old: created,
    updated: { ...created, spec: { ...(created.spec as JsonObject), replicas: 5 } },
    manager: 'kubectl',
    now: later,
    apiVersion: 'apps/v1',
    subresource: 'scale',
    schema: deploymentSchema,
  });
  assert.deepEqual(entry(scaled, 'kubectl') && entries(scaled).find((e) => e.operation === 'Update'), {
    manager: 'kubectl',
    operation: 'Update',
    apiVersion: 'apps/v1',
    time: later,
    fieldsType: 'FieldsV1',
    fieldsV1: { 'f:spec': { 'f:replicas': {} } },
    subresource: 'scale',
  });

  const result = apply(scaled, config({ replicas: 3 }));
  assert.ok(result.conflicts);
  assert.deepEqual(result.object, scaled, 'nothing changes on a conflict');
  const error = applyConflictError(result.conflicts);
  assert.equal(error.httpStatus, 409);
  assert.equal(error.message, 'Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps/v1: .spec.replicas');
  assert.deepEqual(error.status.details, { causes: [{ reason: 'FieldManagerConflict', message: 'conflict with "kubectl" with subresource "scale" using apps/v1', field: '.spec.replicas' }] });
  assert.equal(String(result.conflicts[0]), 'conflict with "kubectl" with subresource "scale" using apps/v1: .spec.replicas');

  const forced = apply(scaled, config({ replicas: 3 }), 'kubectl', true).object;
  assert.equal((forced.spec as JsonObject).replicas, 3);
  assert.equal(entries(forced).find((e) => e.operation === 'Update'), undefined, 'the scale entry lost its only field');
  assert.deepEqual(((entry(forced, 'kubectl')!.fieldsV1 as JsonObject)['f:spec'] as JsonObject)['f:replicas'], {});
});

test('conflict with client-side apply, in Kubernetes words', () => {
  const csa = recordUpdate({
    updated: { ...config({ replicas: 2 }), metadata: { name: 'web', namespace: 'default', uid: 'u' } },
    manager: 'kubectl-client-side-apply',
    now,
    apiVersion: 'apps/v1',
    schema: deploymentSchema,
  });
  const result = apply(csa, config({ replicas: 3 }), 'my-applier');
  assert.ok(result.conflicts);
  assert.equal(applyConflictError(result.conflicts).message, 'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas');
});

test('several conflicts are grouped by manager', () => {
  const csa = recordUpdate({ updated: { ...config({ replicas: 2 }), metadata: { name: 'web', uid: 'u' } }, manager: 'kubectl-client-side-apply', now, apiVersion: 'apps/v1', schema: deploymentSchema });
  const result = apply(csa, config({ replicas: 3, image: 'busybox:9' }), 'my-applier');
  assert.equal(
    applyConflictError(result.conflicts!).message,
    'Apply failed with 2 conflicts: conflicts with "kubectl-client-side-apply" using apps/v1:\n- .spec.replicas\n- .spec.template.spec.containers[name="web"].image',
  );
});

test('an object nobody tracked: its fields belong to "before-first-apply"', () => {
  const untracked = { ...config({ replicas: 2 }), metadata: { name: 'web', uid: 'u' } } as KubeObject;
  const result = apply(untracked, config({ replicas: 4 }), 'my-applier');
  assert.equal(applyConflictError(result.conflicts!).message, 'Apply failed with 1 conflict: conflict with "before-first-apply" using apps/v1: .spec.replicas');
  const same = apply(untracked, config({ replicas: 2 }), 'my-applier').object;
  assert.deepEqual(
    entries(same).map((e) => [e.manager, e.operation]),
    [
      ['my-applier', 'Apply'],
      ['before-first-apply', 'Update'],
    ],
  );
});

test('kubectl apply --server-side after client-side apply: fields as last applied are taken without conflict', () => {
  const manifest = config({ replicas: 2 });
  const annotation = `${JSON.stringify(manifest)}\n`;
  const csa = recordUpdate({
    updated: { ...manifest, metadata: { name: 'web', namespace: 'default', uid: 'u', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': annotation } } },
    manager: 'kubectl-client-side-apply',
    now,
    apiVersion: 'apps/v1',
    schema: deploymentSchema,
  });
  assert.deepEqual((entry(csa, 'kubectl-client-side-apply')!.fieldsV1 as JsonObject)['f:metadata'], {
    'f:annotations': { '.': {}, 'f:kubectl.kubernetes.io/last-applied-configuration': {} },
  });

  // Same user, new image: no conflict even though kubectl-client-side-apply owns the image.
  const result = apply(csa, config({ replicas: 2, image: 'busybox:2' }), 'kubectl', false, later);
  assert.equal(result.conflicts, undefined);
  const object = result.object;
  assert.equal((object.spec as { template: { spec: { containers: JsonObject[] } } }).template.spec.containers[0]!.image, 'busybox:2');
  // The annotation now records what was applied, as Go encodes it (sorted keys, newline).
  const lastApplied = object.metadata!.annotations!['kubectl.kubernetes.io/last-applied-configuration']!;
  assert.ok(lastApplied.endsWith('\n'));
  assert.deepEqual(JSON.parse(lastApplied), config({ replicas: 2, image: 'busybox:2' }));
  assert.ok(lastApplied.startsWith('{"apiVersion":"apps/v1","kind":"Deployment","metadata":'));
  // The image moved to kubectl; client-side apply keeps the rest (the annotation included).
  const csaFields = entry(object, 'kubectl-client-side-apply')!.fieldsV1 as JsonObject;
  assert.deepEqual((((((csaFields['f:spec'] as JsonObject)['f:template'] as JsonObject)['f:spec'] as JsonObject)['f:containers'] as JsonObject)['k:{"name":"web"}'] as JsonObject), { '.': {}, 'f:name': {} });

  // A field changed since the last client-side apply (scaled to 5) is a real conflict.
  const scaled = recordUpdate({ old: csa, updated: { ...csa, spec: { ...(csa.spec as JsonObject), replicas: 5 } }, manager: 'kubectl', now, apiVersion: 'apps/v1', subresource: 'scale', schema: deploymentSchema });
  const conflicting = apply(scaled, config({ replicas: 3 }), 'kubectl');
  assert.equal(applyConflictError(conflicting.conflicts!).message, 'Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps/v1: .spec.replicas');
});

test('a set (finalizers) merges by value and the applier removes only its own values', () => {
  const base = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', finalizers: ['a', 'b'] } };
  const first = stored(apply(undefined, base, 'one').object);
  const second = stored(apply(first, { ...base, metadata: { name: 'web', finalizers: ['c'] } }, 'two').object);
  assert.deepEqual(second.metadata?.finalizers, ['a', 'b', 'c']);
  assert.deepEqual(entry(second, 'two')!.fieldsV1, { 'f:metadata': { 'f:finalizers': { 'v:"c"': {} } } });
  const third = apply(second, { ...base, metadata: { name: 'web', finalizers: ['a'] } }, 'one').object;
  assert.deepEqual(third.metadata?.finalizers, ['a', 'c']);
});

test('an atomic list is replaced whole and owned as one field', () => {
  const withTolerations = (tolerations: JsonObject[]) => config({ extra: {} }) as JsonObject & { spec: { template: { spec: JsonObject } } };
  const first = withTolerations([]);
  first.spec.template.spec.tolerations = [{ key: 'a', operator: 'Exists' }];
  const created = stored(apply(undefined, first).object);
  const fields = entry(created, 'kubectl')!.fieldsV1 as { 'f:spec': { 'f:template': { 'f:spec': JsonObject } } };
  assert.deepEqual(fields['f:spec']['f:template']['f:spec']['f:tolerations'], {});
  const second = withTolerations([]);
  second.spec.template.spec.tolerations = [{ key: 'b', operator: 'Exists' }];
  const updated = apply(created, second).object as JsonObject & { spec: { template: { spec: JsonObject } } };
  assert.deepEqual(updated.spec.template.spec.tolerations, [{ key: 'b', operator: 'Exists' }]);
});

test('list-map keys take their defaults: ports without protocol match the live TCP port', () => {
  const live = stored(apply(undefined, config()).object) as JsonObject & { spec: { template: { spec: { containers: JsonObject[] } } } };
  live.spec.template.spec.containers[0]!.ports = [{ containerPort: 80, protocol: 'TCP' }];
  const next = config() as JsonObject & { spec: { template: { spec: { containers: JsonObject[] } } } };
  next.spec.template.spec.containers[0]!.ports = [{ containerPort: 80, name: 'http' }];
  const result = apply(live as KubeObject, next).object as JsonObject & { spec: { template: { spec: { containers: JsonObject[] } } } };
  assert.deepEqual(result.spec.template.spec.containers[0]!.ports, [{ containerPort: 80, protocol: 'TCP', name: 'http' }]);
  const fields = entry(result as KubeObject, 'kubectl')!.fieldsV1 as JsonObject;
  assert.match(JSON.stringify(fields), /"k:\{\\"containerPort\\":80,\\"protocol\\":\\"TCP\\"\}":\{".":\{\},"f:containerPort":\{\},"f:name":\{\}\}/);
});

test('list merge order follows the configuration for shared items and keeps live-only items in place', () => {
  const live = config();
  (live.spec as { template: { spec: { containers: JsonObject[] } } }).template.spec.containers = [
    { name: 'a', image: '1' },
    { name: 'b', image: '1' },
    { name: 'c', image: '1' },
  ];
  const created = stored(apply(undefined, live, 'other').object);
  const next = config();
  (next.spec as { template: { spec: { containers: JsonObject[] } } }).template.spec.containers = [
    { name: 'c', image: '1' },
    { name: 'd', image: '1' },
    { name: 'a', image: '1' },
  ];
  const result = apply(created, next, 'mine').object;
  assert.deepEqual(
    (result.spec as { template: { spec: { containers: JsonObject[] } } }).template.spec.containers.map((c) => c.name),
    ['b', 'c', 'd', 'a'],
  );
});

test('configuration errors', () => {
  const duplicated = config();
  (duplicated.spec as { template: { spec: { containers: JsonObject[] } } }).template.spec.containers.push({ name: 'web', image: 'x' });
  const cases: [JsonObject, string, number, RegExp][] = [
    [duplicated, 'kubectl', 422, /^\.spec\.template\.spec\.containers: duplicate entries for key \[name="web"\]$/],
    [{ ...config(), apiVersion: 'apps/v2' }, 'kubectl', 400, /^invalid object type: apps\/v2, Kind=Deployment$/],
    [{ ...config(), metadata: { name: 'web', managedFields: [] } }, 'kubectl', 400, /^metadata\.managedFields must be nil$/],
    [config(), '', 422, /fieldManager: Required value: is required for apply patch/],
  ];
  for (const [applied, manager, status, message] of cases) {
    assert.throws(
      () => applyServerSide({ live: undefined, applied, manager, force: false, schema: deploymentSchema, now, apiVersion: 'apps/v1' }),
      (err: unknown) => err instanceof PatchError && err.httpStatus === status && message.test(err.message),
      String(message),
    );
  }
  assert.throws(
    () => applyServerSide({ live: undefined, applied: config(), manager: 'm', force: false, schema: deploymentSchema, now, apiVersion: 'apps/v1', kind: 'StatefulSet' }),
    /invalid object type: apps\/v1, Kind=Deployment/,
  );
});

test('ignored fields (status on the main resource) are merged but never owned', () => {
  const withStatus = { ...config({ replicas: 1 }), status: { replicas: 1 } };
  const result = applyServerSide({ live: undefined, applied: withStatus, manager: 'm', force: false, schema: deploymentSchema, now, apiVersion: 'apps/v1', ignoredFields: [['status']] });
  assert.equal((entry(result.object, 'm')!.fieldsV1 as JsonObject)['f:status'], undefined);
});

test('inputs are never changed', () => {
  const live = stored(apply(undefined, config({ replicas: 2 })).object);
  const snapshot = structuredClone(live);
  const applied = config({ replicas: 3, image: 'x' });
  const appliedSnapshot = structuredClone(applied);
  apply(live, applied, 'kubectl', true);
  assert.deepEqual(live, snapshot);
  assert.deepEqual(applied, appliedSnapshot);
});
