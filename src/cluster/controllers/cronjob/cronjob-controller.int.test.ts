// The CronJob controller (with the Job controller) against a real `minato server`, on an
// injected wall clock the test moves a minute at a time: a Job per tick, named
// "<cronjob>-<minutes since the epoch>" with the scheduled-timestamp annotation; status.active,
// lastScheduleTime and lastSuccessfulTime; Forbid skipping a tick while a Job runs; Replace;
// history limits trimming finished Jobs; suspend.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CronJob, Job } from 'kubernetes-types/batch/v1.js';
import { ControllerTestCluster } from '../../../../test/helpers/controller-test-cluster.ts';
import { podIsActive } from '../pod-readiness.ts';

const cronJob = (name: string, spec: Partial<NonNullable<CronJob['spec']>> = {}): CronJob => ({
  metadata: { name },
  spec: {
    schedule: '* * * * *',
    jobTemplate: { metadata: { labels: { app: name } }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } } },
    ...spec,
  },
});
const finished = (job: Job) => job.status?.conditions?.some((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');

describe('CronJob controller against minato server (injected clock)', { timeout: 180_000 }, () => {
  const cluster = new ControllerTestCluster();
  const ns = 'cronjob-test';
  // The wall clock the controllers see; starts at the next whole minute minus 30 s.
  let now = new Date(Math.ceil(Date.now() / 60_000) * 60_000 - 30_000);
  const poke = (name: string) => cluster.controllers!.controllers.find((c) => c.name === 'cronjob-controller')!.enqueue(`${ns}/${name}`);
  /** Moves the clock to 5 s past the next whole minute and wakes the cronjobs; returns that minute. */
  const tick = (...names: string[]) => {
    const minute = Math.floor(now.getTime() / 60_000) + 1;
    now = new Date(minute * 60_000 + 5_000);
    for (const name of names) poke(name);
    return minute;
  };
  const jobsOf = async (name: string) => (await cluster.jobs.list(ns, { labelSelector: `app=${name}` })).items.filter((job) => !job.metadata?.deletionTimestamp).sort((a, b) => (a.metadata!.name! < b.metadata!.name! ? -1 : 1));
  const untilJobs = (name: string, n: number) => cluster.until(`${n} jobs of ${name}`, async () => {
    const jobs = await jobsOf(name);
    return jobs.length === n ? jobs : undefined;
  });
  /** Plays the kubelet: the job's pods succeed (or fail), and waits for the job to finish. */
  const finish = async (job: Job, phase: 'Succeeded' | 'Failed' = 'Succeeded') => {
    const pods = await cluster.until('the job pod', async () => {
      const list = (await cluster.podsIn(ns, `batch.kubernetes.io/job-name=${job.metadata!.name}`)).filter(podIsActive);
      return list.length > 0 ? list : undefined;
    });
    for (const pod of pods) await cluster.setPhase(pod, phase);
    await cluster.until(`job ${job.metadata!.name} finished`, async () => finished(await cluster.jobs.get(ns, job.metadata!.name!)));
  };
  const eventReasons = async (name: string) => (await cluster.events.list(ns)).items.filter((e) => e.involvedObject.name === name && e.involvedObject.kind === 'CronJob').map((e) => e.reason);

  before(async () => {
    await cluster.start(['job', 'cronjob'], { now: () => now, podFailureBackoffMs: 0 });
    await cluster.namespace(ns);
  });
  after(async () => {
    await cluster.stop();
  });

  test('a Job per tick, named by the minute, annotated; status.active, lastScheduleTime, lastSuccessfulTime', async () => {
    await cluster.cronJobs.create(ns, cronJob('hello'));
    await cluster.settle(() => jobsOf('hello'));
    assert.equal((await jobsOf('hello')).length, 0, 'nothing before the first schedule time');
    const minute = tick('hello');
    const [job] = await untilJobs('hello', 1);
    assert.equal(job!.metadata?.name, `hello-${minute}`);
    assert.equal(job!.metadata?.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp'], new Date(minute * 60_000).toISOString().replace('.000Z', 'Z'));
    assert.equal(job!.metadata?.ownerReferences?.[0]?.kind, 'CronJob');
    let cj = await cluster.until('status.active', async () => {
      const fresh = await cluster.cronJobs.get(ns, 'hello');
      return fresh.status?.active?.length === 1 ? fresh : undefined;
    });
    assert.equal(cj.status?.active?.[0]?.name, `hello-${minute}`);
    assert.equal(cj.status?.lastScheduleTime, new Date(minute * 60_000).toISOString().replace('.000Z', 'Z'));
    await finish(job!);
    cj = await cluster.until('active emptied, lastSuccessfulTime', async () => {
      const fresh = await cluster.cronJobs.get(ns, 'hello');
      return !fresh.status?.active && fresh.status?.lastSuccessfulTime ? fresh : undefined;
    });
    const second = tick('hello');
    const jobs = await untilJobs('hello', 2);
    assert.equal(jobs[1]!.metadata?.name, `hello-${second}`);
    const reasons = await cluster.until('events', async () => {
      const list = await eventReasons('hello');
      return list.filter((r) => r === 'SuccessfulCreate').length >= 1 && list.includes('SawCompletedJob') ? list : undefined;
    });
    assert.ok(reasons.includes('SuccessfulCreate'));
  });

  test('Forbid: no new Job while one runs; Replace: the running one is replaced', async () => {
    await cluster.cronJobs.create(ns, cronJob('forbid', { concurrencyPolicy: 'Forbid' }));
    await cluster.cronJobs.create(ns, cronJob('replace', { concurrencyPolicy: 'Replace' }));
    // The clock is minutes ahead of the creation by now: the current minute is due at once.
    const first = Math.floor(now.getTime() / 60_000);
    const [running] = await untilJobs('forbid', 1);
    const [replaced] = await untilJobs('replace', 1);
    tick('forbid', 'replace');
    await cluster.until('JobAlreadyActive', async () => (await eventReasons('forbid')).includes('JobAlreadyActive'));
    assert.deepEqual((await jobsOf('forbid')).map((job) => job.metadata?.name), [running!.metadata?.name]);
    assert.equal(running!.metadata?.name, `forbid-${first}`);
    // Replace: the old job is deleted, a new one made.
    const replacement = await cluster.until('the replacement', async () => {
      const jobs = await jobsOf('replace');
      return jobs.length === 1 && jobs[0]!.metadata?.uid !== replaced!.metadata?.uid ? jobs[0] : undefined;
    });
    assert.notEqual(replacement.metadata?.name, replaced!.metadata?.name);
  });

  test('history limits trim finished Jobs (1 successful, 1 failed kept)', async () => {
    await cluster.cronJobs.create(ns, cronJob('trim', { successfulJobsHistoryLimit: 1, failedJobsHistoryLimit: 1, jobTemplate: { metadata: { labels: { app: 'trim' } }, spec: { backoffLimit: 0, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } } } }));
    const names: string[] = [];
    const outcomes = ['Succeeded', 'Succeeded', 'Failed', 'Failed'] as const;
    for (const phase of outcomes) {
      const minute = tick('trim');
      names.push(`trim-${minute}`);
      const job = await cluster.until(`job trim-${minute}`, async () => (await jobsOf('trim')).find((j) => j.metadata?.name === `trim-${minute}`));
      await finish(job, phase);
      poke('trim');
    }
    const left = await cluster.until('trimmed to 2', async () => {
      const jobs = await jobsOf('trim');
      return jobs.length === 2 ? jobs : undefined;
    });
    assert.deepEqual(left.map((job) => job.metadata?.name).sort(), [names[1], names[3]].sort());
    assert.ok((await eventReasons('trim')).includes('SuccessfulDelete'));
  });

  test('suspend: no Jobs while suspended', async () => {
    await cluster.cronJobs.create(ns, cronJob('sleepy', { suspend: true }));
    tick('sleepy');
    await cluster.settle(() => jobsOf('sleepy'));
    assert.equal((await jobsOf('sleepy')).length, 0);
    await cluster.cronJobs.patch(ns, 'sleepy', 'merge', { spec: { suspend: false } });
    // The missed time (within the window) starts once resumed.
    await untilJobs('sleepy', 1);
  });
});
