import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Job } from 'kubernetes-types/batch/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { podForJob } from './job-pods.ts';
import {
  activeRestarts,
  classifyPods,
  completionIndexAnnotation,
  failureOf,
  formatIndexes,
  indexesToCreate,
  isComplete,
  jobStatusEqual,
  podFailureBackoff,
  succeededIndexes,
  ttlExpiry,
  wantedActive,
  withCondition,
} from './job-status.ts';

const job = (spec: Job['spec'] = { template: {} }): Job => ({ metadata: { name: 'pi', namespace: 'ns', uid: 'u1' }, spec: { ...spec, template: spec?.template ?? {} } });
const pod = (phase: string, extra: Partial<Pod['status']> = {}, index?: number, deleting = false): Pod => ({
  metadata: { name: `p-${Math.random()}`, ...(index !== undefined ? { annotations: { [completionIndexAnnotation]: String(index) } } : {}), ...(deleting ? { deletionTimestamp: '2024-01-01T00:00:00Z' } : {}) },
  status: { phase, ...extra },
});
const now = new Date('2024-01-01T00:10:00Z');

test('classifyPods: active (not deleting), succeeded, failed, ready', () => {
  const ready = pod('Running', { conditions: [{ type: 'Ready', status: 'True' }] });
  const counts = classifyPods([pod('Pending'), ready, pod('Running', {}, undefined, true), pod('Succeeded'), pod('Failed'), pod('Failed')]);
  assert.equal(counts.active.length, 2);
  assert.equal(counts.ready, 1);
  assert.equal(counts.succeeded.length, 1);
  assert.equal(counts.failed.length, 2);
});

test('wantedActive: parallelism capped by the completions left; work queues stop after a success', () => {
  assert.equal(wantedActive(job({ completions: 3, parallelism: 2, template: {} }), 0, 0), 2);
  assert.equal(wantedActive(job({ completions: 3, parallelism: 2, template: {} }), 2, 1), 1);
  assert.equal(wantedActive(job({ completions: 3, parallelism: 2, template: {} }), 3, 0), 0);
  assert.equal(wantedActive(job({ parallelism: 4, template: {} }), 0, 0), 4);
  assert.equal(wantedActive(job({ parallelism: 4, template: {} }), 1, 3), 3);
});

test('isComplete: completions reached; without completions one success and nothing running', () => {
  assert.equal(isComplete(job({ completions: 3, template: {} }), 2, 1), false);
  assert.equal(isComplete(job({ completions: 3, template: {} }), 3, 0), true);
  assert.equal(isComplete(job({ parallelism: 2, template: {} }), 1, 1), false);
  assert.equal(isComplete(job({ parallelism: 2, template: {} }), 1, 0), true);
});

