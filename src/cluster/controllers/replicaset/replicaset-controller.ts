// The ReplicaSet controller (Kubernetes' pkg/controller/replicaset): keeps spec.replicas active
// pods for every ReplicaSet.
//
// sync(key): claim the active pods of the namespace (adopt orphans the selector matches,
// release owned pods it no longer matches); unless an earlier create or delete is still to be
// observed (expectations), create the missing pods from the template in slow-start batches
// (1, 2, 4, … at most burstReplicas a sync) or delete the surplus in podsInDeletionOrder; then
// write the status — only when it changed. A pod that finishes (Failed, Succeeded) or is
// deleted stops counting, so it is replaced. While pods are Ready but not yet available
// (minReadySeconds), the key is requeued for when the first of them will be.
import type { ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { messageOf } from '../../../util/errors.ts';
import {
  byControllerUid,
  type InformerFactory,
  isConflict,
  isNotFound,
  objectKey,
  type ResourceClient,
  resources,
  type SharedInformer,
  splitKey,
} from '../../client/index.ts';
import { Controller, type ControllerOptions } from '../controller-runtime.ts';
import { byControllerIndex, ensureIndex, slowStartBatch } from '../controller-utils.ts';
import { claimObjects, controllerOf, controllerRefTo, recheckOwner } from '../controller-ref.ts';
import type { EventSink } from '../event-recorder.ts';
import { Expectations } from '../expectations.ts';
import { PodOwnerEvents } from '../pod-owner-events.ts';
import { podIsActive, podIsAvailable, podIsReady, readyCondition } from '../pod-readiness.ts';
import { podsInDeletionOrder } from './pod-deletion-order.ts';
import { calculateReplicaSetStatus, replicaSetStatusEqual } from './replicaset-status.ts';

export const replicaSetControllerName = 'replicaset-controller';
/** Most pods created or deleted in one sync (Kubernetes' BurstReplicas). */
export const burstReplicas = 500;
/** The first batch of a slow start (Kubernetes' SlowStartInitialBatchSize). */
export const slowStartInitialBatchSize = 1;

export interface ReplicaSetControllerOptions extends ControllerOptions {
  factory: InformerFactory;
  events: EventSink;
  burstReplicas?: number;
  expectations?: Expectations;
}

export class ReplicaSetController extends Controller {
  readonly expectations: Expectations;
  private readonly podEvents: PodOwnerEvents<ReplicaSet>;
  private readonly replicaSets: SharedInformer<ReplicaSet>;
  private readonly pods: SharedInformer<Pod>;
  private readonly rsClient: ResourceClient<ReplicaSet>;
  private readonly podClient: ResourceClient<Pod>;
  private readonly events: EventSink;
  private readonly burst: number;

  constructor(options: ReplicaSetControllerOptions) {
    super(replicaSetControllerName, options);
    this.expectations = options.expectations ?? new Expectations({ clock: this.clock });
    this.events = options.events;
    this.burst = options.burstReplicas ?? burstReplicas;
    this.podEvents = new PodOwnerEvents(this, options.factory, resources.replicaSets, {
      followLabelChanges: true,
      onOwnedPodUpdated: (rs, old, pod) => {
        const minReady = rs.spec?.minReadySeconds ?? 0;
        // Ready now: it becomes available minReadySeconds later, with no event to say so.
        if (minReady > 0 && !podIsReady(old) && podIsReady(pod)) this.enqueueAfter(rs, minReady * 1000 + 1000);
      },
    });
    this.replicaSets = this.watch(this.podEvents.owners);
    this.pods = this.watch(this.podEvents.pods);
    ensureIndex(this.pods, byControllerIndex, byControllerUid);
    ensureIndex(this.replicaSets, byControllerIndex, byControllerUid);
    this.rsClient = options.factory.client(resources.replicaSets);
    this.podClient = options.factory.client(resources.pods);
  }

  // ---- sync ----

  async sync(key: string): Promise<void> {
    const rs = this.podEvents.cachedOwner(key);
    if (!rs) return;
    const { namespace } = splitKey(key);
    const needsSync = this.expectations.satisfied(key);
    const selector = this.selectorFor(key, rs.spec?.selector);
    if (!selector) return;
    const active = this.pods.lister.list(namespace).filter(podIsActive);
    const pods = await claimObjects(active, {
      owner: rs,
      ownerApiVersion: 'apps/v1',
      ownerKind: 'ReplicaSet',
      selector,
      client: this.podClient,
      canAdopt: recheckOwner(this.rsClient, rs),
    });

    let manageError: unknown;
    if (needsSync && !rs.metadata?.deletionTimestamp) {
      try {
        await this.manageReplicas(key, rs, pods);
      } catch (err) {
        manageError = err;
      }
    }
    const now = this.now();
    const updated = await this.writeStatus(rs, calculateReplicaSetStatus(rs, pods, manageError, now));
    if (manageError !== undefined) throw manageError;
    const wait = untilNextAvailable(pods, updated.spec?.minReadySeconds ?? 0, now);
    if (wait !== undefined) this.enqueueAfter(key, wait);
  }

  private async manageReplicas(key: string, rs: ReplicaSet, pods: Pod[]): Promise<void> {
    const desired = rs.spec?.replicas ?? 1;
    const diff = pods.length - desired;
    if (diff < 0) {
      const count = Math.min(-diff, this.burst);
      this.expectations.expectCreations(key, count);
      this.log.debug({ controller: this.name, key, want: desired, have: pods.length, creating: count }, 'too few replicas');
      const { successes, error } = await slowStartBatch(count, slowStartInitialBatchSize, () => this.createPod(rs));
      // Creates never made will never be observed.
      for (let skipped = count - successes; skipped > 0; skipped--) this.expectations.creationObserved(key);
      if (error !== undefined) throw error;
    } else if (diff > 0) {
      const count = Math.min(diff, this.burst);
      this.log.debug({ controller: this.name, key, want: desired, have: pods.length, deleting: count }, 'too many replicas');
      const doomed = podsInDeletionOrder(pods, this.relatedPods(rs)).slice(0, count);
      this.expectations.expectDeletions(key, doomed.map(objectKey));
      const results = await Promise.allSettled(doomed.map((pod) => this.deletePod(key, rs, pod)));
      const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
      if (failed) throw failed.reason;
    }
  }

  private async createPod(rs: ReplicaSet): Promise<void> {
    const template = rs.spec?.template ?? {};
    const metadata = template.metadata ?? {};
    const pod: Pod = {
      metadata: {
        generateName: `${rs.metadata!.name}-`,
        namespace: rs.metadata!.namespace,
        labels: { ...metadata.labels },
        ...(metadata.annotations ? { annotations: { ...metadata.annotations } } : {}),
        ...(metadata.finalizers ? { finalizers: [...metadata.finalizers] } : {}),
        ownerReferences: [controllerRefTo(rs, 'apps/v1', 'ReplicaSet')],
      },
      spec: structuredClone(template.spec ?? { containers: [] }),
    };
    try {
      const created = await this.podClient.create(rs.metadata!.namespace, pod);
      this.events.event(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata?.name}`);
    } catch (err) {
      this.events.event(rs, 'Warning', 'FailedCreate', `Error creating: ${messageOf(err)}`);
      throw err;
    }
  }

  private async deletePod(key: string, rs: ReplicaSet, pod: Pod): Promise<void> {
    try {
      await this.podClient.delete(pod.metadata?.namespace, pod.metadata!.name!);
      this.events.event(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata?.name}`);
    } catch (err) {
      // A delete that failed will never be observed.
      this.expectations.deletionObserved(key, objectKey(pod));
      if (isNotFound(err)) return;
      this.events.event(rs, 'Warning', 'FailedDelete', `Error deleting: ${messageOf(err)}`);
      throw err;
    }
  }

  /** Active pods of every ReplicaSet with the same controller (a Deployment's), for co-location ranking. */
  private relatedPods(rs: ReplicaSet): Pod[] {
    const owner = controllerOf(rs);
    const sets = owner ? this.replicaSets.lister.byIndex(byControllerIndex, owner.uid) : [rs];
    return sets.flatMap((set) => this.pods.lister.byIndex(byControllerIndex, set.metadata?.uid ?? '')).filter(podIsActive);
  }

  private async writeStatus(rs: ReplicaSet, status: ReturnType<typeof calculateReplicaSetStatus>): Promise<ReplicaSet> {
    const generation = rs.metadata?.generation ?? 0;
    const next = { ...status, observedGeneration: generation };
    if (replicaSetStatusEqual(rs.status, next)) return rs;
    let target = rs;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.rsClient.updateStatus({ ...target, status: next });
      } catch (err) {
        if (!isConflict(err) || attempt > 0) throw err;
        // The cache was behind: one more try on what the server has.
        target = await this.rsClient.get(rs.metadata?.namespace, rs.metadata!.name!);
        if (target.metadata?.uid !== rs.metadata?.uid) throw err;
      }
    }
  }
}

/** Milliseconds until the first Ready-but-not-yet-available pod becomes available (a little after), if any. */
export function untilNextAvailable(pods: readonly Pod[], minReadySeconds: number, now: Date): number | undefined {
  if (minReadySeconds <= 0) return undefined;
  let soonest: number | undefined;
  for (const pod of pods) {
    if (!podIsReady(pod) || podIsAvailable(pod, minReadySeconds, now)) continue;
    const since = Date.parse(readyCondition(pod)?.lastTransitionTime ?? '');
    const wait = Number.isFinite(since) ? since + minReadySeconds * 1000 - now.getTime() : minReadySeconds * 1000;
    soonest = Math.min(soonest ?? Infinity, Math.max(0, wait));
  }
  return soonest === undefined ? undefined : soonest + 100;
}
