import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import { calculateStatus, rolloutStatus, stuckRequeueAfter } from './deployment-status.ts';

const now = new Date('2024-05-01T12:00:00Z');
const rs = (name: string, replicas: number, ready: number, available: number): ReplicaSet => ({
  metadata: { name },
  spec: { replicas, selector: {}, template: {} },
  status: { replicas, readyReplicas: ready, availableReplicas: available },
});
const deployment = (replicas: number, status: Deployment['status'] = {}): Deployment => ({
  metadata: { name: 'web', generation: 2 },
  spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: {}, progressDeadlineSeconds: 600, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } } },
  status,
});

test('counts and the Available condition', () => {
  const newRS = rs('web-new', 2, 2, 1);
  const status = calculateStatus([rs('web-old', 2, 2, 2), newRS], newRS, deployment(4), now);
  assert.deepEqual(
    { ...status, conditions: undefined },
    { observedGeneration: 2, replicas: 4, updatedReplicas: 2, readyReplicas: 4, availableReplicas: 3, unavailableReplicas: 1, conditions: undefined },
  );
  assert.deepEqual(status.conditions, [{ type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.', lastUpdateTime: '2024-05-01T12:00:00Z', lastTransitionTime: '2024-05-01T12:00:00Z' }]);
  const low = calculateStatus([rs('web-new', 4, 1, 1)], undefined, deployment(4), now);
  assert.equal(low.conditions![0]!.reason, 'MinimumReplicasUnavailable');
  assert.equal(low.conditions![0]!.message, 'Deployment does not have minimum availability.');
});

test('Progressing: progressing, then complete, with Kubernetes\' messages', () => {
  const newRS = rs('web-abc', 4, 2, 2);
  const progressing = rolloutStatus([newRS], newRS, deployment(4, { updatedReplicas: 1, replicas: 4, conditions: [{ type: 'Progressing', status: 'True', reason: 'NewReplicaSetCreated', message: '', lastUpdateTime: '2024-05-01T11:00:00Z', lastTransitionTime: '2024-05-01T11:00:00Z' }] }), now);
  const condition = progressing.conditions!.find((c) => c.type === 'Progressing')!;
  assert.deepEqual([condition.reason, condition.message, condition.lastUpdateTime, condition.lastTransitionTime], ['ReplicaSetUpdated', 'ReplicaSet "web-abc" is progressing.', '2024-05-01T12:00:00Z', '2024-05-01T11:00:00Z']);
  const done = rs('web-abc', 4, 4, 4);
  const complete = rolloutStatus([done], done, deployment(4, progressing), now).conditions!.find((c) => c.type === 'Progressing')!;
  assert.deepEqual([complete.status, complete.reason, complete.message], ['True', 'NewReplicaSetAvailable', 'ReplicaSet "web-abc" has successfully progressed.']);
});

test('no progress for progressDeadlineSeconds: ProgressDeadlineExceeded; a stuck rollout is looked at again in time', () => {
  const newRS = rs('web-abc', 4, 0, 0);
  const previous = { replicas: 4, updatedReplicas: 4, conditions: [{ type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', message: '', lastUpdateTime: '2024-05-01T11:55:00Z', lastTransitionTime: '2024-05-01T11:55:00Z' }] };
  const d = deployment(4, previous);
  const waiting = rolloutStatus([newRS], newRS, d, now);
  assert.equal(waiting.conditions!.find((c) => c.type === 'Progressing')!.reason, 'ReplicaSetUpdated');
  const after = stuckRequeueAfter(d, waiting, now)!;
  assert.ok(after > 4 * 60 * 1000 && after < 5 * 60 * 1000 + 1000, String(after));
  const late = rolloutStatus([newRS], newRS, d, new Date('2024-05-01T12:05:01Z')).conditions!.find((c) => c.type === 'Progressing')!;
  assert.deepEqual([late.status, late.reason, late.message], ['False', 'ProgressDeadlineExceeded', 'ReplicaSet "web-abc" has timed out progressing.']);
});
