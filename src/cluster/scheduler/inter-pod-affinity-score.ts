// InterPodAffinity (score). Every existing pod X on a node N contributes to the domains of N
// (per term's topology key):
//   + weight of each preferred affinity term of the incoming pod that X matches,
//   − weight of each preferred anti-affinity term of the incoming pod that X matches,
//   + 1 (hardPodAffinityWeight) for each required affinity term of X the incoming pod matches,
//   + weight of each preferred affinity term of X the incoming pod matches,
//   − weight of each preferred anti-affinity term of X the incoming pod matches.
// A node scores the sum over its domains; scores are then scaled min→0, max→100. Unless the
// incoming pod has preferred terms, only pods with affinity need looking at.
import { maxNodeScore, type ScorePlugin, SKIP } from './framework.ts';
import type { LabelSet } from './labels.ts';
import type { NodeInfo } from './node-info.ts';
import { type AffinityTerm, affinityTermMatches, countTermMatches, type PodInfo } from './pod-info.ts';
import type { Snapshot } from './snapshot.ts';

/** topologyKey → value → score. */
type TopologyScore = Map<string, Map<string, number>>;

function addTerm(scores: TopologyScore, term: AffinityTerm, weight: number, pod: PodInfo, namespaceLabels: LabelSet | undefined, node: NodeInfo): void {
  if (!affinityTermMatches(term, pod, namespaceLabels)) return;
  const value = node.labels.get(term.topologyKey);
  if (value !== undefined) add(scores, term.topologyKey, value, weight);
}

function add(scores: TopologyScore, key: string, value: string, amount: number): void {
  let values = scores.get(key);
  if (!values) scores.set(key, (values = new Map()));
  values.set(value, (values.get(value) ?? 0) + amount);
}

/** The incoming pod's preferred terms: each matching pod on the node adds ± the term's weight. */
function processIncomingTerms(scores: TopologyScore, incoming: PodInfo, node: NodeInfo, snapshot: Snapshot): void {
  const namespaceLabels = (namespace: string) => snapshot.namespaceLabels(namespace);
  for (const { term, weight } of incoming.preferredAffinityTerms) {
    const value = node.labels.get(term.topologyKey);
    if (value === undefined) continue;
    const count = countTermMatches(term, node, namespaceLabels);
    if (count > 0) add(scores, term.topologyKey, value, count * weight);
  }
  for (const { term, weight } of incoming.preferredAntiAffinityTerms) {
    const value = node.labels.get(term.topologyKey);
    if (value === undefined) continue;
    const count = countTermMatches(term, node, namespaceLabels);
    if (count > 0) add(scores, term.topologyKey, value, -count * weight);
  }
}

/** The node's pods' own terms that select the incoming pod, with their summed weights. */
function processExistingTerms(scores: TopologyScore, incoming: PodInfo, incomingNamespaceLabels: LabelSet | undefined, node: NodeInfo): void {
  for (const [term, weight] of node.affinityTermWeights) addTerm(scores, term, weight, incoming, incomingNamespaceLabels, node);
}

export const interPodAffinityScore: ScorePlugin<TopologyScore> = {
  name: 'InterPodAffinity',
  preScore(pod, _feasible, snapshot) {
    const hasPreferred = pod.preferredAffinityTerms.length > 0 || pod.preferredAntiAffinityTerms.length > 0;
    if (!hasPreferred && !snapshot.hasPodsWithAffinity) return SKIP;
    const scores: TopologyScore = new Map();
    const namespaceLabels = snapshot.namespaceLabels(pod.namespace);
    if (hasPreferred) {
      for (const node of snapshot.nodes) if (node.labels.size > 0 && node.pods.length > 0) processIncomingTerms(scores, pod, node, snapshot);
    }
    for (const node of snapshot.nodesWithPodAffinity()) if (node.labels.size > 0) processExistingTerms(scores, pod, namespaceLabels, node);
    return scores.size === 0 ? SKIP : scores;
  },
  score(scores, _pod, node) {
    let sum = 0;
    for (const [key, values] of scores) {
      const value = node.labels.get(key);
      if (value !== undefined) sum += values.get(value) ?? 0;
    }
    return sum;
  },
  normalize(_scores, scores, feasible) {
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < feasible.length; i++) {
      if (scores[i]! > max) max = scores[i]!;
      if (scores[i]! < min) min = scores[i]!;
    }
    const spread = max - min;
    for (let i = 0; i < feasible.length; i++) {
      // Same float steps as Go: 100 × (share), truncated.
      scores[i] = spread > 0 ? Math.trunc(maxNodeScore * ((scores[i]! - min) / spread)) : 0;
    }
  },
};
