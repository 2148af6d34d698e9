import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CronJob, Job } from 'kubernetes-types/batch/v1.js';
import { dueTime, formatInZone, jobForSchedule, jobNameFor, jobsBeyondHistory, scheduleOf, tooManyMissed } from './cronjob-util.ts';

const cronJob = (spec: Partial<CronJob['spec']> = {}, status: CronJob['status'] = {}): CronJob => ({
  metadata: { name: 'hello', namespace: 'ns', uid: 'cj1', creationTimestamp: '2024-03-10T10:00:30Z' },
  spec: { schedule: '*/5 * * * *', jobTemplate: { metadata: { labels: { app: 'x' } }, spec: { template: { spec: { containers: [] } } } }, ...spec },
  status,
});
const due = (cj: CronJob, now: string) => {
  const { schedule, timeZone } = scheduleOf(cj);
  const result = dueTime(cj, schedule, timeZone, new Date(now));
  return { scheduled: result.scheduled?.toISOString(), missed: result.missed, next: result.next?.toISOString() };
};

test('job names are "<cronjob>-<minutes since the epoch>"', () => {
  assert.equal(jobNameFor('hello', new Date('2024-03-10T10:05:00Z')), `hello-${Date.parse('2024-03-10T10:05:00Z') / 60_000}`);
  assert.equal(jobNameFor('hello', new Date(0)), 'hello-0');
});

test('dueTime: the latest time since creation / lastScheduleTime, the count, the next one', () => {
  assert.deepEqual(due(cronJob(), '2024-03-10T10:04:59Z'), { scheduled: undefined, missed: 0, next: '2024-03-10T10:05:00.000Z' });
  assert.deepEqual(due(cronJob(), '2024-03-10T10:05:00Z'), { scheduled: '2024-03-10T10:05:00.000Z', missed: 1, next: '2024-03-10T10:10:00.000Z' });
  assert.deepEqual(due(cronJob(), '2024-03-10T10:17:00Z'), { scheduled: '2024-03-10T10:15:00.000Z', missed: 3, next: '2024-03-10T10:20:00.000Z' });
  const ran = cronJob({}, { lastScheduleTime: '2024-03-10T10:15:00Z' });
  assert.deepEqual(due(ran, '2024-03-10T10:17:00Z'), { scheduled: undefined, missed: 0, next: '2024-03-10T10:20:00.000Z' });
  // startingDeadlineSeconds narrows the window.
  const deadline = cronJob({ startingDeadlineSeconds: 60 });
  assert.deepEqual(due(deadline, '2024-03-10T10:17:00Z'), { scheduled: undefined, missed: 0, next: '2024-03-10T10:20:00.000Z' });
  assert.equal(due(deadline, '2024-03-10T10:15:30Z').scheduled, '2024-03-10T10:15:00.000Z');
});

test('dueTime: many missed times still find the latest, quickly', () => {
  const started = Date.now();
  const result = due(cronJob({ schedule: '* * * * *' }), '2025-03-10T10:17:30Z');
  assert.equal(result.scheduled, '2025-03-10T10:17:00.000Z');
  assert.equal(result.next, '2025-03-10T10:18:00.000Z');
  assert.ok(result.missed > tooManyMissed);
  assert.ok(Date.now() - started < 2000);
});

test('time zones: schedule in spec.timeZone, the annotation in RFC 3339 with the offset', () => {
  const tokyo = cronJob({ schedule: '0 9 * * *', timeZone: 'Asia/Tokyo' });
  assert.equal(due(tokyo, '2024-03-11T00:00:10Z').scheduled, '2024-03-11T00:00:00.000Z');
  assert.equal(formatInZone(new Date('2024-03-11T00:00:00Z'), 'Asia/Tokyo'), '2024-03-11T09:00:00+09:00');
  assert.equal(formatInZone(new Date('2024-01-11T14:00:00Z'), 'America/New_York'), '2024-01-11T09:00:00-05:00');
  assert.equal(formatInZone(new Date('2024-03-11T00:00:00Z'), undefined), '2024-03-11T00:00:00Z');
});

test('jobForSchedule: template labels and annotations, scheduled-timestamp annotation, controller reference', () => {
  const job = jobForSchedule(cronJob(), new Date('2024-03-10T10:05:00Z'), undefined);
  assert.equal(job.metadata?.name, `hello-${Date.parse('2024-03-10T10:05:00Z') / 60_000}`);
  assert.deepEqual(job.metadata?.labels, { app: 'x' });
  assert.equal(job.metadata?.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp'], '2024-03-10T10:05:00Z');
  assert.deepEqual(job.metadata?.ownerReferences, [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'hello', uid: 'cj1', controller: true, blockOwnerDeletion: true }]);
});

test('jobsBeyondHistory: oldest finished jobs beyond the limits (3 successful, 1 failed by default)', () => {
  const finished = (name: string, type: string, start: string): Job => ({ metadata: { name }, status: { startTime: start, conditions: [{ type, status: 'True' }] } });
  const jobs = [
    finished('s1', 'Complete', '2024-01-01T00:01:00Z'),
    finished('s4', 'Complete', '2024-01-01T00:04:00Z'),
    finished('s2', 'Complete', '2024-01-01T00:02:00Z'),
    finished('s3', 'Complete', '2024-01-01T00:03:00Z'),
    finished('f1', 'Failed', '2024-01-01T00:01:00Z'),
    finished('f2', 'Failed', '2024-01-01T00:02:00Z'),
    { metadata: { name: 'running' }, status: {} },
  ];
  assert.deepEqual(jobsBeyondHistory(cronJob(), jobs).map((job) => job.metadata?.name), ['s1', 'f1']);
  assert.deepEqual(jobsBeyondHistory(cronJob({ successfulJobsHistoryLimit: 1, failedJobsHistoryLimit: 0 }), jobs).map((job) => job.metadata?.name), ['s1', 's2', 's3', 'f1', 'f2']);
});
