// The pure parts of the CronJob controller (Kubernetes' pkg/controller/cronjob/utils.go): which
// schedule time is due, the name and annotation of the Job made for it, whether a Job has
// finished, and which finished Jobs the history limits keep.
import type { CronJob, Job } from 'kubernetes-types/batch/v1.js';
import type { ObjectReference } from 'kubernetes-types/core/v1.js';
import { type CronEvery, type CronSchedule, nextCronTime, parseCronSchedule, timeZoneOffsetMs } from '../../api/validation/cron-schedule.ts';

export const scheduledTimestampAnnotation = 'batch.kubernetes.io/cronjob-scheduled-timestamp';
/** Missed start times beyond which Kubernetes warns (TooManyMissedTimes) and still starts the latest. */
export const tooManyMissed = 100;

/** The schedule, with spec.timeZone (or a legacy TZ= / CRON_TZ= prefix) applied; throws CronError. */
export function scheduleOf(cronJob: CronJob): { schedule: CronSchedule | CronEvery; timeZone: string | undefined } {
  const text = cronJob.spec?.schedule ?? '';
  const prefixed = /^(?:CRON_)?TZ=(\S+)\s+/.exec(text.trim());
  return { schedule: parseCronSchedule(text), timeZone: cronJob.spec?.timeZone ?? prefixed?.[1] };
}

/** "<cronjob>-<scheduled time in minutes since the epoch>", as Kubernetes names them. */
export function jobNameFor(cronJobName: string, scheduled: Date): string {
  return `${cronJobName}-${Math.floor(scheduled.getTime() / 60_000)}`;
}

/** RFC 3339 in the zone (Go's time.Format(time.RFC3339)): "2024-03-10T09:00:00-04:00", or "…Z" in UTC. */
export function formatInZone(instant: Date, timeZone: string | undefined): string {
  const offset = timeZone ? timeZoneOffsetMs(instant.getTime(), timeZone) : 0;
  const wall = new Date(instant.getTime() + offset).toISOString().replace(/\.\d+Z$/, '');
  if (offset === 0 && (!timeZone || timeZone === 'UTC' || timeZone === 'Etc/UTC')) return `${wall}Z`;
  const minutes = Math.round(Math.abs(offset) / 60_000);
  const sign = offset < 0 ? '-' : '+';
  return `${wall}${sign}${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

export interface DueTime {
  /** The most recent schedule time in (earliest, now], if any. */
  scheduled?: Date;
  /** How many schedule times fell in that window (capped a little above tooManyMissed). */
  missed: number;
  /** The first schedule time after now, if any. */
  next?: Date;
}

/**
 * Kubernetes' mostRecentScheduleTime: schedule times after lastScheduleTime (else the
 * creation time) — or after now − startingDeadlineSeconds, if later — up to now.
 */
export function dueTime(cronJob: CronJob, schedule: CronSchedule | CronEvery, timeZone: string | undefined, now: Date): DueTime {
  const created = Date.parse(cronJob.metadata?.creationTimestamp ?? '');
  const last = Date.parse(cronJob.status?.lastScheduleTime ?? '');
  let earliest = Number.isFinite(last) ? last : Number.isFinite(created) ? created : now.getTime();
  const deadline = cronJob.spec?.startingDeadlineSeconds;
  if (deadline !== undefined && deadline !== null) earliest = Math.max(earliest, now.getTime() - deadline * 1000);
  let scheduled: Date | undefined;
  let missed = 0;
  let t = nextCronTime(schedule, new Date(earliest), timeZone);
  while (t && t.getTime() <= now.getTime() && missed <= tooManyMissed) {
    scheduled = t;
    missed++;
    t = nextCronTime(schedule, t, timeZone);
  }
  if (t && t.getTime() <= now.getTime()) {
    // Too many to walk one by one: only the latest matters.
    scheduled = lastTimeAtOrBefore(schedule, timeZone, now, t) ?? scheduled;
    t = scheduled ? nextCronTime(schedule, scheduled, timeZone) : undefined;
  }
  return { ...(scheduled ? { scheduled } : {}), missed, ...(t ? { next: t } : {}) };
}

/** The latest schedule time in [floor, at], searching back a day at a time. */
function lastTimeAtOrBefore(schedule: CronSchedule | CronEvery, timeZone: string | undefined, at: Date, floor: Date): Date | undefined {
  for (let back = 60_000; back < 400 * 86_400_000; back *= 2) {
    const from = Math.max(floor.getTime(), at.getTime() - back);
    let t = nextCronTime(schedule, new Date(from - 1), timeZone);
    let found: Date | undefined;
    while (t && t.getTime() <= at.getTime()) {
      found = t;
      t = nextCronTime(schedule, t, timeZone);
    }
    if (found || from === floor.getTime()) return found;
  }
  return undefined;
}

/** Complete or Failed (condition True), with that type. */
export function jobFinishedType(job: Job): 'Complete' | 'Failed' | undefined {
  for (const condition of job.status?.conditions ?? []) {
    if ((condition.type === 'Complete' || condition.type === 'Failed') && condition.status === 'True') return condition.type;
  }
  return undefined;
}

export function referenceToJob(job: Job): ObjectReference {
  return { kind: 'Job', namespace: job.metadata?.namespace, name: job.metadata?.name, uid: job.metadata?.uid, apiVersion: 'batch/v1', resourceVersion: job.metadata?.resourceVersion };
}

/** The finished jobs beyond the history limits (successful: default 3, failed: default 1), oldest first. */
export function jobsBeyondHistory(cronJob: CronJob, jobs: readonly Job[]): Job[] {
  const startOf = (job: Job) => Date.parse(job.status?.startTime ?? job.metadata?.creationTimestamp ?? '') || 0;
  const pick = (type: 'Complete' | 'Failed', limit: number) => {
    const finished = jobs.filter((job) => jobFinishedType(job) === type).sort((a, b) => startOf(a) - startOf(b) || (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
    return finished.slice(0, Math.max(0, finished.length - limit));
  };
  return [...pick('Complete', cronJob.spec?.successfulJobsHistoryLimit ?? 3), ...pick('Failed', cronJob.spec?.failedJobsHistoryLimit ?? 1)];
}

/** The Job for the schedule time `scheduled` (Kubernetes' getJobFromTemplate2). */
export function jobForSchedule(cronJob: CronJob, scheduled: Date, timeZone: string | undefined): Job {
  const template = cronJob.spec?.jobTemplate ?? { spec: { template: {} } };
  const annotations = { ...template.metadata?.annotations, [scheduledTimestampAnnotation]: formatInZone(scheduled, timeZone) };
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: jobNameFor(cronJob.metadata!.name!, scheduled),
      namespace: cronJob.metadata?.namespace,
      ...(template.metadata?.labels ? { labels: { ...template.metadata.labels } } : {}),
      annotations,
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: cronJob.metadata!.name!, uid: cronJob.metadata!.uid!, controller: true, blockOwnerDeletion: true }],
    },
    spec: structuredClone(template.spec!),
  };
}
