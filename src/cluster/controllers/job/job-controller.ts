// The Job controller (Kubernetes' pkg/controller/job): runs a Job's pods to completion.
//
// sync(key): a finished job (Complete or Failed) only waits for its ttlSecondsAfterFinished,
// then is deleted (the TTL-after-finished controller folded in). Otherwise: claim the pods its
// selector matches (adopting orphans, releasing relabelled ones); count them — active,
// Succeeded, Failed (counts never go down: a finished pod deleted later stays counted); if it
// failed (more failed pods than backoffLimit, or past activeDeadlineSeconds) delete the active
// pods and raise FailureTarget + Failed; if enough pods succeeded (or, with no completions, one
// did and none runs) delete what still runs and raise SuccessCriteriaMet + Complete; else —
// unless an earlier create or delete is still to be observed (expectations) — create pods up to
// min(parallelism, completions - succeeded) (Indexed: for the lowest missing indexes), after
// the pod-failure back-off (10 s doubling per failed pod, at most 6 min, from the last failure
// this controller saw), or delete the surplus; spec.suspend keeps no pods (condition Suspended)
// and resuming restarts startTime. The status is written only when it changed.
import type { Job } from 'kubernetes-types/batch/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { messageOf } from '../../../util/errors.ts';
import {
  byControllerUid,
  type InformerFactory,
  isNotFound,
  objectKey,
  type ResourceClient,
  resources,
  type SharedInformer,
  splitKey,
} from '../../client/index.ts';
import { Controller, type ControllerOptions } from '../controller-runtime.ts';
import { claimObjects, recheckOwner } from '../controller-ref.ts';
import type { EventSink } from '../event-recorder.ts';
import { Expectations } from '../expectations.ts';
import { PodOwnerEvents } from '../pod-owner-events.ts';
import { podIsReady } from '../pod-readiness.ts';
import { podsInDeletionOrder } from '../replicaset/pod-deletion-order.ts';
import { kubeTime } from '../../api/kube-time.ts';
import { ensureIndex, byControllerIndex, slowStartBatch } from '../controller-utils.ts';
import { podForJob } from './job-pods.ts';
import {
  classifyPods,
  completionsReached,
  conditionTrue,
  defaultPodFailureBackoffMs,
  failureOf,
  finishedCondition,
  formatIndexes,
  indexesToCreate,
  isComplete,
  isIndexed,
  jobStatusEqual,
  podFailureBackoff,
  podFinishedAt,
  succeededIndexes,
  ttlExpiry,
  wantedActive,
  withCondition,
} from './job-status.ts';

export const jobControllerName = 'job-controller';
/** Most pods created in one sync (Kubernetes' MaxPodCreateDeletePerSync). */
export const maxPodCreateDeletePerSync = 500;

export interface JobControllerOptions extends ControllerOptions {
  factory: InformerFactory;
  events: EventSink;
  expectations?: Expectations;
  /** The first pod-failure back-off (doubling per failure); default 10 s as Kubernetes. 0 recreates at once. */
  podFailureBackoffMs?: number;
}

export class JobController extends Controller {
  readonly expectations: Expectations;
  private readonly podEvents: PodOwnerEvents<Job>;
  private readonly pods: SharedInformer<Pod>;
  private readonly jobClient: ResourceClient<Job>;
  private readonly podClient: ResourceClient<Pod>;
  private readonly events: EventSink;
  private readonly backoffBaseMs: number;
  /** When this controller first saw a pod Failed (by uid), for pods whose kubelet gave no finishedAt. */
  private readonly failureSeen = new Map<string, number>();

  constructor(options: JobControllerOptions) {
    super(jobControllerName, options);
    this.expectations = options.expectations ?? new Expectations({ clock: this.clock });
    this.events = options.events;
    this.backoffBaseMs = options.podFailureBackoffMs ?? defaultPodFailureBackoffMs;
    this.podEvents = new PodOwnerEvents(this, options.factory, resources.jobs, {
      onPodDeleted: (pod) => {
        if (pod.metadata?.uid) this.failureSeen.delete(pod.metadata.uid);
      },
    });
    this.watch(this.podEvents.owners);
    this.pods = this.watch(this.podEvents.pods);
    ensureIndex(this.pods, byControllerIndex, byControllerUid);
    this.jobClient = options.factory.client(resources.jobs);
    this.podClient = options.factory.client(resources.pods);
  }

