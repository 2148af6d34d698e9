// One sync of one Deployment (Kubernetes' sync.go, rolling.go, recreate.go and progress.go):
// works on a copy of the Deployment that follows every status write, its claimed
// ReplicaSets and the pods of those.
//
//   - getNewReplicaSet: the ReplicaSet whose template is the Deployment's (its revision raised
//     above the old ones — `kubectl rollout undo` copies an old template back, so that old
//     ReplicaSet becomes the new one again), or, when asked, a new one named
//     <deployment>-<pod-template-hash>;
//   - scale: resizing while no rollout is under way (or paused), proportionally across active
//     ReplicaSets during a rolling update;
//   - rolling: grow the new ReplicaSet within replicas + maxSurge, shrink the old ones keeping
//     replicas − maxUnavailable available (rolling-update.ts);
//   - recreate: old ReplicaSets to 0, wait until their pods are gone, then the new one;
//   - cleanup: old ReplicaSets beyond revisionHistoryLimit with nothing left in them;
//   - status: counts and conditions (deployment-status.ts), written only when changed.
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { messageOf } from '../../../util/errors.ts';
import { isAlreadyExists, isNotFound, type Lister, type ResourceClient } from '../../client/index.ts';
import { controllerOf, controllerRefTo } from '../controller-ref.ts';
import type { EventSink } from '../event-recorder.ts';
import {
  byCreation,
  desiredOf,
  desiredReplicasAnnotationOf,
  equalIgnoreHash,
  filterActive,
  findActiveOrLatest,
  findNewReplicaSet,
  isRollingUpdate,
  isSaturated,
  maxRevision,
  maxSurge,
  podTemplateHashLabel,
  proportionalSizes,
  replicasAnnotationsNeedUpdate,
  replicasOf,
  revisionAnnotation,
  revisionOf,
  setNewReplicaSetAnnotations,
  setReplicasAnnotations,
} from './deployment-util.ts';
import { calculateStatus, deploymentComplete, deploymentStatusEqual, getCondition, hasProgressDeadline, newCondition, reasons, rolloutStatus, setCondition, stuckRequeueAfter } from './deployment-status.ts';
import { podTemplateHash } from './pod-template-hash.ts';
import { newReplicaSetReplicas, oldReplicaSetScaleDowns, type ReplicaSetCounts } from './rolling-update.ts';

export interface DeploymentSyncDeps {
  deployments: ResourceClient<Deployment>;
  replicaSets: ResourceClient<ReplicaSet>;
  replicaSetLister: Lister<ReplicaSet>;
  events: EventSink;
  now: () => Date;
  /** Look at the Deployment again after this many ms (a rollout that may time out). */
  requeueAfter(ms: number): void;
}

const countsOf = (rs: ReplicaSet): ReplicaSetCounts => ({
  name: rs.metadata?.name ?? '',
  replicas: replicasOf(rs),
  available: rs.status?.availableReplicas ?? 0,
  created: rs.metadata?.creationTimestamp ?? '',
});

export class DeploymentSync {
  /** The Deployment as last written (or read): a copy, safe to change. */
  d: Deployment;
  private readonly sets: ReplicaSet[];
  private readonly podsBySet: Map<string, Pod[]>;
  private readonly deps: DeploymentSyncDeps;

  constructor(deployment: Deployment, sets: ReplicaSet[], podsBySet: Map<string, Pod[]>, deps: DeploymentSyncDeps) {
    this.d = deployment;
    this.sets = sets;
    this.podsBySet = podsBySet;
    this.deps = deps;
  }

  private get name(): string {
    return this.d.metadata!.name!;
  }

  private get namespace(): string {
    return this.d.metadata!.namespace!;
  }

  /** Puts a ReplicaSet as written in place of the cached one, so later steps of this sync see it. */
  private replace(rs: ReplicaSet): ReplicaSet {
    const index = this.sets.findIndex((set) => set.metadata?.uid === rs.metadata?.uid);
    if (index >= 0) this.sets[index] = rs;
    return rs;
  }

  private async writeStatus(): Promise<void> {
    this.d = structuredClone(await this.deps.deployments.updateStatus(this.d));
  }

  // ---- the new ReplicaSet and revisions ----

  /** The new ReplicaSet (created when `create` and there is none) and all the others. */
  async newAndOld(create: boolean): Promise<{ newRS: ReplicaSet | undefined; oldRSs: ReplicaSet[] }> {
    const existing = findNewReplicaSet(this.d, this.sets);
    const oldRSs = this.sets.filter((rs) => rs !== existing);
    const newRS = await this.getNewReplicaSet(existing, oldRSs, create);
    return { newRS, oldRSs };
  }

