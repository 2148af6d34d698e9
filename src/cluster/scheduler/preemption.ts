// What DefaultPreemption (PostFilter) concludes when no node fits, as far as the message and the
// choice of candidates go; evicting victims and nominating a node is the caller's business.
//
// Only nodes rejected as Unschedulable can be helped. On each, every pod of lower priority than
// the incoming pod is a potential victim: none → "No preemption victims found for incoming pod";
// otherwise the filters run again as if all of them were gone — still rejected → that reason;
// fits → the node is a candidate (and kube-scheduler would preempt rather than report).
// Every other node is "Preemption is not helpful for scheduling". A pod with
// preemptionPolicy: Never is "not eligible due to preemptionPolicy=Never.".
import { fitErrorMessage } from './fit-error.ts';
import type { FilterPlugin, Rejection } from './framework.ts';
import type { NodeInfo } from './node-info.ts';
import type { PodInfo } from './pod-info.ts';

export const reasonNoVictims = 'No preemption victims found for incoming pod';
export const reasonNotHelpful = 'Preemption is not helpful for scheduling';
export const reasonPreemptNever = 'not eligible due to preemptionPolicy=Never.';

export interface ActiveFilter {
  readonly plugin: FilterPlugin<any>;
  readonly state: unknown;
}

export interface PreemptionOutcome {
  /** The PostFilter message ("preemption: …"); undefined when some node is a candidate. */
  message: string | undefined;
  /** Nodes where evicting lower-priority pods would make room. */
  candidates: string[];
}

/** Whether the pod fits `node` once `victims` are gone, re-running the filters on copies of their state. */
function fitsWithout(pod: PodInfo, node: NodeInfo, victims: readonly PodInfo[], filters: readonly ActiveFilter[]): Rejection | null {
  const remaining = node.without(new Set(victims));
  for (const { plugin, state } of filters) {
    let nodeState = state;
    if (plugin.cloneState && plugin.removePod) {
      nodeState = plugin.cloneState(state);
      for (const victim of victims) plugin.removePod(nodeState, pod, victim, remaining);
    }
    const rejected = plugin.filter(nodeState, pod, remaining);
    if (rejected) return rejected;
  }
  return null;
}

export function evaluatePreemption(
  pod: PodInfo,
  numAllNodes: number,
  rejected: ReadonlyMap<NodeInfo, Rejection>,
  filters: readonly ActiveFilter[],
): PreemptionOutcome {
  if (pod.pod.spec?.preemptionPolicy === 'Never') return { message: `preemption: ${reasonPreemptNever}`, candidates: [] };
  const statuses: (readonly string[])[] = [];
  const candidates: string[] = [];
  for (const [node, rejection] of rejected) {
    if (rejection.code !== 'Unschedulable') continue;
    const victims = node.pods.filter((candidate) => candidate.priority < pod.priority);
    if (victims.length === 0) {
      statuses.push([reasonNoVictims]);
      continue;
    }
    const stillRejected = fitsWithout(pod, node, victims, filters);
    if (stillRejected) statuses.push(stillRejected.reasons);
    else candidates.push(node.name);
  }
  if (candidates.length > 0) return { message: undefined, candidates };
  const inner = fitErrorMessage({ numAllNodes, nodeReasons: statuses, absentReasons: [reasonNotHelpful] });
  return { message: `preemption: ${inner}`, candidates };
}
