import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../resource-type.ts';
import { podDisruptionBudgetResource as pdb } from './pod-disruption-budget.ts';
import { causes, cells, create, messages, update } from './testing.ts';

/** What `kubectl create pdb p1 --selector=app=x --min-available=1` sends. */
function budget(spec: Record<string, unknown> = { minAvailable: 1 }): KubeObject {
  return { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'p1', namespace: 'default' }, spec: { selector: { matchLabels: { app: 'x' } }, ...spec } };
}

test('nothing is defaulted; create resets the status to Go zero counts and starts the generation', () => {
  const { object, errors } = create(pdb, { ...budget(), status: { disruptionsAllowed: 5 } });
  assert.deepEqual(errors, []);
  assert.deepEqual(object.spec, { selector: { matchLabels: { app: 'x' } }, minAvailable: 1 });
  assert.deepEqual(object.status, { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 });
  assert.equal(object.metadata?.generation, 1);
});

test('minAvailable and maxUnavailable: one or the other, a count or a percentage up to 100%', () => {
  assert.deepEqual(messages(create(pdb, budget({ minAvailable: 1, maxUnavailable: 1 })).errors), [
    'spec: Invalid value: {"selector":{"matchLabels":{"app":"x"}},"minAvailable":1,"maxUnavailable":1}: minAvailable and maxUnavailable cannot be both set',
  ]);
  assert.deepEqual(create(pdb, budget({ maxUnavailable: '50%' })).errors, []);
  assert.deepEqual(create(pdb, budget({ minAvailable: '100%' })).errors, []);
  assert.deepEqual(messages(create(pdb, budget({ minAvailable: '150%' })).errors), ['spec.minAvailable: Invalid value: "150%": must not be greater than 100%']);
  assert.deepEqual(messages(create(pdb, budget({ maxUnavailable: -1 })).errors), ['spec.maxUnavailable: Invalid value: -1: must be greater than or equal to 0']);
  assert.deepEqual(causes(create(pdb, budget({ minAvailable: 'half' })).errors), ['spec.minAvailable: FieldValueInvalid']);
  // Neither is fine too (the disruption controller then allows no disruption).
  assert.deepEqual(create(pdb, budget({})).errors, []);
});

test('the selector and the unhealthy pod eviction policy', () => {
  assert.deepEqual(causes(create(pdb, budget({ minAvailable: 1, selector: { matchExpressions: [{ key: 'app', operator: 'Like' }] } })).errors), [
    'spec.selector.matchExpressions[0].operator: FieldValueInvalid',
  ]);
  assert.deepEqual(create(pdb, budget({ minAvailable: 1, unhealthyPodEvictionPolicy: 'AlwaysAllow' })).errors, []);
  assert.deepEqual(messages(create(pdb, budget({ minAvailable: 1, unhealthyPodEvictionPolicy: 'Sometimes' })).errors), [
    'spec.unhealthyPodEvictionPolicy: Unsupported value: "Sometimes": supported values: "AlwaysAllow", "IfHealthyBudget"',
  ]);
});

test('the name needs only be a path segment, as for any object', () => {
  assert.deepEqual(create(pdb, { ...budget(), metadata: { name: 'Web_Budget', namespace: 'default' } }).errors, []);
  assert.deepEqual(causes(create(pdb, { ...budget(), metadata: { name: 'a/b', namespace: 'default' } }).errors), ['metadata.name: FieldValueInvalid']);
});

test('updates keep the status; a spec change bumps the generation, a label change does not', () => {
  const stored = { ...create(pdb, budget()).object, status: { disruptionsAllowed: 1, currentHealthy: 2, desiredHealthy: 1, expectedPods: 2 } };
  const relabelled = update(pdb, stored, { ...budget(), metadata: { name: 'p1', namespace: 'default', labels: { team: 'a' } }, status: {} });
  assert.deepEqual(relabelled.errors, []);
  assert.deepEqual(relabelled.object.status, stored.status);
  assert.equal(relabelled.object.metadata?.generation, 1);
  assert.equal(update(pdb, stored, budget({ minAvailable: 2 })).object.metadata?.generation, 2);
});

test('status counts are never negative', () => {
  const stored = create(pdb, budget()).object;
  assert.deepEqual(causes(pdb.validate({ ...stored, status: { disruptionsAllowed: -1, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 } }, stored)), ['status.disruptionsAllowed: FieldValueInvalid']);
});

test('kubectl get pdb: MIN AVAILABLE, MAX UNAVAILABLE ("N/A" when unset), ALLOWED DISRUPTIONS', () => {
  assert.deepEqual(pdb.table.columns.map((column) => [column.name, column.type, column.priority]), [
    ['Name', 'string', 0],
    ['Min Available', 'string', 0],
    ['Max Unavailable', 'string', 0],
    ['Allowed Disruptions', 'integer', 0],
    ['Age', 'string', 0],
  ]);
  assert.deepEqual(cells(pdb, create(pdb, budget()).object), { Name: 'p1', 'Min Available': '1', 'Max Unavailable': 'N/A', 'Allowed Disruptions': 0, Age: '60m' });
  const percent = { ...create(pdb, budget({ maxUnavailable: '25%' })).object, status: { disruptionsAllowed: 2 } };
  assert.deepEqual(cells(pdb, percent), { Name: 'p1', 'Min Available': 'N/A', 'Max Unavailable': '25%', 'Allowed Disruptions': 2, Age: '60m' });
});
