import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { slowStartBatch } from '../controller-utils.ts';
import { untilNextAvailable } from './replicaset-controller.ts';
import { calculateReplicaSetStatus, replicaSetStatusEqual } from './replicaset-status.ts';

const now = new Date('2024-05-01T12:00:00Z');
const rs: ReplicaSet = { metadata: { name: 'web', generation: 3 }, spec: { replicas: 3, minReadySeconds: 10, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web', tier: 'f' } } } }, status: { replicas: 0, observedGeneration: 2 } };
const pod = (labels: Record<string, string>, readySince?: string): Pod => ({
  metadata: { labels },
  status: readySince ? { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: readySince }] } : { phase: 'Pending' },
});

test('counts: fully labelled, ready, available after minReadySeconds', () => {
  const pods = [pod({ app: 'web', tier: 'f' }, '2024-05-01T11:00:00Z'), pod({ app: 'web' }, '2024-05-01T11:59:55Z'), pod({ app: 'web', tier: 'f' })];
  const status = calculateReplicaSetStatus(rs, pods, undefined, now);
  assert.deepEqual(status, { replicas: 3, fullyLabeledReplicas: 2, readyReplicas: 2, availableReplicas: 1, observedGeneration: 2 });
  assert.equal(untilNextAvailable(pods, 10, now), 5100, 'the second pod is available 5 s from now');
  assert.equal(untilNextAvailable(pods, 0, now), undefined);
});

test('ReplicaFailure raised on a failed create, lowered on a clean sync', () => {
  const failed = calculateReplicaSetStatus(rs, [], new Error('pods "x" is forbidden: exceeded quota'), now);
  assert.deepEqual(failed.conditions, [{ type: 'ReplicaFailure', status: 'True', lastTransitionTime: '2024-05-01T12:00:00Z', reason: 'FailedCreate', message: 'pods "x" is forbidden: exceeded quota' }]);
  const recovered = calculateReplicaSetStatus({ ...rs, status: failed }, [], undefined, now);
  assert.equal(recovered.conditions, undefined);
  assert.ok(replicaSetStatusEqual({ replicas: 0 }, undefined));
  assert.ok(!replicaSetStatusEqual({ replicas: 1 }, undefined));
});

test('slowStartBatch: batches of 1, 2, 4, …; stops after a batch with a failure', async () => {
  let calls = 0;
  const all = await slowStartBatch(10, 1, async () => {
    calls++;
  });
  assert.deepEqual([all.successes, calls, all.error], [10, 10, undefined]);
  calls = 0;
  const failing = await slowStartBatch(10, 1, async () => {
    calls++;
    if (calls === 3) throw new Error('quota');
  });
  // Batches 1 and 2 run (3 calls); the failure in the second batch stops it.
  assert.equal(calls, 3);
  assert.equal(failing.successes, 2);
  assert.match(String(failing.error), /quota/);
});
