// A Deployment's status from its ReplicaSets (Kubernetes' calculateStatus and
// syncRolloutStatus): the replica counts `kubectl rollout status` waits on, and the Available
// and Progressing conditions with Kubernetes' reasons and messages — including the progress
// deadline: no progress for spec.progressDeadlineSeconds makes Progressing False
// (ProgressDeadlineExceeded), which `kubectl rollout status` reports as a failure.
import type { Deployment, DeploymentCondition, DeploymentStatus, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import { kubeTime } from '../../api/kube-time.ts';
import { maxUnavailable } from './rolling-update.ts';
import { desiredOf } from './deployment-util.ts';
import { canonicalJson } from './pod-template-hash.ts';

export const reasons = {
  minimumReplicasAvailable: 'MinimumReplicasAvailable',
  minimumReplicasUnavailable: 'MinimumReplicasUnavailable',
  newReplicaSet: 'NewReplicaSetCreated',
  foundNewReplicaSet: 'FoundNewReplicaSet',
  replicaSetUpdated: 'ReplicaSetUpdated',
  newReplicaSetAvailable: 'NewReplicaSetAvailable',
  timedOut: 'ProgressDeadlineExceeded',
  failedReplicaSetCreate: 'ReplicaSetCreateError',
  paused: 'DeploymentPaused',
  resumed: 'DeploymentResumed',
} as const;

const sum = (sets: readonly ReplicaSet[], pick: (rs: ReplicaSet) => number | undefined) => sets.reduce((total, rs) => total + (pick(rs) ?? 0), 0);

export function getCondition(status: DeploymentStatus | undefined, type: string): DeploymentCondition | undefined {
  return status?.conditions?.find((condition) => condition.type === type);
}

export function newCondition(type: string, status: 'True' | 'False' | 'Unknown', reason: string, message: string, now: Date): DeploymentCondition {
  const time = kubeTime(now);
  return { type, status, reason, message, lastUpdateTime: time, lastTransitionTime: time };
}

/** Sets `condition` in `status` (changing it) unless one of its type with the same status and reason is there; keeps lastTransitionTime when the status is unchanged. */
export function setCondition(status: DeploymentStatus, condition: DeploymentCondition): void {
  const current = getCondition(status, condition.type);
  if (current && current.status === condition.status && current.reason === condition.reason) return;
  const next = { ...condition };
  if (current && current.status === condition.status) next.lastTransitionTime = current.lastTransitionTime;
  status.conditions = [...(status.conditions ?? []).filter((item) => item.type !== condition.type), next];
}

export function removeCondition(status: DeploymentStatus, type: string): void {
  if (!status.conditions) return;
  status.conditions = status.conditions.filter((condition) => condition.type !== type);
  if (status.conditions.length === 0) delete status.conditions;
}

export function hasProgressDeadline(deployment: Deployment): boolean {
  const seconds = deployment.spec?.progressDeadlineSeconds;
  return seconds !== undefined && seconds !== 2147483647;
}

/** Replica counts and the Available condition (calculateStatus). */
export function calculateStatus(allSets: readonly ReplicaSet[], newRS: ReplicaSet | undefined, deployment: Deployment, now: Date): DeploymentStatus {
  const available = sum(allSets, (rs) => rs.status?.availableReplicas);
  const total = sum(allSets, (rs) => rs.spec?.replicas);
  const status: DeploymentStatus = {
    observedGeneration: deployment.metadata?.generation,
    replicas: sum(allSets, (rs) => rs.status?.replicas),
    updatedReplicas: newRS?.status?.replicas ?? 0,
    readyReplicas: sum(allSets, (rs) => rs.status?.readyReplicas),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, total - available),
  };
  if (deployment.status?.collisionCount !== undefined) status.collisionCount = deployment.status.collisionCount;
  if (deployment.status?.conditions) status.conditions = deployment.status.conditions.map((condition) => ({ ...condition }));
  const desired = desiredOf(deployment);
  if (available >= desired - maxUnavailable(deployment.spec?.strategy, desired)) {
    setCondition(status, newCondition('Available', 'True', reasons.minimumReplicasAvailable, 'Deployment has minimum availability.', now));
  } else {
    setCondition(status, newCondition('Available', 'False', reasons.minimumReplicasUnavailable, 'Deployment does not have minimum availability.', now));
  }
  return status;
}

/** Every replica updated and available, and this generation observed. */
export function deploymentComplete(deployment: Deployment, status: DeploymentStatus): boolean {
  const desired = desiredOf(deployment);
  return (status.updatedReplicas ?? 0) === desired && (status.replicas ?? 0) === desired && (status.availableReplicas ?? 0) === desired && (status.observedGeneration ?? 0) >= (deployment.metadata?.generation ?? 0);
}

