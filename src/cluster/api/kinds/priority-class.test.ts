import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../resource-type.ts';
import { priorityClassResource as pc, systemPriorityClasses } from './priority-class.ts';
import { causes, cells, create, messages, update } from './testing.ts';

/** What `kubectl create priorityclass high --value=1000` sends. */
function priorityClass(fields: Record<string, unknown> = {}, name = 'high'): KubeObject {
  return { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name }, value: 1000, ...fields };
}

test('defaults: preemptionPolicy PreemptLowerPriority; generation 1', () => {
  const { object, errors } = create(pc, priorityClass());
  assert.deepEqual(errors, []);
  assert.equal(object.preemptionPolicy, 'PreemptLowerPriority');
  assert.equal(object.globalDefault, undefined);
  assert.equal(object.metadata?.generation, 1);
  assert.equal(create(pc, priorityClass({ preemptionPolicy: 'Never' })).object.preemptionPolicy, 'Never');
  // value is a Go int32 without omitempty: left out, it is 0.
  assert.equal(create(pc, { metadata: { name: 'zero' } }).object.value, 0);
});

test('cluster-scoped, with a DNS subdomain name', () => {
  assert.deepEqual(causes(create(pc, { ...priorityClass(), metadata: { name: 'high', namespace: 'default' } }).errors), ['metadata.namespace: FieldValueForbidden']);
  assert.deepEqual(causes(create(pc, priorityClass({}, 'High')).errors), ['metadata.name: FieldValueInvalid']);
});

test('preemptionPolicy is one of PreemptLowerPriority and Never', () => {
  assert.deepEqual(messages(create(pc, priorityClass({ preemptionPolicy: 'Always' })).errors), ['preemptionPolicy: Unsupported value: "Always": supported values: "PreemptLowerPriority", "Never"']);
});

test('user classes stay at or below one billion; "system-" names are the system classes only', () => {
  assert.deepEqual(create(pc, priorityClass({ value: 1_000_000_000 })).errors, []);
  assert.deepEqual(messages(create(pc, priorityClass({ value: 1_000_000_001 })).errors), ['value: Forbidden: maximum allowed value of a user defined priority is 1000000000']);
  assert.deepEqual(create(pc, priorityClass({ value: -5 })).errors, []);
  assert.deepEqual(messages(create(pc, priorityClass({}, 'system-high')).errors), [
    "metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: system-high is not a known system priority class",
  ]);
  assert.deepEqual(messages(create(pc, priorityClass({ value: 1000 }, 'system-node-critical')).errors), [
    "metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: value of system-node-critical PriorityClass must be 2000001000",
  ]);
  assert.deepEqual(messages(create(pc, priorityClass({ value: 2_000_000_000, globalDefault: true }, 'system-cluster-critical')).errors), [
    "metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: globalDefault of system-cluster-critical PriorityClass must be false",
  ]);
  // The system classes themselves, as the API server creates them, are valid.
  for (const system of systemPriorityClasses) assert.deepEqual(create(pc, system as KubeObject).errors, [], system.metadata?.name);
  assert.deepEqual(systemPriorityClasses.map((system) => [system.metadata?.name, system.value]), [['system-node-critical', 2000001000], ['system-cluster-critical', 2000000000]]);
});

test('value and preemptionPolicy are immutable; description and globalDefault may change', () => {
  const stored = create(pc, priorityClass()).object;
  assert.deepEqual(update(pc, stored, priorityClass({ preemptionPolicy: 'PreemptLowerPriority', description: 'batch jobs', globalDefault: true })).errors, []);
  assert.deepEqual(messages(update(pc, stored, priorityClass({ value: 2000 })).errors), ['value: Forbidden: may not be changed in an update.']);
  assert.deepEqual(messages(update(pc, stored, priorityClass({ preemptionPolicy: 'Never' })).errors), ['preemptionPolicy: Invalid value: "Never": field is immutable']);
  // The generation never moves.
  assert.equal(update(pc, { ...stored, metadata: { ...stored.metadata, generation: 1 } }, priorityClass({ description: 'x' })).object.metadata?.generation, 1);
});

test('kubectl get pc: VALUE, GLOBAL-DEFAULT, AGE, then PREEMPTIONPOLICY (Kubernetes 1.32 prints it in wide tables, which the server sends)', () => {
  assert.deepEqual(pc.table.columns.map((column) => [column.name, column.type, column.priority]), [
    ['Name', 'string', 0],
    ['Value', 'integer', 0],
    ['Global-Default', 'boolean', 0],
    ['Age', 'string', 0],
    ['PreemptionPolicy', 'string', 0],
  ]);
  assert.deepEqual(cells(pc, create(pc, priorityClass()).object), { Name: 'high', Value: 1000, 'Global-Default': false, Age: '60m', PreemptionPolicy: 'PreemptLowerPriority' });
  assert.deepEqual(cells(pc, create(pc, priorityClass({ globalDefault: true, preemptionPolicy: 'Never' }, 'batch')).object), { Name: 'batch', Value: 1000, 'Global-Default': true, Age: '60m', PreemptionPolicy: 'Never' });
});
