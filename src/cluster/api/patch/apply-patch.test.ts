// applyPatch: the Content-Type dispatch and the errors of malformed bodies.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isMinatoError } from '../../../util/errors.ts';
import type { KubeObject } from '../resource-type.ts';
import { PatchError, applyConflictError, applyPatch } from './index.ts';
import type { JsonObject } from './json-value.ts';
import { deploymentSchema } from './testing/kube-schemas.ts';

const now = '2025-03-01T10:00:00Z';
const context = { schema: deploymentSchema, now, apiVersion: 'apps/v1' };

const live = (): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', uid: 'u1', labels: { app: 'web' } },
  spec: { replicas: 2, template: { spec: { containers: [{ name: 'web', image: 'busybox:1' }] } } },
});

const containers = (object: KubeObject) => (object.spec as { template: { spec: { containers: JsonObject[] } } }).template.spec.containers;

test('dispatches on the Content-Type, parameters ignored', () => {
  assert.equal(applyPatch('application/merge-patch+json; charset=utf-8', live(), '{"spec":{"replicas":5}}', context).object.spec!['replicas' as never], 5);
  assert.equal(applyPatch('application/json-patch+json', live(), '[{"op":"replace","path":"/spec/replicas","value":6}]', context).object.spec!['replicas' as never], 6);
  const smp = applyPatch('application/strategic-merge-patch+json', live(), new TextEncoder().encode('{"spec":{"template":{"spec":{"containers":[{"name":"side","image":"s"}]}}}}'), context);
  assert.deepEqual(containers(smp.object).map((c) => c.name), ['side', 'web']);
  // The same body as a merge patch replaces the list.
  const merge = applyPatch('application/merge-patch+json', live(), '{"spec":{"template":{"spec":{"containers":[{"name":"side","image":"s"}]}}}}', context);
  assert.deepEqual(containers(merge.object).map((c) => c.name), ['side']);
});

test('an unknown Content-Type is a 415 listing the accepted types', () => {
  assert.throws(
    () => applyPatch('application/json', live(), '{}', context),
    (err: unknown) =>
      err instanceof PatchError &&
      err.httpStatus === 415 &&
      err.status.reason === 'UnsupportedMediaType' &&
      err.message ===
        'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml',
  );
});

test('malformed bodies are 400 MinatoErrors with a clear message', () => {
  const cases: [string, string][] = [
    ['application/merge-patch+json', '{"spec":'],
    ['application/merge-patch+json', '[1,2]'],
    ['application/strategic-merge-patch+json', 'null'],
    ['application/json-patch+json', '{"op":"add"}'],
    ['application/apply-patch+yaml', 'a: [1'],
    ['application/apply-patch+yaml', '- 1\n- 2\n'],
    ['application/apply-patch+yaml', 'a: 1\n---\nb: 2\n'],
  ];
  for (const [type, body] of cases) {
    assert.throws(
      () => applyPatch(type, live(), body, { ...context, manager: 'm' }),
      (err: unknown) => isMinatoError(err, 'InvalidArgument') && err.httpStatus === 400 && /error decoding patch/.test(err.message),
      `${type} ${body}`,
    );
  }
  assert.throws(() => applyPatch('application/merge-patch+json', live(), new Uint8Array([0xff, 0xfe]), context), /invalid UTF-8/);
  // What kubectl shows is Kubernetes' Status message.
  assert.throws(() => applyPatch('application/merge-patch+json', live(), '{"spec":', context), (err: unknown) => err instanceof PatchError && err.status.message === 'invalid JSON patch');
});

test('a patch of a missing object is a 404, except an apply, which creates it', () => {
  assert.throws(() => applyPatch('application/merge-patch+json', undefined, '{}', context), (err: unknown) => isMinatoError(err, 'NotFound'));
  const yaml = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n  paused: yes\n';
  const created = applyPatch('application/apply-patch+yaml', {}, yaml, { ...context, manager: 'kubectl' });
  assert.deepEqual(created.object.spec, { replicas: 3, paused: true });
  assert.equal((created.object.metadata?.managedFields as unknown as JsonObject[])[0]!.operation, 'Apply');
});

test('non-apply patches with a field manager are recorded as Updates', () => {
  const tracked = applyPatch('application/apply-patch+yaml', {}, JSON.stringify({ ...live(), metadata: { name: 'web' } }), { ...context, manager: 'kubectl' }).object;
  tracked.metadata = { ...tracked.metadata, uid: 'u1' };
  const result = applyPatch('application/merge-patch+json', tracked, '{"metadata":{"labels":{"tier":"x"}}}', { ...context, manager: 'kubectl-label' }).object;
  const label = (result.metadata?.managedFields as unknown as JsonObject[]).find((e) => e.manager === 'kubectl-label');
  // The labels map is new (the applied object had none), so the writer owns it too (".").
  assert.deepEqual(label?.fieldsV1, { 'f:metadata': { 'f:labels': { '.': {}, 'f:tier': {} } } });
});

test('apply conflicts come back in the result, ready for applyConflictError', () => {
  const tracked = applyPatch('application/apply-patch+yaml', {}, JSON.stringify({ ...live(), metadata: { name: 'web' } }), { ...context, manager: 'a' }).object;
  const result = applyPatch('application/apply-patch+yaml', tracked, JSON.stringify({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 9 } }), { ...context, manager: 'b' });
  assert.equal(applyConflictError(result.conflicts!).message, 'Apply failed with 1 conflict: conflict with "a": .spec.replicas');
  const forced = applyPatch('application/apply-patch+yaml', tracked, JSON.stringify({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 9 } }), { ...context, manager: 'b', force: true });
  assert.equal(forced.conflicts, undefined);
  assert.equal((forced.object.spec as JsonObject).replicas, 9);
});

test('the original is never changed', () => {
  const original = live();
  const snapshot = structuredClone(original);
  applyPatch('application/json-patch+json', original, '[{"op":"remove","path":"/spec"}]', context);
  applyPatch('application/merge-patch+json', original, '{"spec":null}', { ...context, manager: 'm' });
  applyPatch('application/strategic-merge-patch+json', original, '{"spec":{"$patch":"delete"}}', context);
  applyPatch('application/apply-patch+yaml', original, JSON.stringify({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' } }), { ...context, manager: 'm' });
  assert.deepEqual(original, snapshot);
});
