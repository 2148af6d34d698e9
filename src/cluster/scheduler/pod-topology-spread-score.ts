// PodTopologySpread (score), for ScheduleAnyway constraints — the pod's own, or the cluster
// defaults that spread a workload's replicas over nodes and zones. A node scores, per
// constraint, (matching pods in its domain) × log(number of domains + 2) + maxSkew − 1; fewer is
// better, so scores are flipped and scaled: 100 × (max + min − score) / max. With the pod's own
// constraints, nodes lacking a topology key are ignored (score 0); with the defaults, a node
// without a zone label is still spread by hostname.
import { maxNodeScore, type ScorePlugin, SKIP } from './framework.ts';
import type { NodeInfo } from './node-info.ts';
import { hasAllTopologyKeys, hostnameLabel, nodeIncluded, type SpreadConstraint, spreadConstraints, zoneLabel } from './spread-constraints.ts';

interface State {
  constraints: SpreadConstraint[];
  /** Feasible nodes that cannot be scored (missing a topology key of the pod's own constraints). */
  ignored: Set<NodeInfo> | undefined;
  /** Per constraint (not hostname): domain value → matching pods, for domains of feasible nodes. */
  counts: (Map<string, number> | undefined)[];
  /** Per constraint: log(domains + 2), so that small topologies are not drowned by big ones. */
  weights: number[];
}

export const podTopologySpreadScore: ScorePlugin<State> = {
  name: 'PodTopologySpread',
  preScore(pod, feasible, snapshot) {
    const { constraints, defaulted } = spreadConstraints(pod, 'ScheduleAnyway');
    if (constraints.length === 0 || snapshot.size === 0) return SKIP;
    const requireAllTopologies = !defaulted;
    const counts = constraints.map((constraint) => (constraint.topologyKey === hostnameLabel ? undefined : new Map<string, number>()));
    let ignored: Set<NodeInfo> | undefined;
    for (const node of feasible) {
      if (requireAllTopologies && !hasAllTopologyKeys(node, constraints)) {
        (ignored ??= new Set()).add(node);
        continue;
      }
      for (let i = 0; i < constraints.length; i++) {
        const domains = counts[i];
        if (!domains) continue;
        const value = node.labels.get(constraints[i]!.topologyKey) ?? '';
        if (!domains.has(value)) domains.set(value, 0);
      }
    }
    const weights = constraints.map((_, i) => Math.log((counts[i] ? counts[i].size : feasible.length - (ignored?.size ?? 0)) + 2));
    // Zone counts of a workload come from the snapshot's index when every node counts (the pod
    // has no required node affinity to honor); otherwise, and for other keys, count node by node.
    const indexed = constraints.map((constraint) => constraint.workload !== undefined && constraint.topologyKey === zoneLabel && !pod.requiredNodeAffinity);
    for (let i = 0; i < constraints.length; i++) {
      if (!indexed[i] || !counts[i]) continue;
      const zones = snapshot.workloadZoneCounts(constraints[i]!.workload!);
      if (zones) for (const value of counts[i]!.keys()) counts[i]!.set(value, zones.get(value) ?? 0);
    }
    if (counts.some((domains, i) => domains !== undefined && !indexed[i])) {
      for (const node of snapshot.nodes) {
        if (requireAllTopologies && !hasAllTopologyKeys(node, constraints)) continue;
        for (let i = 0; i < constraints.length; i++) {
          const domains = counts[i];
          if (!domains || indexed[i]) continue;
          const constraint = constraints[i]!;
          const value = node.labels.get(constraint.topologyKey) ?? '';
          const current = domains.get(value);
          if (current === undefined || !nodeIncluded(constraint, pod, node)) continue;
          domains.set(value, current + constraint.selector.count(node));
        }
      }
    }
    return { constraints, ignored, counts, weights };
  },
  score(state, pod, node) {
    if (state.ignored?.has(node)) return 0;
    let score = 0;
    for (let i = 0; i < state.constraints.length; i++) {
      const constraint = state.constraints[i]!;
      const value = node.labels.get(constraint.topologyKey);
      if (value === undefined) continue;
      const domains = state.counts[i];
      const count = domains ? (domains.get(value) ?? 0) : constraint.selector.count(node);
      score += count * state.weights[i]! + (constraint.maxSkew - 1);
    }
    return Math.round(score);
  },
  normalize(state, scores, feasible) {
    let min = Infinity;
    let max = 0;
    for (let i = 0; i < feasible.length; i++) {
      if (state.ignored?.has(feasible[i]!)) continue;
      if (scores[i]! < min) min = scores[i]!;
      if (scores[i]! > max) max = scores[i]!;
    }
    for (let i = 0; i < feasible.length; i++) {
      if (state.ignored?.has(feasible[i]!)) scores[i] = 0;
      else if (max === 0) scores[i] = maxNodeScore;
      else scores[i] = Math.trunc((maxNodeScore * (max + min - scores[i]!)) / max);
    }
  },
};
