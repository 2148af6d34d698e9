// Which pods a ReplicaSet deletes first when it has too many, in Kubernetes' order
// (controller.ActivePodsWithRanks): not yet scheduled before scheduled; Pending before Unknown
// before Running; not ready before ready; lower controller.kubernetes.io/pod-deletion-cost
// first; pods doubled up on a node (more of this ReplicaSet's pods there) first; ready for less
// time first; more container restarts first; newer first.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { maxContainerRestarts, podIsReady, readyCondition } from '../pod-readiness.ts';

const phaseOrder: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };
const deletionCostAnnotation = 'controller.kubernetes.io/pod-deletion-cost';

function deletionCost(pod: Pod): number {
  const text = pod.metadata?.annotations?.[deletionCostAnnotation];
  const value = text === undefined ? 0 : Number(text);
  return Number.isInteger(value) ? value : 0;
}

/** Time as a number, with "no time" first among times that differ (Kubernetes' afterOrZero). */
function timeOrZero(text: string | undefined): number {
  const value = text ? Date.parse(text) : NaN;
  return Number.isFinite(value) ? value : Number.POSITIVE_INFINITY;
}

/**
 * `pods` sorted so the first ones are the ones to delete. `related` are the pods whose
 * co-location counts (the ReplicaSet's own, usually the same list).
 */
export function podsInDeletionOrder(pods: readonly Pod[], related: readonly Pod[] = pods): Pod[] {
  const perNode = new Map<string, number>();
  for (const pod of related) {
    const node = pod.spec?.nodeName;
    if (node) perNode.set(node, (perNode.get(node) ?? 0) + 1);
  }
  const rank = (pod: Pod) => (pod.spec?.nodeName ? (perNode.get(pod.spec.nodeName) ?? 0) : 0);
  const ranked = pods.map((pod) => ({ pod, rank: rank(pod) }));
  ranked.sort((a, b) => compare(a.pod, a.rank, b.pod, b.rank));
  return ranked.map((entry) => entry.pod);
}

function compare(a: Pod, rankA: number, b: Pod, rankB: number): number {
  const nodeA = a.spec?.nodeName ?? '';
  const nodeB = b.spec?.nodeName ?? '';
  if (nodeA !== nodeB && (nodeA === '' || nodeB === '')) return nodeA === '' ? -1 : 1;
  const phaseA = phaseOrder[a.status?.phase ?? 'Pending'] ?? 0;
  const phaseB = phaseOrder[b.status?.phase ?? 'Pending'] ?? 0;
  if (phaseA !== phaseB) return phaseA - phaseB;
  const readyA = podIsReady(a);
  const readyB = podIsReady(b);
  if (readyA !== readyB) return readyA ? 1 : -1;
  const costA = deletionCost(a);
  const costB = deletionCost(b);
  if (costA !== costB) return costA - costB;
  if (rankA !== rankB) return rankB - rankA;
  if (readyA && readyB) {
    const sinceA = timeOrZero(readyCondition(a)?.lastTransitionTime);
    const sinceB = timeOrZero(readyCondition(b)?.lastTransitionTime);
    // Ready more recently (or at no known time) goes first.
    if (sinceA !== sinceB) return sinceB - sinceA > 0 ? 1 : -1;
  }
  const restartsA = maxContainerRestarts(a);
  const restartsB = maxContainerRestarts(b);
  if (restartsA !== restartsB) return restartsB - restartsA;
  const createdA = timeOrZero(a.metadata?.creationTimestamp);
  const createdB = timeOrZero(b.metadata?.creationTimestamp);
  if (createdA !== createdB) return createdB - createdA > 0 ? 1 : -1;
  return 0;
}
