// PodTopologySpread (filter): for each DoNotSchedule constraint, placing the pod in the node's
// domain must keep  matching pods there + 1 (if the pod matches itself) − the fewest matching
// pods in any eligible domain  ≤ maxSkew. The fewest counts as 0 while fewer than minDomains
// domains exist. A node without the topology key cannot host the pod at all.
import { type FilterPlugin, rejection, SKIP } from './framework.ts';
import type { NodeInfo } from './node-info.ts';
import type { PodInfo } from './pod-info.ts';
import { hasAllTopologyKeys, nodeIncluded, type SpreadConstraint, spreadConstraints } from './spread-constraints.ts';

export const errReasonConstraintsNotMatch = "node(s) didn't match pod topology spread constraints";
export const errReasonNodeLabelNotMatch = `${errReasonConstraintsNotMatch} (missing required label)`;

const pluginName = 'PodTopologySpread';
const notMatched = rejection(pluginName, 'Unschedulable', errReasonConstraintsNotMatch);
const missingLabel = rejection(pluginName, 'UnschedulableAndUnresolvable', errReasonNodeLabelNotMatch);

interface State {
  constraints: SpreadConstraint[];
  /** Per constraint: eligible domain value → matching pods. */
  counts: Map<string, number>[];
  /** Per constraint: the smallest count (Infinity with no domain). */
  minimums: number[];
}

function minimum(counts: Map<string, number>): number {
  let min = Infinity;
  for (const count of counts.values()) if (count < min) min = count;
  return min;
}

export const podTopologySpread: FilterPlugin<State> = {
  name: pluginName,
  preFilter(pod, snapshot) {
    const { constraints } = spreadConstraints(pod, 'DoNotSchedule');
    if (constraints.length === 0) return SKIP;
    const counts = constraints.map(() => new Map<string, number>());
    for (const node of snapshot.nodes) {
      if (!hasAllTopologyKeys(node, constraints)) continue;
      for (let i = 0; i < constraints.length; i++) {
        const constraint = constraints[i]!;
        if (!nodeIncluded(constraint, pod, node)) continue;
        const value = node.labels.get(constraint.topologyKey)!;
        counts[i]!.set(value, (counts[i]!.get(value) ?? 0) + constraint.selector.count(node));
      }
    }
    return { state: { constraints, counts, minimums: counts.map(minimum) } };
  },
  filter(state, pod, node) {
    for (let i = 0; i < state.constraints.length; i++) {
      const constraint = state.constraints[i]!;
      const value = node.labels.get(constraint.topologyKey);
      if (value === undefined) return missingLabel;
      const counts = state.counts[i]!;
      const min = counts.size < constraint.minDomains ? 0 : state.minimums[i]!;
      const self = constraint.selector.matches(pod) ? 1 : 0;
      if ((counts.get(value) ?? 0) + self - min > constraint.maxSkew) return notMatched;
    }
    return null;
  },
  cloneState(state) {
    return { constraints: state.constraints, counts: state.counts.map((counts) => new Map(counts)), minimums: [...state.minimums] };
  },
  removePod(state, pod: PodInfo, removed: PodInfo, node: NodeInfo) {
    if (removed.namespace !== pod.namespace || removed.terminating || !hasAllTopologyKeys(node, state.constraints)) return;
    for (let i = 0; i < state.constraints.length; i++) {
      const constraint = state.constraints[i]!;
      if (!constraint.selector.matches(removed) || !nodeIncluded(constraint, pod, node)) continue;
      const value = node.labels.get(constraint.topologyKey)!;
      const counts = state.counts[i]!;
      counts.set(value, (counts.get(value) ?? 0) - 1);
      state.minimums[i] = minimum(counts);
    }
  },
};