/** Some progress since the recorded status: more updated, ready or available pods, or fewer old ones. */
export function deploymentProgressing(deployment: Deployment, status: DeploymentStatus): boolean {
  const old = deployment.status ?? {};
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (status.replicas ?? 0) - (status.updatedReplicas ?? 0);
  return (
    (status.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (status.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (status.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
  );
}

export function deploymentTimedOut(deployment: Deployment, status: DeploymentStatus, now: Date): boolean {
  if (!hasProgressDeadline(deployment)) return false;
  const condition = getCondition(status, 'Progressing');
  if (!condition) return false;
  if (condition.reason === reasons.newReplicaSetAvailable) return false;
  if (condition.reason === reasons.timedOut) return true;
  const from = Date.parse(condition.lastUpdateTime ?? '');
  return Number.isFinite(from) && from + deployment.spec!.progressDeadlineSeconds! * 1000 < now.getTime();
}

/** The status after a rollout step: counts, Available, Progressing, ReplicaFailure (syncRolloutStatus). */
export function rolloutStatus(allSets: readonly ReplicaSet[], newRS: ReplicaSet | undefined, deployment: Deployment, now: Date): DeploymentStatus {
  const status = calculateStatus(allSets, newRS, deployment, now);
  if (!hasProgressDeadline(deployment)) removeCondition(status, 'Progressing');
  const current = getCondition(deployment.status, 'Progressing');
  const complete = status.replicas === status.updatedReplicas && current?.reason === reasons.newReplicaSetAvailable;
  if (hasProgressDeadline(deployment) && !complete) {
    const name = deployment.metadata?.name;
    if (deploymentComplete(deployment, status)) {
      const message = newRS ? `ReplicaSet "${newRS.metadata?.name}" has successfully progressed.` : `Deployment "${name}" has successfully progressed.`;
      setCondition(status, newCondition('Progressing', 'True', reasons.newReplicaSetAvailable, message, now));
    } else if (deploymentProgressing(deployment, status)) {
      const message = newRS ? `ReplicaSet "${newRS.metadata?.name}" is progressing.` : `Deployment "${name}" is progressing.`;
      const condition = newCondition('Progressing', 'True', reasons.replicaSetUpdated, message, now);
      // Progress refreshes lastUpdateTime even with the same reason; the transition time stays.
      if (current?.status === 'True') condition.lastTransitionTime = current.lastTransitionTime;
      removeCondition(status, 'Progressing');
      setCondition(status, condition);
    } else if (deploymentTimedOut(deployment, status, now)) {
      const message = newRS ? `ReplicaSet "${newRS.metadata?.name}" has timed out progressing.` : `Deployment "${name}" has timed out progressing.`;
      setCondition(status, newCondition('Progressing', 'False', reasons.timedOut, message, now));
    }
  }
  const failure = replicaFailure(allSets, newRS);
  if (failure) setCondition(status, { type: 'ReplicaFailure', status: failure.status, reason: failure.reason ?? '', message: failure.message ?? '', lastUpdateTime: failure.lastTransitionTime ?? kubeTime(now), lastTransitionTime: failure.lastTransitionTime ?? kubeTime(now) });
  else removeCondition(status, 'ReplicaFailure');
  return status;
}

function replicaFailure(allSets: readonly ReplicaSet[], newRS: ReplicaSet | undefined) {
  for (const rs of newRS ? [newRS, ...allSets] : allSets) {
    const condition = rs.status?.conditions?.find((item) => item.type === 'ReplicaFailure' && item.status === 'True');
    if (condition) return condition;
  }
  return undefined;
}

/** When a rollout without progress should be looked at again to see whether it timed out (ms; undefined: no need). */
export function stuckRequeueAfter(deployment: Deployment, status: DeploymentStatus, now: Date): number | undefined {
  const current = getCondition(deployment.status, 'Progressing');
  if (!hasProgressDeadline(deployment) || !current) return undefined;
  if (deploymentComplete(deployment, status) || current.reason === reasons.timedOut) return undefined;
  const from = Date.parse(current.lastUpdateTime ?? '');
  if (!Number.isFinite(from)) return undefined;
  return Math.max(1000, from + deployment.spec!.progressDeadlineSeconds! * 1000 - now.getTime() + 500);
}

/** Status equality as the controller needs it (reflect.DeepEqual on the fields it writes). */
export function deploymentStatusEqual(a: DeploymentStatus | undefined, b: DeploymentStatus | undefined): boolean {
  const fields = ['observedGeneration', 'replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas', 'collisionCount'] as const;
  for (const field of fields) if ((a?.[field] ?? 0) !== (b?.[field] ?? 0)) return false;
  return canonicalJson(a?.conditions ?? []) === canonicalJson(b?.conditions ?? []);
}
