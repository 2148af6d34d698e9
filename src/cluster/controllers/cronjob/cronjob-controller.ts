// The CronJob controller (Kubernetes' pkg/controller/cronjob, the v2 controller): makes a Job
// for each time its schedule comes due.
//
// sync(key): bring status.active in line with the Jobs it owns (finished ones leave it, with a
// SawCompletedJob event, and a Complete one moves lastSuccessfulTime); delete the finished Jobs
// beyond successfulJobsHistoryLimit (3) / failedJobsHistoryLimit (1), oldest first; then, unless
// suspended or being deleted, find the latest schedule time since lastScheduleTime (or the
// creation) — or since now − startingDeadlineSeconds — and, if there is one whose Job does not
// exist yet: skip it while a Job runs under concurrencyPolicy Forbid, delete the running ones
// under Replace, and create "<name>-<minutes since the epoch>" from the jobTemplate with the
// cronjob-scheduled-timestamp annotation. The key is requeued for the next schedule time. The
// wall clock is the injectable `now` (ControllerOptions), so tests can move time by hand.
import type { CronJob, CronJobStatus, Job } from 'kubernetes-types/batch/v1.js';
import { messageOf } from '../../../util/errors.ts';
import { CronError } from '../../api/validation/cron-schedule.ts';
import { byControllerUid, type InformerFactory, isAlreadyExists, isNotFound, objectKey, type ResourceClient, resources, type SharedInformer, splitKey } from '../../client/index.ts';
import { Controller, type ControllerOptions } from '../controller-runtime.ts';
import { controllerOf } from '../controller-ref.ts';
import { canonicalJson } from '../deployment/pod-template-hash.ts';
import type { EventSink } from '../event-recorder.ts';
import { kubeTime } from '../../api/kube-time.ts';
import { ensureIndex, byControllerIndex } from '../controller-utils.ts';
import { dueTime, formatInZone, jobFinishedType, jobForSchedule, jobNameFor, jobsBeyondHistory, referenceToJob, scheduleOf, tooManyMissed } from './cronjob-util.ts';

export const cronJobControllerName = 'cronjob-controller';

export interface CronJobControllerOptions extends ControllerOptions {
  factory: InformerFactory;
  events: EventSink;
}

export class CronJobController extends Controller {
  private readonly cronJobs: SharedInformer<CronJob>;
  private readonly jobs: SharedInformer<Job>;
  private readonly cronJobClient: ResourceClient<CronJob>;
  private readonly jobClient: ResourceClient<Job>;
  private readonly events: EventSink;

  constructor(options: CronJobControllerOptions) {
    super(cronJobControllerName, options);
    this.events = options.events;
    this.cronJobs = this.watch(options.factory.informerFor(resources.cronJobs));
    this.jobs = this.watch(options.factory.informerFor(resources.jobs));
    ensureIndex(this.jobs, byControllerIndex, byControllerUid);
    this.cronJobClient = options.factory.client(resources.cronJobs);
    this.jobClient = options.factory.client(resources.jobs);
    this.cronJobs.addEventHandler({
      onAdd: (cronJob) => this.enqueue(cronJob),
      onUpdate: (_old, cronJob) => this.enqueue(cronJob),
      onDelete: (cronJob) => this.enqueue(cronJob),
    });
    const jobChanged = (job: Job) => {
      const ref = controllerOf(job);
      if (ref?.kind === 'CronJob') this.enqueue(`${job.metadata?.namespace}/${ref.name}`);
    };
    this.jobs.addEventHandler({ onAdd: jobChanged, onUpdate: (_old, job) => jobChanged(job), onDelete: jobChanged });
  }

  async sync(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const cached = this.cronJobs.lister.get(namespace, name);
    if (!cached) return;
    const cronJob = structuredClone(cached);
    const now = this.now();
    const owned = this.jobs.lister.byIndex(byControllerIndex, cronJob.metadata?.uid ?? '').filter((job) => job.metadata?.namespace === namespace);
    const status: CronJobStatus = structuredClone(cronJob.status ?? {});
    await this.reconcileActive(cronJob, status, owned);
    await this.cleanUpHistory(cronJob, owned);

    let requeueAt: Date | undefined;
    if (!cronJob.metadata?.deletionTimestamp && cronJob.spec?.suspend !== true) requeueAt = await this.schedule(cronJob, status, owned, now);
    if (canonicalJson(status) !== canonicalJson(cronJob.status ?? {})) {
      try {
        await this.cronJobClient.updateStatus({ ...cronJob, status });
      } catch (err) {
        if (isNotFound(err)) return;
        throw err;
      }
    }
    if (requeueAt) this.enqueueAfter(key, Math.max(0, requeueAt.getTime() - now.getTime()) + 100);
  }