  // ---- sync ----

  async sync(key: string): Promise<void> {
    const job = this.podEvents.cachedOwner(key);
    if (!job) return;
    const { namespace } = splitKey(key);
    const now = this.now();
    if (finishedCondition(job)) {
      await this.expireFinished(key, job, now);
      return;
    }
    const selector = this.selectorFor(key, job.spec?.selector);
    if (!selector) return;
    const needsSync = this.expectations.satisfied(key);
    const pods = await claimObjects(this.pods.lister.list(namespace), {
      owner: job,
      ownerApiVersion: 'batch/v1',
      ownerKind: 'Job',
      selector,
      client: this.podClient,
      canAdopt: recheckOwner(this.jobClient, job),
    });
    const counts = classifyPods(pods);
    const indexed = isIndexed(job);
    const completions = job.spec?.completions ?? undefined;
    const doneIndexes = indexed ? succeededIndexes(counts.succeeded, completions ?? 0) : [];
    const previous = job.status ?? {};
    // Without Kubernetes' tracking finalizers, a finished pod deleted later would be lost: never count down.
    const succeeded = Math.max(previous.succeeded ?? 0, indexed ? doneIndexes.length : counts.succeeded.length);
    const failed = Math.max(previous.failed ?? 0, counts.failed.length);
    const suspended = job.spec?.suspend === true;

    const status = { ...structuredClone(previous) };
    // Events wait for the status write: a sync on a stale cache that loses the write reports nothing.
    const pending: [type: 'Normal' | 'Warning', reason: string, message: string][] = [];
    let conditions = status.conditions ?? [];
    if (suspended) {
      if (!conditionTrue(job, 'Suspended')) {
        conditions = withCondition(conditions, 'Suspended', 'True', 'JobSuspended', 'Job suspended', now);
        pending.push(['Normal', 'Suspended', 'Job suspended']);
      }
    } else if (conditionTrue(job, 'Suspended')) {
      conditions = withCondition(conditions, 'Suspended', 'False', 'JobResumed', 'Job resumed', now);
      pending.push(['Normal', 'Resumed', 'Job resumed']);
      // The deadline must not run while suspended: a resumed job starts again.
      status.startTime = kubeTime(now);
    } else if (!status.startTime) {
      status.startTime = kubeTime(now);
    }

    let active = counts.active;
    let manageError: unknown;
    const failure = suspended ? undefined : failureOf(job, failed, active, status.startTime, now);
    const complete = !failure && !suspended && isComplete(job, succeeded, active.length);
    let requeueMs: number | undefined;
    if (failure || complete) {
      try {
        await this.deletePods(key, job, active);
        active = [];
      } catch (err) {
        manageError = err;
      }
      if (manageError === undefined) {
        if (failure) {
          conditions = withCondition(conditions, 'FailureTarget', 'True', failure.reason, failure.message, now);
          conditions = withCondition(conditions, 'Failed', 'True', failure.reason, failure.message, now);
          pending.push(['Warning', failure.reason, failure.message]);
        } else {
          conditions = withCondition(conditions, 'SuccessCriteriaMet', 'True', completionsReached.reason, completionsReached.message, now);
          conditions = withCondition(conditions, 'Complete', 'True', completionsReached.reason, completionsReached.message, now);
          status.completionTime = kubeTime(now);
          pending.push(['Normal', 'Completed', 'Job completed']);
        }
      }
    } else if (needsSync && !job.metadata?.deletionTimestamp) {
      const want = suspended ? 0 : wantedActive(job, succeeded, active.length);
      try {
        if (active.length > want) {
          const doomed = podsInDeletionOrder(active).slice(0, Math.min(active.length - want, maxPodCreateDeletePerSync));
          await this.deletePods(key, job, doomed);
          active = active.filter((pod) => !doomed.includes(pod));
        } else if (active.length < want) {
          const wait = this.failureBackoffRemaining(counts.failed, failed, now);
          if (wait > 0) requeueMs = wait;
          else {
            const indexes = indexed ? indexesToCreate(completions ?? 0, doneIndexes, active, want - active.length) : undefined;
            const count = Math.min(indexes ? indexes.length : want - active.length, maxPodCreateDeletePerSync);
            const created = await this.createPods(key, job, count, indexes);
            active = [...active, ...created];
          }
        }
      } catch (err) {
        manageError = err;
      }
    }

    status.active = active.length;
    status.ready = active.filter(podIsReady).length;
    status.succeeded = succeeded;
    status.failed = failed;
    if (indexed) status.completedIndexes = formatIndexes(doneIndexes);
    if (conditions.length > 0) status.conditions = conditions;
    if (!jobStatusEqual(job.status, status)) {
      try {
        await this.jobClient.updateStatus({ ...job, status });
      } catch (err) {
        // Deleted meanwhile: its delete event ends the story.
        if (isNotFound(err)) return;
        throw err;
      }
    }
    for (const [type, reason, message] of pending) this.events.event(job, type, reason, message);
    if (manageError !== undefined) throw manageError;
    const deadline = job.spec?.activeDeadlineSeconds;
    if (!failure && !complete && !suspended && deadline !== undefined && status.startTime) {
      const left = Date.parse(status.startTime) + deadline * 1000 - now.getTime();
      requeueMs = Math.min(requeueMs ?? Infinity, Math.max(0, left) + 100);
    }
    if (requeueMs !== undefined) this.enqueueAfter(key, requeueMs);
  }

