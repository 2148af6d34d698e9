// Topology spread constraints as PodTopologySpread evaluates them: the pod's own
// (spec.topologySpreadConstraints, with matchLabelKeys merged into the selector) or, for a pod
// with none, the cluster defaults — spread replicas of the same workload across nodes
// (kubernetes.io/hostname, maxSkew 3) and zones (topology.kubernetes.io/zone, maxSkew 5), both
// ScheduleAnyway. kube-scheduler selects "the same workload" with the label selectors of the
// Services, ReplicaSets, StatefulSets and ReplicationControllers that select the pod; Minato
// uses the pod's controlling ReplicaSet/StatefulSet/ReplicationController, which picks the same
// replicas without listing those objects (Services alone do not group pods here).
import type { TopologySpreadConstraint } from 'kubernetes-types/core/v1.js';
import { type LabelMatcher, withMatchLabels } from './labels.ts';
import type { NodeInfo } from './node-info.ts';
import type { PodInfo } from './pod-info.ts';
import { findUntoleratedTaint } from './taints.ts';

export const hostnameLabel = 'kubernetes.io/hostname';
export const zoneLabel = 'topology.kubernetes.io/zone';

/** Which pods a constraint counts. */
export interface SpreadSelector {
  /** Whether the selector selects this pod (the incoming pod counts itself when it does). */
  matches(pod: PodInfo): boolean;
  /** Matching pods on a node: in the pod's namespace, not terminating (countPodsMatchSelector). */
  count(node: NodeInfo): number;
}

export interface SpreadConstraint {
  readonly maxSkew: number;
  readonly topologyKey: string;
  readonly minDomains: number;
  readonly honorNodeAffinity: boolean;
  readonly honorNodeTaints: boolean;
  readonly selector: SpreadSelector;
  /** Set for the default constraints: the workload whose replicas are spread. */
  readonly workload?: string;
}

export type WhenUnsatisfiable = 'DoNotSchedule' | 'ScheduleAnyway';

/**
 * Counting pods by label selector, remembered per node until the node's pods change. Replicas of
 * a workload share one selector object (same namespace, selector and matchLabelKeys values), so
 * a batch of them re-counts only the nodes that changed in between.
 */
class LabelSpreadSelector implements SpreadSelector {
  private readonly counts = new WeakMap<NodeInfo, { generation: number; count: number }>();
  private readonly matcher: LabelMatcher;
  private readonly namespace: string;

  constructor(matcher: LabelMatcher, namespace: string) {
    this.matcher = matcher;
    this.namespace = namespace;
  }

  matches(candidate: PodInfo): boolean {
    return this.matcher.matches(candidate.labels);
  }

  count(node: NodeInfo): number {
    if (this.matcher.empty) return 0;
    let cached = this.counts.get(node);
    if (cached && cached.generation === node.generation) return cached.count;
    let count = 0;
    const pods = node.pods;
    for (let i = 0; i < pods.length; i++) {
      const candidate = pods[i]!;
      if (!candidate.terminating && candidate.namespace === this.namespace && this.matcher.matches(candidate.labels)) count++;
    }
    if (cached) {
      cached.generation = node.generation;
      cached.count = count;
    } else this.counts.set(node, (cached = { generation: node.generation, count }));
    return count;
  }
}

const selectors = new Map<string, LabelSpreadSelector>();
const selectorsLimit = 10_000;

function labelSelectorOf(constraint: TopologySpreadConstraint, pod: PodInfo): SpreadSelector {
  const extra = new Map<string, string>();
  for (const key of constraint.matchLabelKeys ?? []) {
    const value = pod.labels.get(key);
    if (value !== undefined) extra.set(key, value);
  }
  const key = JSON.stringify([pod.namespace, constraint.labelSelector ?? null, [...extra]]);
  let selector = selectors.get(key);
  if (!selector) {
    if (selectors.size >= selectorsLimit) selectors.clear();
    selectors.set(key, (selector = new LabelSpreadSelector(withMatchLabels(constraint.labelSelector, extra), pod.namespace)));
  }
  return selector;
}

function workloadSelector(group: string): SpreadSelector {
  return {
    matches: (candidate) => candidate.spreadGroup === group,
    count: (node) => node.spreadGroupCounts.get(group) ?? 0,
  };
}

const systemDefaults = [
  { topologyKey: hostnameLabel, maxSkew: 3 },
  { topologyKey: zoneLabel, maxSkew: 5 },
];

/**
 * The constraints of one kind for a pod. `defaulted` is true when they are the cluster defaults
 * (which only ever ScheduleAnyway), and then nodes missing the zone label still spread by hostname.
 */
export function spreadConstraints(pod: PodInfo, action: WhenUnsatisfiable): { constraints: SpreadConstraint[]; defaulted: boolean } {
  const own = pod.pod.spec?.topologySpreadConstraints ?? [];
  if (own.length > 0) {
    const constraints = own
      .filter((constraint) => constraint.whenUnsatisfiable === action)
      .map((constraint) => ({
        maxSkew: constraint.maxSkew,
        topologyKey: constraint.topologyKey,
        minDomains: constraint.minDomains ?? 1,
        honorNodeAffinity: (constraint.nodeAffinityPolicy ?? 'Honor') === 'Honor',
        honorNodeTaints: constraint.nodeTaintsPolicy === 'Honor',
        selector: labelSelectorOf(constraint, pod),
      }));
    return { constraints, defaulted: false };
  }
  if (action !== 'ScheduleAnyway' || pod.spreadGroup === undefined) return { constraints: [], defaulted: true };
  const selector = workloadSelector(pod.spreadGroup);
  const workload = pod.spreadGroup;
  const constraints = systemDefaults.map((entry) => ({ ...entry, minDomains: 1, honorNodeAffinity: true, honorNodeTaints: false, selector, workload }));
  return { constraints, defaulted: true };
}

/** Whether the node carries every constraint's topology key. */
export function hasAllTopologyKeys(node: NodeInfo, constraints: readonly SpreadConstraint[]): boolean {
  for (let i = 0; i < constraints.length; i++) if (!node.labels.has(constraints[i]!.topologyKey)) return false;
  return true;
}

/** Node inclusion policies: whether the node's pods and domain count for this constraint. */
export function nodeIncluded(constraint: SpreadConstraint, pod: PodInfo, node: NodeInfo): boolean {
  if (constraint.honorNodeAffinity && pod.requiredNodeAffinity && !pod.requiredNodeAffinity.matches(node)) return false;
  if (constraint.honorNodeTaints && node.doNotScheduleTaints.length > 0 && findUntoleratedTaint(node.doNotScheduleTaints, pod.tolerations)) return false;
  return true;
}