  private async getNewReplicaSet(existing: ReplicaSet | undefined, oldRSs: ReplicaSet[], create: boolean): Promise<ReplicaSet | undefined> {
    const newRevision = maxRevision(oldRSs) + 1;
    if (existing) {
      const copy = structuredClone(existing);
      const annotationsChanged = setNewReplicaSetAnnotations(this.d, copy, newRevision, true);
      const minReadyChanged = (copy.spec?.minReadySeconds ?? 0) !== (this.d.spec?.minReadySeconds ?? 0);
      if (annotationsChanged || minReadyChanged) {
        copy.spec!.minReadySeconds = this.d.spec?.minReadySeconds ?? 0;
        return this.replace(await this.deps.replicaSets.update(copy));
      }
      let needsUpdate = this.setDeploymentRevision(copy.metadata?.annotations?.[revisionAnnotation] ?? '');
      if (hasProgressDeadline(this.d) && !getCondition(this.d.status, 'Progressing')) {
        this.d.status ??= {};
        setCondition(this.d.status, newCondition('Progressing', 'True', reasons.foundNewReplicaSet, `Found new replica set "${copy.metadata?.name}"`, this.deps.now()));
        needsUpdate = true;
      }
      if (needsUpdate) await this.writeStatus();
      return copy;
    }
    if (!create) return undefined;

    const template = structuredClone(this.d.spec!.template);
    const hash = podTemplateHash(template, this.d.status?.collisionCount);
    template.metadata = { ...template.metadata, labels: { ...template.metadata?.labels, [podTemplateHashLabel]: hash } };
    const selector = structuredClone(this.d.spec!.selector);
    selector.matchLabels = { ...selector.matchLabels, [podTemplateHashLabel]: hash };
    const rs: ReplicaSet = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${this.name}-${hash}`,
        namespace: this.namespace,
        ownerReferences: [controllerRefTo(this.d, 'apps/v1', 'Deployment')],
        labels: { ...template.metadata.labels },
      },
      spec: { replicas: 0, minReadySeconds: this.d.spec?.minReadySeconds ?? 0, selector, template },
    };
    const replicas = newReplicaSetReplicas(this.d.spec?.strategy, desiredOf(this.d), oldRSs.map(countsOf), undefined);
    rs.spec!.replicas = replicas;
    setNewReplicaSetAnnotations(this.d, rs, newRevision, false);

    let created: ReplicaSet;
    let alreadyExisted = false;
    try {
      created = await this.deps.replicaSets.create(this.namespace, rs);
    } catch (err) {
      if (isAlreadyExists(err)) {
        const found = this.deps.replicaSetLister.get(this.namespace, rs.metadata!.name!) ?? (await this.deps.replicaSets.get(this.namespace, rs.metadata!.name!).catch(() => undefined));
        if (found && controllerOf(found)?.uid === this.d.metadata?.uid && equalIgnoreHash(found.spec?.template, this.d.spec?.template)) {
          created = found;
          alreadyExisted = true;
        } else {
          // A hash collision: another template holds the name. Step the hash and try again.
          this.d.status = { ...this.d.status, collisionCount: (this.d.status?.collisionCount ?? 0) + 1 };
          await this.writeStatus();
          throw err;
        }
      } else {
        const message = `Failed to create new replica set "${rs.metadata!.name}": ${messageOf(err)}`;
        if (hasProgressDeadline(this.d)) {
          this.d.status ??= {};
          setCondition(this.d.status, newCondition('Progressing', 'False', reasons.failedReplicaSetCreate, message, this.deps.now()));
          await this.writeStatus().catch(() => undefined);
        }
        this.deps.events.event(this.d, 'Warning', reasons.failedReplicaSetCreate, message);
        throw err;
      }
    }
    if (!alreadyExisted && replicas > 0) this.deps.events.event(this.d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${created.metadata?.name} from 0 to ${replicas}`);
    let needsUpdate = this.setDeploymentRevision(String(newRevision));
    if (!alreadyExisted && hasProgressDeadline(this.d)) {
      this.d.status ??= {};
      setCondition(this.d.status, newCondition('Progressing', 'True', reasons.newReplicaSet, `Created new replica set "${created.metadata?.name}"`, this.deps.now()));
      needsUpdate = true;
    }
    if (needsUpdate) await this.writeStatus();
    return created;
  }

  /** The Deployment's revision annotation (written with its status). */
  private setDeploymentRevision(revision: string): boolean {
    if (this.d.metadata?.annotations?.[revisionAnnotation] === revision) return false;
    this.d.metadata = { ...this.d.metadata, annotations: { ...this.d.metadata?.annotations, [revisionAnnotation]: revision } };
    return true;
  }

  // ---- scaling ----

  /** Whether the Deployment's replicas changed since its active ReplicaSets were annotated. */
  async isScalingEvent(): Promise<boolean> {
    const { newRS, oldRSs } = await this.newAndOld(false);
    return filterActive([...oldRSs, newRS]).some((rs) => {
      const desired = desiredReplicasAnnotationOf(rs);
      return desired !== undefined && desired !== desiredOf(this.d);
    });
  }

  /** Sets `rs` to `replicas` (and the replicas annotations); returns the ReplicaSet as written, and whether its size changed. */
  private async scaleReplicaSet(rs: ReplicaSet, replicas: number, operation: string): Promise<{ rs: ReplicaSet; scaled: boolean }> {
    const desired = desiredOf(this.d);
    const max = desired + maxSurge(this.d);
    const sizeChanged = replicasOf(rs) !== replicas;
    if (!sizeChanged && !replicasAnnotationsNeedUpdate(rs, desired, max)) return { rs, scaled: false };
    const old = replicasOf(rs);
    const copy = structuredClone(rs);
    copy.spec!.replicas = replicas;
    setReplicasAnnotations(copy, desired, max);
    const updated = this.replace(await this.deps.replicaSets.update(copy));
    if (sizeChanged) this.deps.events.event(this.d, 'Normal', 'ScalingReplicaSet', `Scaled ${operation} replica set ${rs.metadata?.name} from ${old} to ${replicas}`);
    return { rs: updated, scaled: sizeChanged };
  }

  private async scaleAndRecord(rs: ReplicaSet, replicas: number): Promise<{ rs: ReplicaSet; scaled: boolean }> {
    if (replicasOf(rs) === replicas) return { rs, scaled: false };
    return this.scaleReplicaSet(rs, replicas, replicasOf(rs) < replicas ? 'up' : 'down');
  }

  /** Resizing outside a rollout (Kubernetes' scale). */
  private async scale(newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): Promise<void> {
    const desired = desiredOf(this.d);
    const only = findActiveOrLatest(newRS, oldRSs);
    if (only) {
      if (replicasOf(only) !== desired) await this.scaleAndRecord(only, desired);
      return;
    }
    if (isSaturated(this.d, newRS)) {
      for (const old of filterActive(oldRSs)) await this.scaleAndRecord(old, 0);
      return;
    }
    if (!isRollingUpdate(this.d)) return;
    const active = filterActive([...oldRSs, newRS]);
    const { sizes, operation } = proportionalSizes(this.d, active);
    for (const rs of active) await this.scaleReplicaSet(rs, sizes.get(rs.metadata!.name!) ?? replicasOf(rs), operation);
  }

  /** Paused, or only the replica count changed: scale, clean up (paused), and write the status. */
  async syncScale(): Promise<void> {
    const { newRS, oldRSs } = await this.newAndOld(false);
    await this.scale(newRS, oldRSs);
    if (this.d.spec?.paused) await this.cleanup(oldRSs);
    await this.syncStatus([...oldRSs, ...(newRS ? [newRS] : [])], newRS);
  }

  /** A Deployment being deleted: only its status. */
  async syncStatusOnly(): Promise<void> {
    const { newRS, oldRSs } = await this.newAndOld(false);
    await this.syncStatus([...oldRSs, ...(newRS ? [newRS] : [])], newRS);
  }

  /** The Progressing condition says paused / resumed as spec.paused changes. */
  async checkPausedConditions(): Promise<void> {
    if (!hasProgressDeadline(this.d)) return;
    const condition = getCondition(this.d.status, 'Progressing');
    if (condition?.reason === reasons.timedOut) return;
    const pausedShown = condition?.reason === reasons.paused;
    const paused = this.d.spec?.paused === true;
    if (paused === pausedShown) return;
    this.d.status ??= {};
    setCondition(this.d.status, paused ? newCondition('Progressing', 'Unknown', reasons.paused, 'Deployment is paused', this.deps.now()) : newCondition('Progressing', 'Unknown', reasons.resumed, 'Deployment is resumed', this.deps.now()));
    await this.writeStatus();
  }

  // ---- rollouts ----

  async rolling(): Promise<void> {
    const { newRS, oldRSs } = await this.newAndOld(true);
    const all = [...oldRSs, newRS!];
    // Scale up, if we can.
    const desired = desiredOf(this.d);
    if (replicasOf(newRS) !== desired) {
      const target = replicasOf(newRS) > desired ? desired : newReplicaSetReplicas(this.d.spec?.strategy, desired, oldRSs.map(countsOf), countsOf(newRS!));
      if ((await this.scaleAndRecord(newRS!, target)).scaled) return this.syncRolloutStatus(all, newRS);
    }
    // Scale down, if we can.
    const steps = oldReplicaSetScaleDowns(this.d.spec?.strategy, desired, filterActive(oldRSs).map(countsOf), countsOf(newRS!));
    let scaledDown = false;
    for (const step of steps) {
      const rs = oldRSs.find((set) => set.metadata?.name === step.name)!;
      if ((await this.scaleAndRecord(rs, step.replicas)).scaled) scaledDown = true;
    }
    if (scaledDown) return this.syncRolloutStatus(all, newRS);
    if (deploymentComplete(this.d, this.d.status ?? {})) await this.cleanup(oldRSs);
    return this.syncRolloutStatus(all, newRS);
  }

  async recreate(): Promise<void> {
    let { newRS, oldRSs } = await this.newAndOld(false);
    let all = [...oldRSs, ...(newRS ? [newRS] : [])];
    let scaledDown = false;
    for (const old of filterActive(oldRSs)) if ((await this.scaleAndRecord(old, 0)).scaled) scaledDown = true;
    if (scaledDown) return this.syncRolloutStatus(all, newRS);
    if (this.oldPodsRunning(newRS, oldRSs)) return this.syncRolloutStatus(all, newRS);
    if (!newRS) {
      ({ newRS, oldRSs } = await this.newAndOld(true));
      all = [...oldRSs, newRS!];
    }
    await this.scaleAndRecord(newRS!, desiredOf(this.d));
    if (deploymentComplete(this.d, this.d.status ?? {})) await this.cleanup(oldRSs);
    return this.syncRolloutStatus(all, newRS);
  }

  /** Old ReplicaSets still have pods (by their status, or pods not yet finished). */
  private oldPodsRunning(newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): boolean {
    if (oldRSs.some((rs) => (rs.status?.replicas ?? 0) > 0)) return true;
    for (const [uid, pods] of this.podsBySet) {
      if (newRS && newRS.metadata?.uid === uid) continue;
      if (pods.some((pod) => pod.status?.phase !== 'Failed' && pod.status?.phase !== 'Succeeded')) return true;
    }
    return false;
  }

  /** Deletes the oldest empty ReplicaSets beyond revisionHistoryLimit. */
  private async cleanup(oldRSs: ReplicaSet[]): Promise<void> {
    const limit = this.d.spec?.revisionHistoryLimit;
    if (limit === undefined || limit === 2147483647) return;
    const cleanable = oldRSs.filter((rs) => !rs.metadata?.deletionTimestamp);
    const surplus = cleanable.length - limit;
    if (surplus <= 0) return;
    cleanable.sort((a, b) => revisionOf(a) - revisionOf(b) || byCreation(a, b));
    for (const rs of cleanable.slice(0, surplus)) {
      if ((rs.status?.replicas ?? 0) !== 0 || replicasOf(rs) !== 0 || (rs.metadata?.generation ?? 0) > (rs.status?.observedGeneration ?? 0)) continue;
      try {
        await this.deps.replicaSets.delete(this.namespace, rs.metadata!.name!, { preconditions: { uid: rs.metadata!.uid! } });
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
  }

  // ---- status ----

  private async syncStatus(all: ReplicaSet[], newRS: ReplicaSet | undefined): Promise<void> {
    const status = calculateStatus(all, newRS, this.d, this.deps.now());
    if (deploymentStatusEqual(this.d.status, status)) return;
    this.d.status = status;
    await this.writeStatus();
  }

  private async syncRolloutStatus(all: ReplicaSet[], newRS: ReplicaSet | undefined): Promise<void> {
    const now = this.deps.now();
    const status = rolloutStatus(all, newRS, this.d, now);
    if (deploymentStatusEqual(this.d.status, status)) {
      const after = stuckRequeueAfter(this.d, status, now);
      if (after !== undefined) this.deps.requeueAfter(after);
      return;
    }
    this.d.status = status;
    await this.writeStatus();
    const after = stuckRequeueAfter(this.d, status, now);
    if (after !== undefined) this.deps.requeueAfter(after);
  }
}
