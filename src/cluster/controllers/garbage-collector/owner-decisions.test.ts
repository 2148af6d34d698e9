import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import type { ClientObject } from '../../client/index.ts';
import {
  blockingDependents,
  type ClassifiedOwners,
  collectorMetadata,
  dependentAction,
  groupOf,
  ownerLocation,
  ownerStateOf,
  referencesWithout,
  sameOwners,
} from './owner-decisions.ts';

const ref = (uid: string, blockOwnerDeletion?: boolean): OwnerReference => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `rs-${uid}`, uid, ...(blockOwnerDeletion !== undefined ? { blockOwnerDeletion } : {}) });
const object = (metadata: ClientObject['metadata']): ClientObject => ({ metadata: { name: 'x', namespace: 'ns', uid: 'self', ...metadata } });
const owners = (partial: Partial<ClassifiedOwners>): ClassifiedOwners => ({ solid: [], dangling: [], waiting: [], ...partial });

test('groupOf reads the group of an apiVersion', () => {
  assert.equal(groupOf('apps/v1'), 'apps');
  assert.equal(groupOf('v1'), '');
});

test('owners of a namespaced dependent are in its namespace or cluster-scoped; a cluster-scoped dependent cannot have namespaced owners', () => {
  assert.deepEqual(ownerLocation('ns', true), { namespace: 'ns' });
  assert.deepEqual(ownerLocation('ns', false), { namespace: undefined });
  assert.deepEqual(ownerLocation(undefined, false), { namespace: undefined });
  assert.equal(ownerLocation(undefined, true), 'invalid');
});

test('an owner is solid when found with the referenced uid, waiting when deleting in the foreground, else dangling', () => {
  assert.equal(ownerStateOf(ref('a'), undefined), 'dangling');
  assert.equal(ownerStateOf(ref('a'), object({ uid: 'other' })), 'dangling', 'a namesake with another uid is not the owner');
  assert.equal(ownerStateOf(ref('a'), object({ uid: 'a' })), 'solid');
  assert.equal(ownerStateOf(ref('a'), object({ uid: 'a', deletionTimestamp: '2025-01-01T00:00:00Z', finalizers: ['orphan'] })), 'solid', 'an orphaning owner still counts');
  assert.equal(ownerStateOf(ref('a'), object({ uid: 'a', deletionTimestamp: '2025-01-01T00:00:00Z', finalizers: ['foregroundDeletion'] })), 'waiting');
});

test('a dependent with a solid owner stays, losing only its references to dangling and waiting owners', () => {
  assert.deepEqual(dependentAction(object({}), owners({ solid: [ref('a')] }), false), { kind: 'keep' });
  assert.deepEqual(dependentAction(object({}), owners({ solid: [ref('a')], dangling: [ref('b')], waiting: [ref('c')] }), false), { kind: 'removeOwnerReferences', uids: ['b', 'c'] });
});

test('a dependent without a solid owner is deleted: in the foreground when a waiting owner is why and it has dependents', () => {
  assert.deepEqual(dependentAction(object({}), owners({ dangling: [ref('a')] }), true), { kind: 'delete', propagationPolicy: 'Background' });
  assert.deepEqual(dependentAction(object({}), owners({ waiting: [ref('a')] }), false), { kind: 'delete', propagationPolicy: 'Background' });
  assert.deepEqual(dependentAction(object({}), owners({ waiting: [ref('a')] }), true), { kind: 'delete', propagationPolicy: 'Foreground' });
  assert.deepEqual(dependentAction(object({ finalizers: ['orphan'] }), owners({ dangling: [ref('a')] }), true), { kind: 'delete', propagationPolicy: 'Orphan' });
  assert.deepEqual(dependentAction(object({}), owners({}), false), { kind: 'keep' }, 'no owners: nothing to decide');
});

test('only dependents whose reference blocks the owner hold a foreground deletion', () => {
  const blocking = object({ name: 'b', ownerReferences: [ref('o', true)] });
  const free = object({ name: 'f', ownerReferences: [ref('o', false)] });
  const other = object({ name: 'x', ownerReferences: [ref('p', true)] });
  assert.deepEqual(blockingDependents('o', [blocking, free, other]), [blocking]);
});

test('references without some uids; none left: undefined (the field goes)', () => {
  assert.deepEqual(referencesWithout([ref('a'), ref('b')], ['a']), [ref('b')]);
  assert.equal(referencesWithout([ref('a')], ['a']), undefined);
  assert.equal(referencesWithout(undefined, ['a']), undefined);
});

test('sameOwners compares uids and blockOwnerDeletion', () => {
  assert.ok(sameOwners(object({ ownerReferences: [ref('a')] }), object({ ownerReferences: [ref('a')] })));
  assert.ok(!sameOwners(object({ ownerReferences: [ref('a')] }), object({ ownerReferences: [ref('b')] })));
  assert.ok(!sameOwners(object({ ownerReferences: [ref('a')] }), object({ ownerReferences: [ref('a', true)] })));
  assert.ok(!sameOwners(object({}), object({ ownerReferences: [ref('a')] })));
});

test('the collector keeps only identity, owners, finalizers and the deletion mark of an object', () => {
  const kept = collectorMetadata({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'ns', uid: 'u', resourceVersion: '7', labels: { a: 'b' }, annotations: { c: 'd' }, managedFields: [{ manager: 'm' }], ownerReferences: [ref('o')], finalizers: ['f'], deletionTimestamp: '2025-01-01T00:00:00Z' },
    spec: { containers: [] },
  } as ClientObject);
  assert.deepEqual(kept, { metadata: { name: 'p', namespace: 'ns', uid: 'u', resourceVersion: '7', ownerReferences: [ref('o')], finalizers: ['f'], deletionTimestamp: '2025-01-01T00:00:00Z' } });
  assert.deepEqual(collectorMetadata({ metadata: { name: 'n', uid: 'u', resourceVersion: '1', ownerReferences: [], finalizers: [] } }), { metadata: { name: 'n', uid: 'u', resourceVersion: '1' } });
});
