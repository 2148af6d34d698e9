// The pure parts of the Job controller (Kubernetes' pkg/controller/job): how a Job's pods
// count, when it has failed or completed, how many pods should run, the Indexed mode's
// completion indexes, the pod-failure back-off and the conditions it carries.
import type { Job, JobCondition, JobStatus } from 'kubernetes-types/batch/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { canonicalJson } from '../deployment/pod-template-hash.ts';
import { podIsActive, podIsReady } from '../pod-readiness.ts';
import { kubeTime } from '../../api/kube-time.ts';

export const completionIndexAnnotation = 'batch.kubernetes.io/job-completion-index';
/** The label (Kubernetes 1.28+) carrying the same index. */
export const completionIndexLabel = 'batch.kubernetes.io/job-completion-index';
/** Kubernetes' DefaultJobPodFailureBackOff and MaxJobPodFailureBackOff. */
export const defaultPodFailureBackoffMs = 10_000;
export const maxPodFailureBackoffMs = 6 * 60_000;

export const backoffLimitExceeded = { reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' } as const;
export const deadlineExceeded = { reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' } as const;
export const completionsReached = { reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' } as const;

export function isIndexed(job: Job): boolean {
  return job.spec?.completionMode === 'Indexed';
}

/** The pod's completion index (Indexed jobs), if it carries a valid one. */
export function podCompletionIndex(pod: Pod): number | undefined {
  const text = pod.metadata?.annotations?.[completionIndexAnnotation] ?? pod.metadata?.labels?.[completionIndexLabel];
  if (text === undefined || !/^[0-9]+$/.test(text)) return undefined;
  return Number.parseInt(text, 10);
}

export interface PodCounts {
  active: Pod[];
  succeeded: Pod[];
  failed: Pod[];
  ready: number;
}

/** Active (not finished, not being deleted), Succeeded and Failed pods. */
export function classifyPods(pods: readonly Pod[]): PodCounts {
  const counts: PodCounts = { active: [], succeeded: [], failed: [], ready: 0 };
  for (const pod of pods) {
    const phase = pod.status?.phase;
    if (phase === 'Succeeded') counts.succeeded.push(pod);
    else if (phase === 'Failed') counts.failed.push(pod);
    else if (podIsActive(pod)) {
      counts.active.push(pod);
      if (podIsReady(pod)) counts.ready++;
    }
  }
  return counts;
}

/** The distinct indexes (within [0, completions)) of the succeeded pods, ascending. */
export function succeededIndexes(succeeded: readonly Pod[], completions: number): number[] {
  const indexes = new Set<number>();
  for (const pod of succeeded) {
    const index = podCompletionIndex(pod);
    if (index !== undefined && index < completions) indexes.add(index);
  }
  return [...indexes].sort((a, b) => a - b);
}

/** "1,3-5,7" (status.completedIndexes) from ascending indexes. */
export function formatIndexes(indexes: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < indexes.length; ) {
    let j = i;
    while (j + 1 < indexes.length && indexes[j + 1] === indexes[j]! + 1) j++;
    parts.push(i === j ? `${indexes[i]}` : j === i + 1 ? `${indexes[i]},${indexes[j]}` : `${indexes[i]}-${indexes[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

/** The lowest `count` indexes below `completions` that neither succeeded nor have an active pod. */
export function indexesToCreate(completions: number, succeeded: readonly number[], active: readonly Pod[], count: number): number[] {
  const taken = new Set<number>(succeeded);
  for (const pod of active) {
    const index = podCompletionIndex(pod);
    if (index !== undefined) taken.add(index);
  }
  const result: number[] = [];
  for (let index = 0; index < completions && result.length < count; index++) if (!taken.has(index)) result.push(index);
  return result;
}

/** Sum of the container (and init container) restarts of the pods still running or pending. */
export function activeRestarts(pods: readonly Pod[]): number {
  let total = 0;
  for (const pod of pods) {
    if (pod.status?.phase !== 'Running' && pod.status?.phase !== 'Pending') continue;
    for (const status of [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])]) total += status.restartCount ?? 0;
  }
  return total;
}

/**
 * Why the job has failed, if it has: more failed pods than backoffLimit (or, with restartPolicy
 * OnFailure, as many container restarts in its running pods — Kubernetes' pastBackoffLimitOnFailure),
 * or running longer than activeDeadlineSeconds since startTime.
 */
export function failureOf(job: Job, failed: number, active: readonly Pod[], startTime: string | undefined, now: Date): { reason: string; message: string } | undefined {
  const backoffLimit = job.spec?.backoffLimit ?? 6;
  if (failed > backoffLimit) return backoffLimitExceeded;
  if (job.spec?.template?.spec?.restartPolicy === 'OnFailure') {
    const restarts = activeRestarts(active);
    if (backoffLimit === 0 ? restarts > 0 : restarts >= backoffLimit) return backoffLimitExceeded;
  }
  const deadline = job.spec?.activeDeadlineSeconds;
  if (deadline !== undefined && startTime !== undefined && Date.parse(startTime) + deadline * 1000 <= now.getTime()) return deadlineExceeded;
  return undefined;
}

/** Whether the job's pods have done what it asked (succeeded: succeeded pods, or indexes when Indexed). */
export function isComplete(job: Job, succeeded: number, active: number): boolean {
  const completions = job.spec?.completions;
  if (completions === undefined || completions === null) return succeeded > 0 && active === 0;
  return succeeded >= completions;
}

/** How many pods should be active (Kubernetes' manageJob), before any suspension. */
export function wantedActive(job: Job, succeeded: number, active: number): number {
  const parallelism = job.spec?.parallelism ?? 1;
  const completions = job.spec?.completions;
  if (completions === undefined || completions === null) {
    // A work queue: once one pod succeeded, no new pods; the others finish on their own.
    return succeeded > 0 ? Math.min(active, parallelism) : parallelism;
  }
  return Math.max(0, Math.min(parallelism, completions - succeeded));
}

/** The delay before a replacement after `failures` failed pods: 10 s doubling, at most 6 min. */
export function podFailureBackoff(failures: number, baseMs = defaultPodFailureBackoffMs, maxMs = maxPodFailureBackoffMs): number {
  if (failures <= 0 || baseMs <= 0) return 0;
  return Math.min(maxMs, baseMs * 2 ** Math.min(failures - 1, 30));
}

/** When a failed pod finished: the latest container finishedAt, if the kubelet reported one. */
export function podFinishedAt(pod: Pod): number | undefined {
  let latest: number | undefined;
  for (const status of [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])]) {
    const at = Date.parse(status.state?.terminated?.finishedAt ?? '');
    if (Number.isFinite(at)) latest = Math.max(latest ?? at, at);
  }
  return latest;
}

export function findCondition(conditions: readonly JobCondition[] | undefined, type: string): JobCondition | undefined {
  return conditions?.find((condition) => condition.type === type);
}

export function conditionTrue(job: Job, type: string): boolean {
  return findCondition(job.status?.conditions, type)?.status === 'True';
}

/** Complete or Failed, if the job has finished. */
export function finishedCondition(job: Job): JobCondition | undefined {
  return (job.status?.conditions ?? []).find((condition) => (condition.type === 'Complete' || condition.type === 'Failed') && condition.status === 'True');
}

/**
 * Conditions with `type` set to status/reason/message: appended when absent; changed in place
 * (lastTransitionTime moved only when the status changes) when different; unchanged otherwise.
 */
export function withCondition(conditions: readonly JobCondition[], type: string, status: 'True' | 'False', reason: string, message: string, now: Date): JobCondition[] {
  const at = kubeTime(now);
  const existing = findCondition(conditions, type);
  if (!existing) return [...conditions, { type, status, reason, message, lastProbeTime: at, lastTransitionTime: at }];
  if (existing.status === status && existing.reason === reason && existing.message === message) return [...conditions];
  return conditions.map((condition) =>
    condition.type !== type ? condition : { ...condition, status, reason, message, lastProbeTime: at, lastTransitionTime: condition.status === status ? condition.lastTransitionTime ?? at : at },
  );
}

/** Whether two statuses say the same (absent counts are zeros). */
export function jobStatusEqual(a: JobStatus | undefined, b: JobStatus | undefined): boolean {
  for (const field of ['active', 'succeeded', 'failed', 'ready'] as const) if ((a?.[field] ?? 0) !== (b?.[field] ?? 0)) return false;
  for (const field of ['startTime', 'completionTime', 'completedIndexes'] as const) if ((a?.[field] ?? '') !== (b?.[field] ?? '')) return false;
  return canonicalJson(a?.conditions ?? []) === canonicalJson(b?.conditions ?? []);
}

/** When a finished job may be deleted (ttlSecondsAfterFinished after completionTime or the Failed condition), if ever. */
export function ttlExpiry(job: Job): number | undefined {
  const ttl = job.spec?.ttlSecondsAfterFinished;
  if (ttl === undefined || ttl === null) return undefined;
  const finished = finishedCondition(job);
  if (!finished) return undefined;
  const at = Date.parse(job.status?.completionTime ?? finished.lastTransitionTime ?? '');
  return Number.isFinite(at) ? at + ttl * 1000 : undefined;
}
