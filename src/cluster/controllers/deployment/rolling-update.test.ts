import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DeploymentStrategy } from 'kubernetes-types/apps/v1.js';
import { maxUnavailable, newReplicaSetReplicas, oldReplicaSetScaleDowns, type ReplicaSetCounts, resolveFenceposts, scaledValue } from './rolling-update.ts';

const rolling = (maxSurge: number | string, maxUnavailableValue: number | string): DeploymentStrategy => ({ type: 'RollingUpdate', rollingUpdate: { maxSurge, maxUnavailable: maxUnavailableValue } });
const set = (name: string, replicas: number, available: number, created: string): ReplicaSetCounts => ({ name, replicas, available, created });

test('percentages: maxSurge rounds up, maxUnavailable rounds down; both zero becomes one unavailable', () => {
  assert.deepEqual(resolveFenceposts(undefined, 3), { maxSurge: 1, maxUnavailable: 0 }, 'the 25% defaults of 3 replicas');
  assert.deepEqual(resolveFenceposts(rolling('10%', '10%'), 4), { maxSurge: 1, maxUnavailable: 0 }, '0.4 rounds up to 1 and down to 0');
  assert.deepEqual(resolveFenceposts(rolling('0%', '10%'), 4), { maxSurge: 0, maxUnavailable: 1 }, 'nothing may surge and 0.4 rounds down to 0: one may be unavailable');
  assert.deepEqual(resolveFenceposts(rolling(0, 0), 5), { maxSurge: 0, maxUnavailable: 1 });
  assert.equal(scaledValue('50%', 5, true, 'x'), 3);
  assert.equal(scaledValue('50%', 5, false, 'x'), 2);
  assert.equal(scaledValue('7', 5, false, 'x'), 7);
  assert.throws(() => scaledValue('lots', 5, false, 'spec.strategy.rollingUpdate.maxSurge'), /spec\.strategy\.rollingUpdate\.maxSurge/);
});

test('maxUnavailable is zero for Recreate and never above the replicas', () => {
  assert.equal(maxUnavailable({ type: 'Recreate' }, 5), 0);
  assert.equal(maxUnavailable(rolling(0, 10), 3), 3);
});

test('the first step of 10 replicas with maxSurge 3 and maxUnavailable 2: new grows to 3, old shrinks to 8', () => {
  const strategy = rolling(3, 2);
  const old = set('web-old', 10, 10, '2026-01-01T00:00:00Z');
  const newCount = newReplicaSetReplicas(strategy, 10, [old], undefined);
  assert.equal(newCount, 3);
  assert.deepEqual(oldReplicaSetScaleDowns(strategy, 10, [old], set('web-new', newCount, 0, '2026-01-02T00:00:00Z')), [{ name: 'web-old', replicas: 8 }]);
});

test('no surge beyond desired + maxSurge, and the new ReplicaSet never above desired', () => {
  const strategy = rolling(1, 0);
  assert.equal(newReplicaSetReplicas(strategy, 3, [set('a', 3, 3, '1')], set('b', 1, 0, '2')), 1, '4 pods exist, 4 allowed');
  assert.equal(newReplicaSetReplicas(strategy, 3, [set('a', 0, 0, '1')], set('b', 5, 5, '2')), 3, 'scaled down to desired');
  assert.equal(newReplicaSetReplicas({ type: 'Recreate' }, 4, [set('a', 4, 4, '1')], undefined), 4);
});

test('unavailable pods of old ReplicaSets go first, as many as the total above the floor allows', () => {
  // 4 desired, maxUnavailable 0: 4 must stay available. 6 pods exist (old: 4, 2 of them broken;
  // new: 2, both available), so 2 may go — the broken ones — and no available one.
  assert.deepEqual(oldReplicaSetScaleDowns(rolling(1, 0), 4, [set('old', 4, 2, '1')], set('new', 2, 2, '2')), [{ name: 'old', replicas: 2 }]);
  // With only 5 pods, one of the broken ones goes now, the other on a later step.
  assert.deepEqual(oldReplicaSetScaleDowns(rolling(1, 0), 4, [set('old', 4, 2, '1')], set('new', 1, 1, '2')), [{ name: 'old', replicas: 3 }]);
});

test('old ReplicaSets shrink oldest first', () => {
  const steps = oldReplicaSetScaleDowns(rolling(0, 2), 4, [set('newer-old', 2, 2, '2026-01-02T00:00:00Z'), set('oldest', 2, 2, '2026-01-01T00:00:00Z')], set('new', 0, 0, '2026-01-03T00:00:00Z'));
  assert.deepEqual(steps, [{ name: 'oldest', replicas: 0 }]);
});

test('a whole rollout, pods becoming available one step later: never more than desired + surge, never fewer available than desired − unavailable', () => {
  for (const [desired, surge, unavailable] of [
    [3, '25%', '25%'],
    [10, 3, 2],
    [5, 0, 1],
    [4, 2, 0],
    [1, 1, 0],
  ] as const) {
    const strategy = rolling(surge, unavailable);
    const { maxSurge, maxUnavailable: allowedDown } = resolveFenceposts(strategy, desired);
    const sets = new Map<string, ReplicaSetCounts>([['old', set('old', desired, desired, '1')]]);
    let steps = 0;
    while (!(sets.get('new')?.available === desired && sets.get('old')!.replicas === 0)) {
      assert.ok(++steps < 100, `${desired}/${surge}/${unavailable}: the rollout finishes`);
      const newSet = sets.get('new');
      const grown = newReplicaSetReplicas(strategy, desired, [sets.get('old')!], newSet);
      const updatedNew = { ...(newSet ?? set('new', 0, 0, '2')), replicas: grown, available: Math.min(newSet?.available ?? 0, grown) };
      sets.set('new', updatedNew);
      for (const step of oldReplicaSetScaleDowns(strategy, desired, [sets.get('old')!], updatedNew)) {
        const old = sets.get(step.name)!;
        sets.set(step.name, { ...old, replicas: step.replicas, available: Math.min(old.available, step.replicas) });
      }
      const all = [...sets.values()];
      const pods = all.reduce((sum, s) => sum + s.replicas, 0);
      const available = all.reduce((sum, s) => sum + s.available, 0);
      assert.ok(pods <= desired + maxSurge, `${desired}/${surge}/${unavailable}: ${pods} pods > ${desired} + ${maxSurge}`);
      assert.ok(available >= desired - allowedDown, `${desired}/${surge}/${unavailable}: ${available} available < ${desired} − ${allowedDown}`);
      // A step later, every pod that exists is available.
      for (const [name, s] of sets) sets.set(name, { ...s, available: s.replicas });
    }
  }
});