  /** Milliseconds before a new pod may replace failed ones (0: now). */
  private failureBackoffRemaining(failedPods: readonly Pod[], failures: number, now: Date): number {
    const backoff = podFailureBackoff(failures, this.backoffBaseMs);
    if (backoff === 0 || failedPods.length === 0) return 0;
    let last = 0;
    for (const pod of failedPods) {
      const uid = pod.metadata?.uid ?? '';
      let at = podFinishedAt(pod);
      if (at === undefined) {
        if (!this.failureSeen.has(uid)) this.failureSeen.set(uid, now.getTime());
        at = this.failureSeen.get(uid)!;
      }
      last = Math.max(last, at);
    }
    return Math.max(0, last + backoff - now.getTime());
  }

  private async createPods(key: string, job: Job, count: number, indexes: number[] | undefined): Promise<Pod[]> {
    if (count <= 0) return [];
    this.expectations.expectCreations(key, count);
    const created: Pod[] = [];
    let next = 0;
    const { successes, error } = await slowStartBatch(count, 1, async () => {
      const index = indexes?.[next++];
      const pod = podForJob(job, index);
      try {
        const made = await this.podClient.create(job.metadata!.namespace, pod);
        created.push(made);
        this.events.event(job, 'Normal', 'SuccessfulCreate', `Created pod: ${made.metadata?.name}`);
      } catch (err) {
        this.events.event(job, 'Warning', 'FailedCreate', `Error creating: ${messageOf(err)}`);
        throw err;
      }
    });
    for (let skipped = count - successes; skipped > 0; skipped--) this.expectations.creationObserved(key);
    if (error !== undefined) throw error;
    return created;
  }

  private async deletePods(key: string, job: Job, pods: readonly Pod[]): Promise<void> {
    if (pods.length === 0) return;
    this.expectations.expectDeletions(key, pods.map(objectKey));
    const results = await Promise.allSettled(
      pods.map(async (pod) => {
        try {
          await this.podClient.delete(pod.metadata?.namespace, pod.metadata!.name!, { preconditions: { uid: pod.metadata!.uid! } });
          this.events.event(job, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata?.name}`);
        } catch (err) {
          this.expectations.deletionObserved(key, objectKey(pod));
          if (isNotFound(err)) return;
          this.events.event(job, 'Warning', 'FailedDelete', `Error deleting: ${messageOf(err)}`);
          throw err;
        }
      }),
    );
    const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /** A finished job: deleted once its ttlSecondsAfterFinished has passed; requeued for then otherwise. */
  private async expireFinished(key: string, job: Job, now: Date): Promise<void> {
    const expiry = ttlExpiry(job);
    if (expiry === undefined || job.metadata?.deletionTimestamp) return;
    const left = expiry - now.getTime();
    if (left > 0) {
      this.enqueueAfter(key, left + 100);
      return;
    }
    try {
      await this.jobClient.delete(job.metadata?.namespace, job.metadata!.name!, { propagationPolicy: 'Background', preconditions: { uid: job.metadata!.uid! } });
      this.log.info({ controller: this.name, key }, 'deleted finished job (ttlSecondsAfterFinished)');
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}
