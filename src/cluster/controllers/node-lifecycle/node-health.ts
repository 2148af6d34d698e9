// The node lifecycle controller's decisions, pure (Kubernetes' pkg/controller/nodelifecycle and
// its taint manager):
//   - a node is healthy while its heartbeat (the Lease's renewTime, or the Ready condition's
//     lastHeartbeatTime) keeps changing; the grace period is counted from when this controller
//     last SAW it change (as Kubernetes' probeTimestamp), so clock skew between nodes and a
//     controller that just started do not mark nodes down;
//   - a node past the grace period gets its conditions set to Unknown (NodeStatusUnknown);
//   - Ready Unknown ⇒ node.kubernetes.io/unreachable NoSchedule + NoExecute taints, Ready False
//     ⇒ node.kubernetes.io/not-ready NoSchedule + NoExecute, Ready True ⇒ neither;
//   - a pod on a node with NoExecute taints is evicted at once if it does not tolerate one of
//     them, after its shortest tolerationSeconds (from the taint's timeAdded) if it does, never
//     if it tolerates them all forever. Pods without their own not-ready / unreachable
//     tolerations get the DefaultTolerationSeconds admission plugin's (300 s by default): the
//     API server does not add them, so this controller applies them when it decides.
import type { Node, NodeCondition, Pod, Taint, Toleration } from 'kubernetes-types/core/v1.js';

export const unreachableTaintKey = 'node.kubernetes.io/unreachable';
export const notReadyTaintKey = 'node.kubernetes.io/not-ready';
export const nodeStatusUnknownReason = 'NodeStatusUnknown';
export const nodeStatusUnknownMessage = 'Kubelet stopped posting node status.';
/** Kubernetes' --node-monitor-grace-period. */
export const defaultNodeMonitorGracePeriodMs = 40_000;
/** The DefaultTolerationSeconds admission plugin's default. */
export const defaultTolerationSeconds = 300;

/** What the controller last saw of a node's heartbeat, and when it saw it change. */
export interface HeartbeatObservation {
  heartbeat: string;
  observedAt: number;
}

/** The node's heartbeat: the newer of its Lease's renewTime and its Ready condition's lastHeartbeatTime. */
export function heartbeatOf(node: Node, leaseRenewTime: string | undefined): string {
  const ready = readyConditionOf(node)?.lastHeartbeatTime ?? '';
  const renew = leaseRenewTime ?? '';
  return (Date.parse(renew) || 0) >= (Date.parse(ready) || 0) ? renew : ready;
}

/** The observation after seeing `heartbeat` at `now`: unchanged heartbeats keep their time. */
export function observe(previous: HeartbeatObservation | undefined, heartbeat: string, now: number): HeartbeatObservation {
  return previous && previous.heartbeat === heartbeat ? previous : { heartbeat, observedAt: now };
}

/** Milliseconds left before the node is overdue (≤ 0: it is). */
export function graceLeftMs(observation: HeartbeatObservation, gracePeriodMs: number, now: number): number {
  return observation.observedAt + gracePeriodMs - now;
}

export function readyConditionOf(node: Node): NodeCondition | undefined {
  return node.status?.conditions?.find((condition) => condition.type === 'Ready');
}

/**
 * The conditions of an overdue node: every condition the agent posts set to Unknown (reason
 * NodeStatusUnknown), heartbeat times kept, transition times now where the status changed.
 * Undefined when they are all Unknown already.
 */
export function unknownConditions(node: Node, nowTime: string): NodeCondition[] | undefined {
  const current = node.status?.conditions ?? [];
  const conditions = current.length > 0 ? current : [{ type: 'Ready', status: 'Unknown' }];
  if (current.length > 0 && current.every((condition) => condition.status === 'Unknown')) return undefined;
  return conditions.map((condition) => ({
    ...condition,
    status: 'Unknown',
    reason: nodeStatusUnknownReason,
    message: nodeStatusUnknownMessage,
    lastTransitionTime: condition.status === 'Unknown' && condition.lastTransitionTime ? condition.lastTransitionTime : nowTime,
    ...(condition.lastHeartbeatTime ? {} : { lastHeartbeatTime: nowTime }),
  }));
}

function isLifecycleTaint(taint: Taint): boolean {
  return (taint.key === unreachableTaintKey || taint.key === notReadyTaintKey) && (taint.effect === 'NoSchedule' || taint.effect === 'NoExecute');
}

/**
 * The node's taints as its Ready condition wants them: its other taints untouched, the
 * not-ready / unreachable ones added (timeAdded now) or removed; existing ones keep their
 * timeAdded. Undefined when nothing changes.
 */
export function desiredTaints(node: Node, nowTime: string): Taint[] | undefined {
  const current = node.spec?.taints ?? [];
  const status = readyConditionOf(node)?.status;
  const key = status === 'Unknown' ? unreachableTaintKey : status === 'False' ? notReadyTaintKey : undefined;
  const wanted: Taint[] = key
    ? (['NoSchedule', 'NoExecute'] as const).map((effect) => current.find((taint) => taint.key === key && taint.effect === effect) ?? { key, effect, timeAdded: nowTime })
    : [];
  const next = [...current.filter((taint) => !isLifecycleTaint(taint)), ...wanted];
  const same = next.length === current.length && next.every((taint) => current.includes(taint));
  return same ? undefined : next;
}

/** The pod's tolerations with the DefaultTolerationSeconds plugin's two added where it has none of its own. */
export function tolerationsWithDefaults(pod: Pod, notReadySeconds: number, unreachableSeconds: number): Toleration[] {
  const own = pod.spec?.tolerations ?? [];
  const covers = (key: string) => own.some((toleration) => (toleration.effect === 'NoExecute' || !toleration.effect) && (toleration.key === key || (!toleration.key && toleration.operator === 'Exists')));
  const added: Toleration[] = [];
  if (!covers(notReadyTaintKey)) added.push({ key: notReadyTaintKey, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: notReadySeconds });
  if (!covers(unreachableTaintKey)) added.push({ key: unreachableTaintKey, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: unreachableSeconds });
  return [...own, ...added];
}

function tolerates(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  if (toleration.operator === 'Exists') return true;
  return (toleration.operator ?? 'Equal') === 'Equal' && (toleration.value ?? '') === (taint.value ?? '');
}

/**
 * When (ms since the epoch) a pod with `tolerations` must leave a node with `taints`: `now` if
 * a NoExecute taint is not tolerated, the earliest timeAdded + tolerationSeconds (the shortest
 * matching toleration of each taint) otherwise; undefined if it may stay forever.
 */
export function evictionTime(taints: readonly Taint[], tolerations: readonly Toleration[], now: number): number | undefined {
  let soonest: number | undefined;
  for (const taint of taints) {
    if (taint.effect !== 'NoExecute') continue;
    const matching = tolerations.filter((toleration) => tolerates(toleration, taint));
    if (matching.length === 0) return now;
    const seconds = matching.map((toleration) => toleration.tolerationSeconds).filter((value): value is number => typeof value === 'number');
    if (seconds.length === 0) continue; // tolerated forever
    const shortest = Math.min(...seconds);
    const added = Date.parse(taint.timeAdded ?? '') || now;
    const at = shortest <= 0 ? now : added + shortest * 1000;
    soonest = Math.min(soonest ?? Infinity, at);
  }
  return soonest;
}
