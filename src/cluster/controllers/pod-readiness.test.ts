import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { maxContainerRestarts, podIsActive, podIsAvailable, podIsReady } from './pod-readiness.ts';

const pod = (status: Pod['status'], deleting = false): Pod => ({ metadata: { name: 'p', ...(deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}) }, status });
const readySince = (time: string): Pod['status'] => ({ phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: time }] });

test('finished and deleting pods are not active', () => {
  assert.equal(podIsActive(pod({ phase: 'Running' })), true);
  assert.equal(podIsActive(pod({ phase: 'Pending' })), true);
  assert.equal(podIsActive(pod({ phase: 'Succeeded' })), false);
  assert.equal(podIsActive(pod({ phase: 'Failed' })), false);
  assert.equal(podIsActive(pod({ phase: 'Running' }, true)), false);
});

test('available means ready for minReadySeconds', () => {
  const now = new Date('2026-01-01T00:01:00Z');
  const p = pod(readySince('2026-01-01T00:00:30Z'));
  assert.equal(podIsReady(p), true);
  assert.equal(podIsAvailable(p, 0, now), true);
  assert.equal(podIsAvailable(p, 30, now), true, 'exactly 30 s');
  assert.equal(podIsAvailable(p, 31, now), false);
  assert.equal(podIsAvailable(pod({ phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }] }), 0, now), false);
  assert.equal(podIsAvailable(pod({ phase: 'Running' }), 0, now), false, 'no Ready condition yet');
});

test('the most restarts of any container', () => {
  assert.equal(maxContainerRestarts(pod({ containerStatuses: [{ name: 'a', image: '', imageID: '', ready: true, restartCount: 2 }, { name: 'b', image: '', imageID: '', ready: true, restartCount: 5 }] })), 5);
  assert.equal(maxContainerRestarts(pod({})), 0);
});
