// What controllers ask of a pod: is it active (counts toward replicas), ready, available
// (ready for at least minReadySeconds) — Kubernetes' podutil helpers.
import type { Pod } from 'kubernetes-types/core/v1.js';

/** Not finished and not being deleted: it counts toward a controller's replicas. */
export function podIsActive(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata?.deletionTimestamp;
}

export function readyCondition(pod: Pod) {
  return pod.status?.conditions?.find((condition) => condition.type === 'Ready');
}

export function podIsReady(pod: Pod): boolean {
  return readyCondition(pod)?.status === 'True';
}

/** Ready, and for at least `minReadySeconds` (since the Ready condition last turned True). */
export function podIsAvailable(pod: Pod, minReadySeconds: number, now: Date): boolean {
  const ready = readyCondition(pod);
  if (ready?.status !== 'True') return false;
  if (minReadySeconds <= 0) return true;
  const since = ready.lastTransitionTime ? Date.parse(ready.lastTransitionTime) : NaN;
  return Number.isFinite(since) && since + minReadySeconds * 1000 <= now.getTime();
}

/** The most restarts of any of its containers. */
export function maxContainerRestarts(pod: Pod): number {
  return Math.max(0, ...(pod.status?.containerStatuses ?? []).map((status) => status.restartCount ?? 0));
}
