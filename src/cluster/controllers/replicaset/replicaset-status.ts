// A ReplicaSet's status from the pods it owns (Kubernetes' calculateStatus): replicas counts
// active pods, fullyLabeledReplicas those carrying every label of the template, readyReplicas
// the Ready ones, availableReplicas those Ready for minReadySeconds. A failed create or delete
// raises the ReplicaFailure condition (FailedCreate / FailedDelete); a clean sync lowers it.
import type { ReplicaSet, ReplicaSetCondition, ReplicaSetStatus } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { messageOf } from '../../../util/errors.ts';
import { canonicalJson } from '../deployment/pod-template-hash.ts';
import { podIsAvailable, podIsReady } from '../pod-readiness.ts';
import { kubeTime } from '../../api/kube-time.ts';

function hasLabels(pod: Pod, labels: Record<string, string> | undefined): boolean {
  const own = pod.metadata?.labels ?? {};
  return Object.entries(labels ?? {}).every(([key, value]) => own[key] === value);
}

/** The status `rs` should have, given its active owned pods and how its last manageReplicas went. */
export function calculateReplicaSetStatus(rs: ReplicaSet, pods: readonly Pod[], manageError: unknown, now: Date): ReplicaSetStatus {
  const minReadySeconds = rs.spec?.minReadySeconds ?? 0;
  const templateLabels = rs.spec?.template?.metadata?.labels;
  let fullyLabeled = 0;
  let ready = 0;
  let available = 0;
  for (const pod of pods) {
    if (hasLabels(pod, templateLabels)) fullyLabeled++;
    if (podIsReady(pod)) {
      ready++;
      if (podIsAvailable(pod, minReadySeconds, now)) available++;
    }
  }
  const conditions: ReplicaSetCondition[] = (rs.status?.conditions ?? []).map((condition) => ({ ...condition }));
  const failure = conditions.find((condition) => condition.type === 'ReplicaFailure');
  let newConditions = conditions;
  if (manageError !== undefined && !failure) {
    const diff = pods.length - (rs.spec?.replicas ?? 1);
    const reason = diff < 0 ? 'FailedCreate' : diff > 0 ? 'FailedDelete' : '';
    newConditions = [...conditions, { type: 'ReplicaFailure', status: 'True', lastTransitionTime: kubeTime(now), reason, message: messageOf(manageError) }];
  } else if (manageError === undefined && failure) {
    newConditions = conditions.filter((condition) => condition.type !== 'ReplicaFailure');
  }
  const status: ReplicaSetStatus = {
    replicas: pods.length,
    fullyLabeledReplicas: fullyLabeled,
    readyReplicas: ready,
    availableReplicas: available,
    observedGeneration: rs.status?.observedGeneration,
  };
  if (newConditions.length > 0) status.conditions = newConditions;
  return status;
}

/** Whether two statuses differ in anything calculateReplicaSetStatus sets (zeros and absence are equal). */
export function replicaSetStatusEqual(a: ReplicaSetStatus | undefined, b: ReplicaSetStatus | undefined): boolean {
  const counts = ['replicas', 'fullyLabeledReplicas', 'readyReplicas', 'availableReplicas', 'observedGeneration'] as const;
  for (const field of counts) if ((a?.[field] ?? 0) !== (b?.[field] ?? 0)) return false;
  return canonicalJson(a?.conditions ?? []) === canonicalJson(b?.conditions ?? []);
}
