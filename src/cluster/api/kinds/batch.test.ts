import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CronJob, Job } from 'kubernetes-types/batch/v1.js';
import type { KubeObject } from '../resource-type.ts';
import { cronJobResource } from './cron-job.ts';
import { jobResource } from './job.ts';
import { causes, cells, create, messages, testNow, update } from './testing.ts';

const uid = '0b5fd1f3-3a3e-4a5e-9a55-2f1e0f8f0001';
const podTemplate = { spec: { restartPolicy: 'Never', containers: [{ name: 'pi', image: 'perl:5.34' }] } };

function job(spec: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'pi', namespace: 'default' }, spec: { template: podTemplate, ...spec } };
}

test('a new job: one completion at a time, six retries, generated selector and labels', () => {
  const { object, errors } = create(jobResource, job(), uid);
  assert.deepEqual(errors, []);
  const spec = (object as Job).spec!;
  assert.equal(spec.completions, 1);
  assert.equal(spec.parallelism, 1);
  assert.equal(spec.backoffLimit, 6);
  assert.equal(spec.completionMode, 'NonIndexed');
  assert.equal(spec.suspend, false);
  assert.equal(spec.manualSelector, false);
  assert.equal(spec.podReplacementPolicy, 'TerminatingOrFailed');
  assert.deepEqual(spec.selector, { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } });
  assert.deepEqual(spec.template.metadata!.labels, {
    'batch.kubernetes.io/controller-uid': uid,
    'batch.kubernetes.io/job-name': 'pi',
    'controller-uid': uid,
    'job-name': 'pi',
  });
  assert.equal(object.metadata!.generation, 1);
});

test('a job\'s own labels come from its template as written', () => {
  const { object } = create(jobResource, job({ template: { ...podTemplate, metadata: { labels: { app: 'pi' } } } }), uid);
  assert.deepEqual(object.metadata!.labels, { app: 'pi' });
});

test('parallel jobs without completions keep completions unset', () => {
  const spec = (create(jobResource, job({ parallelism: 3 }), uid).object as Job).spec!;
  assert.equal(spec.completions, undefined);
  assert.equal(spec.parallelism, 3);
});

test('common mistakes in jobs', () => {
  const always = create(jobResource, job({ template: { spec: { containers: [{ name: 'pi', image: 'perl' }] } } }), uid);
  assert.deepEqual(messages(always.errors), ['spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"']);
  assert.deepEqual(causes(create(jobResource, job({ backoffLimit: -1 }), uid).errors), ['spec.backoffLimit: FieldValueInvalid']);
  assert.deepEqual(causes(create(jobResource, job({ completionMode: 'Sometimes' }), uid).errors), ['spec.completionMode: FieldValueNotSupported']);
  assert.deepEqual(causes(create(jobResource, job({ selector: { matchLabels: { app: 'pi' } } }), uid).errors), [
    'spec.template.metadata.labels: FieldValueInvalid',
    'spec.selector: FieldValueInvalid',
  ]);
});

test('a job\'s template is immutable', () => {
  const stored = create(jobResource, job(), uid).object;
  const changed = structuredClone(stored) as Job;
  changed.spec!.template.spec!.containers[0]!.image = 'perl:5.40';
  assert.deepEqual(causes(update(jobResource, stored, changed as unknown as KubeObject).errors), ['spec.template: FieldValueInvalid']);
});

test('kubectl get jobs: STATUS, COMPLETIONS, DURATION', () => {
  const { object } = create(jobResource, job(), uid);
  const running = structuredClone(object);
  running.status = { startTime: new Date(testNow.getTime() - 90_000).toISOString(), active: 1 };
  assert.deepEqual([cells(jobResource, running).Status, cells(jobResource, running).Completions, cells(jobResource, running).Duration], ['Running', '0/1', '90s']);
  const complete = structuredClone(object);
  complete.status = { startTime: '2025-03-01T11:00:00Z', completionTime: '2025-03-01T11:00:12Z', succeeded: 1, conditions: [{ type: 'Complete', status: 'True' }] };
  assert.deepEqual([cells(jobResource, complete).Status, cells(jobResource, complete).Completions, cells(jobResource, complete).Duration], ['Complete', '1/1', '12s']);
  const failed = structuredClone(object);
  failed.status = { conditions: [{ type: 'Failed', status: 'True' }] };
  assert.equal(cells(jobResource, failed).Status, 'Failed');
  const suspended = structuredClone(object);
  suspended.status = { conditions: [{ type: 'Suspended', status: 'True' }] };
  assert.deepEqual([cells(jobResource, suspended).Status, cells(jobResource, suspended).Duration], ['Suspended', '']);
  const parallel = create(jobResource, job({ parallelism: 3 }), uid).object;
  assert.equal(cells(jobResource, parallel).Completions, '0/1 of 3');
  assert.deepEqual(jobResource.selectableFields!(complete), { 'status.successful': '1' });
});

function cronJob(spec: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'hello', namespace: 'default' }, spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { template: podTemplate } }, ...spec } };
}

test('a new cron job: concurrent runs allowed, not suspended, 3 successful and 1 failed jobs kept', () => {
  const { object, errors } = create(cronJobResource, cronJob());
  assert.deepEqual(errors, []);
  const spec = (object as CronJob).spec!;
  assert.deepEqual([spec.concurrencyPolicy, spec.suspend, spec.successfulJobsHistoryLimit, spec.failedJobsHistoryLimit], ['Allow', false, 3, 1]);
  // The job template gets the pod defaults but not a Job's own.
  assert.equal(spec.jobTemplate.spec!.backoffLimit, undefined);
  assert.equal(spec.jobTemplate.spec!.template.spec!.dnsPolicy, 'ClusterFirst');
});

test('common mistakes in cron jobs', () => {
  assert.deepEqual(messages(create(cronJobResource, cronJob({ schedule: '* * *' })).errors), ['spec.schedule: Invalid value: "* * *": expected exactly 5 fields, found 3: [* * *]']);
  assert.deepEqual(causes(create(cronJobResource, cronJob({ schedule: 'TZ=UTC 0 * * * *' })).errors), ['spec.schedule: FieldValueInvalid']);
  assert.deepEqual(causes(create(cronJobResource, cronJob({ timeZone: 'Mars/Olympus' })).errors), ['spec.timeZone: FieldValueInvalid']);
  assert.deepEqual(causes(create(cronJobResource, cronJob({ concurrencyPolicy: 'Never' })).errors), ['spec.concurrencyPolicy: FieldValueNotSupported']);
  const longName = create(cronJobResource, { ...cronJob(), metadata: { name: 'n'.repeat(53), namespace: 'default' } });
  assert.deepEqual(messages(longName.errors), [`metadata.name: Invalid value: "${'n'.repeat(53)}": must be no more than 52 characters`]);
  assert.deepEqual(create(cronJobResource, cronJob({ timeZone: 'Europe/Paris', schedule: '@daily' })).errors, []);
});

test('kubectl get cronjobs: SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE', () => {
  const { object } = create(cronJobResource, cronJob());
  object.status = { active: [{ name: 'hello-1' }], lastScheduleTime: '2025-03-01T11:55:00Z' };
  const row = cells(cronJobResource, object);
  assert.deepEqual([row.Schedule, row.Timezone, row.Suspend, row.Active, row['Last Schedule']], ['*/5 * * * *', '<none>', 'False', 1, '5m']);
  const fresh = create(cronJobResource, cronJob()).object;
  assert.equal(cells(cronJobResource, fresh)['Last Schedule'], '<none>');
});