  /** status.active: the owned Jobs still running; finished ones leave it (lastSuccessfulTime follows Complete ones). */
  private async reconcileActive(cronJob: CronJob, status: CronJobStatus, owned: readonly Job[]): Promise<void> {
    const active = status.active ?? [];
    const byUid = new Map(owned.map((job) => [job.metadata?.uid, job]));
    const next = [];
    for (const ref of active) {
      const job = byUid.get(ref.uid);
      if (job) {
        const finished = jobFinishedType(job);
        if (!finished) next.push(ref);
        else this.events.event(cronJob, 'Normal', 'SawCompletedJob', `Saw completed job: ${job.metadata?.name}, status: ${finished}`);
        continue;
      }
      // Not in the cache: maybe just made, maybe gone. The server says.
      try {
        const fresh = await this.jobClient.get(cronJob.metadata?.namespace, ref.name!);
        if (fresh.metadata?.uid === ref.uid && !jobFinishedType(fresh)) next.push(ref);
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
    for (const job of owned) {
      const finished = jobFinishedType(job);
      if (!finished && !next.some((ref) => ref.uid === job.metadata?.uid)) next.push(referenceToJob(job));
      if (finished === 'Complete' && job.status?.completionTime) {
        const at = Date.parse(job.status.completionTime);
        if (!status.lastSuccessfulTime || Date.parse(status.lastSuccessfulTime) < at) status.lastSuccessfulTime = job.status.completionTime;
      }
    }
    if (next.length > 0) status.active = next;
    else delete status.active;
  }

  private async cleanUpHistory(cronJob: CronJob, owned: readonly Job[]): Promise<void> {
    for (const job of jobsBeyondHistory(cronJob, owned)) {
      if (job.metadata?.deletionTimestamp) continue;
      await this.deleteJob(cronJob, job);
    }
  }

  private async deleteJob(cronJob: CronJob, job: Job): Promise<void> {
    try {
      await this.jobClient.delete(job.metadata?.namespace, job.metadata!.name!, { propagationPolicy: 'Background', preconditions: { uid: job.metadata!.uid! } });
      this.events.event(cronJob, 'Normal', 'SuccessfulDelete', `Deleted job ${job.metadata?.name}`);
    } catch (err) {
      if (isNotFound(err)) return;
      this.events.event(cronJob, 'Warning', 'FailedDelete', `Deleted job: ${messageOf(err)}`);
      throw err;
    }
  }

  /** Starts the Job due now, if any; returns when to look again. */
  private async schedule(cronJob: CronJob, status: CronJobStatus, owned: readonly Job[], now: Date): Promise<Date | undefined> {
    let parsed: ReturnType<typeof scheduleOf>;
    try {
      parsed = scheduleOf(cronJob);
    } catch (err) {
      if (!(err instanceof CronError)) throw err;
      this.events.event(cronJob, 'Warning', 'UnparseableSchedule', `unparseable schedule: ${JSON.stringify(cronJob.spec?.schedule)} : ${err.message}`);
      return undefined;
    }
    const { schedule, timeZone } = parsed;
    const due = dueTime(cronJob, schedule, timeZone, now);
    if (due.missed > tooManyMissed) {
      this.events.event(cronJob, 'Warning', 'TooManyMissedTimes', 'too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew');
    }
    const scheduled = due.scheduled;
    if (!scheduled) return due.next;
    const deadline = cronJob.spec?.startingDeadlineSeconds;
    if (deadline !== undefined && deadline !== null && scheduled.getTime() + deadline * 1000 < now.getTime()) {
      this.events.event(cronJob, 'Normal', 'MissSchedule', `Missed scheduled time to start a job: ${formatInZone(scheduled, timeZone)}`);
      return due.next;
    }
    const jobName = jobNameFor(cronJob.metadata!.name!, scheduled);
    const existing = owned.find((job) => job.metadata?.name === jobName);
    if (existing || status.active?.some((ref) => ref.name === jobName)) {
      // Made already (by an earlier sync whose status write was lost): record it.
      this.recordScheduled(status, scheduled);
      return due.next;
    }
    const policy = cronJob.spec?.concurrencyPolicy ?? 'Allow';
    if (policy === 'Forbid' && (status.active?.length ?? 0) > 0) {
      this.events.event(cronJob, 'Normal', 'JobAlreadyActive', 'Not starting job because prior execution is running and concurrency policy is Forbid');
      return due.next;
    }
    if (policy === 'Replace') {
      for (const ref of status.active ?? []) {
        const job = owned.find((candidate) => candidate.metadata?.uid === ref.uid) ?? ({ metadata: { namespace: ref.namespace, name: ref.name, uid: ref.uid } } as Job);
        await this.deleteJob(cronJob, job);
      }
      delete status.active;
    }
    let created: Job;
    try {
      created = await this.jobClient.create(cronJob.metadata?.namespace, jobForSchedule(cronJob, scheduled, timeZone));
      this.events.event(cronJob, 'Normal', 'SuccessfulCreate', `Created job ${created.metadata?.name}`);
    } catch (err) {
      if (!isAlreadyExists(err)) {
        this.events.event(cronJob, 'Warning', 'FailedCreate', `Error creating job: ${messageOf(err)}`);
        throw err;
      }
      created = await this.jobClient.get(cronJob.metadata?.namespace, jobName);
      if (controllerOf(created)?.uid !== cronJob.metadata?.uid) {
        this.log.warn({ controller: this.name, key: objectKey(cronJob), job: jobName }, 'a job of that name exists and is not ours');
        this.recordScheduled(status, scheduled);
        return due.next;
      }
    }
    if (!jobFinishedType(created) && !status.active?.some((ref) => ref.uid === created.metadata?.uid)) status.active = [...(status.active ?? []), referenceToJob(created)];
    this.recordScheduled(status, scheduled);
    return due.next;
  }

  private recordScheduled(status: CronJobStatus, scheduled: Date): void {
    if (!status.lastScheduleTime || Date.parse(status.lastScheduleTime) < scheduled.getTime()) status.lastScheduleTime = kubeTime(scheduled);
  }
}