test('failureOf: backoffLimit (failed pods; restarts under OnFailure) and activeDeadlineSeconds', () => {
  assert.equal(failureOf(job({ backoffLimit: 1, template: {} }), 1, [], undefined, now), undefined);
  assert.deepEqual(failureOf(job({ backoffLimit: 1, template: {} }), 2, [], undefined, now), { reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' });
  assert.equal(failureOf(job({ backoffLimit: 0, template: {} }), 1, [], undefined, now)?.reason, 'BackoffLimitExceeded');
  const restarting = pod('Running', { containerStatuses: [{ name: 'c', image: 'i', imageID: '', ready: false, restartCount: 2 }] });
  assert.equal(activeRestarts([restarting, pod('Failed')]), 2);
  const onFailure = (limit: number) => job({ backoffLimit: limit, template: { spec: { restartPolicy: 'OnFailure', containers: [] } } });
  assert.equal(failureOf(onFailure(2), 0, [restarting], undefined, now)?.reason, 'BackoffLimitExceeded');
  assert.equal(failureOf(onFailure(3), 0, [restarting], undefined, now), undefined);
  const deadline = job({ activeDeadlineSeconds: 60, template: {} });
  assert.equal(failureOf(deadline, 0, [], '2024-01-01T00:09:30Z', now), undefined);
  assert.deepEqual(failureOf(deadline, 0, [], '2024-01-01T00:09:00Z', now), { reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' });
});

test('Indexed: succeeded indexes, completedIndexes text, indexes to create', () => {
  const done = [pod('Succeeded', {}, 0), pod('Succeeded', {}, 2), pod('Succeeded', {}, 2), pod('Succeeded', {}, 9)];
  assert.deepEqual(succeededIndexes(done, 5), [0, 2]);
  assert.equal(formatIndexes([0, 1, 2, 4, 6, 7, 9]), '0-2,4,6,7,9');
  assert.equal(formatIndexes([]), '');
  assert.deepEqual(indexesToCreate(5, [0, 2], [pod('Running', {}, 1)], 5), [3, 4]);
  assert.deepEqual(indexesToCreate(5, [], [], 2), [0, 1]);
});

test('podFailureBackoff: 10 s doubling, at most 6 minutes; 0 without failures', () => {
  assert.equal(podFailureBackoff(0), 0);
  assert.equal(podFailureBackoff(1), 10_000);
  assert.equal(podFailureBackoff(3), 40_000);
  assert.equal(podFailureBackoff(20), 360_000);
  assert.equal(podFailureBackoff(2, 0), 0);
});

test('withCondition keeps lastTransitionTime while the status holds; jobStatusEqual ignores absent zeros', () => {
  const first = withCondition([], 'Suspended', 'True', 'JobSuspended', 'Job suspended', new Date('2024-01-01T00:00:00Z'));
  assert.equal(first.length, 1);
  assert.deepEqual(withCondition(first, 'Suspended', 'True', 'JobSuspended', 'Job suspended', now), first);
  const resumed = withCondition(first, 'Suspended', 'False', 'JobResumed', 'Job resumed', now);
  assert.equal(resumed[0]!.lastTransitionTime, '2024-01-01T00:10:00Z');
  assert.equal(jobStatusEqual({}, { active: 0, succeeded: 0 }), true);
  assert.equal(jobStatusEqual({ active: 1 }, { active: 0 }), false);
  assert.equal(jobStatusEqual({ conditions: first }, { conditions: resumed }), false);
});

test('ttlExpiry: ttlSecondsAfterFinished after the finish', () => {
  const finished: Job = { ...job({ ttlSecondsAfterFinished: 30, template: {} }), status: { completionTime: '2024-01-01T00:00:00Z', conditions: [{ type: 'Complete', status: 'True' }] } };
  assert.equal(ttlExpiry(finished), Date.parse('2024-01-01T00:00:30Z'));
  assert.equal(ttlExpiry({ ...finished, status: {} }), undefined);
  assert.equal(ttlExpiry(job()), undefined);
});

test('podForJob: template, controller reference; Indexed adds the index annotation, label, env and hostname', () => {
  const template = { metadata: { labels: { 'batch.kubernetes.io/job-name': 'pi' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } };
  const plain = podForJob(job({ template }));
  assert.equal(plain.metadata?.generateName, 'pi-');
  assert.deepEqual(plain.metadata?.ownerReferences, [{ apiVersion: 'batch/v1', kind: 'Job', name: 'pi', uid: 'u1', controller: true, blockOwnerDeletion: true }]);
  assert.equal(plain.spec?.containers[0]!.env, undefined);
  const indexed = podForJob(job({ completionMode: 'Indexed', completions: 3, template }), 2);
  assert.equal(indexed.metadata?.generateName, 'pi-2-');
  assert.equal(indexed.metadata?.annotations?.[completionIndexAnnotation], '2');
  assert.equal(indexed.metadata?.labels?.['batch.kubernetes.io/job-completion-index'], '2');
  assert.equal(indexed.spec?.hostname, 'pi-2');
  assert.deepEqual(indexed.spec?.containers[0]!.env, [{ name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { fieldPath: `metadata.annotations['${completionIndexAnnotation}']` } } }]);
  assert.equal(template.spec.containers[0]!.hasOwnProperty('env'), false);
});
