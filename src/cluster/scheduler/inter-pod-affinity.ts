// InterPodAffinity (filter).
//
// Required pod affinity: for every term, the node must have the term's topology key, and some
// pod matching ALL the pod's affinity terms must run in the node's domain (same value of that
// key). Exception: when no pod anywhere matches, a pod that matches its own terms may start the
// group ("node(s) didn't match pod affinity rules", unresolvable).
// Required pod anti-affinity: no pod matching a term may run in the node's domain for that
// term's key ("node(s) didn't match pod anti-affinity rules").
// Existing pods' required anti-affinity: the node must not be in the domain of a pod whose
// anti-affinity term matches the incoming pod ("node(s) didn't satisfy existing pods
// anti-affinity rules").
// The counts are taken once per pod over the whole snapshot, like kube-scheduler's PreFilter.
import { type FilterPlugin, rejection, SKIP } from './framework.ts';
import type { LabelSet } from './labels.ts';
import type { NodeInfo } from './node-info.ts';
import { type AffinityTerm, affinityTermMatches, countAllTermsMatches, countTermMatches, type PodInfo } from './pod-info.ts';
import type { Snapshot } from './snapshot.ts';
import { TopologyCounts } from './topology-counts.ts';

export const errReasonAffinityRulesNotMatch = "node(s) didn't match pod affinity rules";
export const errReasonAntiAffinityRulesNotMatch = "node(s) didn't match pod anti-affinity rules";
export const errReasonExistingAntiAffinityRulesNotMatch = "node(s) didn't satisfy existing pods anti-affinity rules";

const pluginName = 'InterPodAffinity';
const affinityRejected = rejection(pluginName, 'UnschedulableAndUnresolvable', errReasonAffinityRulesNotMatch);
const antiAffinityRejected = rejection(pluginName, 'Unschedulable', errReasonAntiAffinityRulesNotMatch);
const existingAntiAffinityRejected = rejection(pluginName, 'Unschedulable', errReasonExistingAntiAffinityRulesNotMatch);

interface State {
  /** Domains where an existing pod's required anti-affinity term matches the incoming pod. */
  existingAntiAffinity: TopologyCounts;
  /** Domains with pods matching all of the incoming pod's required affinity terms. */
  affinity: TopologyCounts;
  /** Domains with pods matching one of the incoming pod's required anti-affinity terms. */
  antiAffinity: TopologyCounts;
  /** The incoming pod's namespace labels, for existing pods' namespaceSelectors. */
  namespaceLabels: LabelSet | undefined;
  /** The incoming pod matches all its own affinity terms (may start its group). */
  selfMatch: boolean;
  snapshot: Snapshot;
}

function matchesAllTerms(terms: readonly AffinityTerm[], pod: PodInfo, namespaceLabels: LabelSet | undefined): boolean {
  if (terms.length === 0) return false;
  for (const term of terms) if (!affinityTermMatches(term, pod, namespaceLabels)) return false;
  return true;
}

/** Adds `sign` for `existing` (running on `node`) to every count it contributes to. */
function update(state: State, incoming: PodInfo, existing: PodInfo, node: NodeInfo, sign: 1 | -1): void {
  const labels = node.labels;
  for (const term of existing.requiredAntiAffinityTerms) {
    const value = labels.get(term.topologyKey);
    if (value !== undefined && affinityTermMatches(term, incoming, state.namespaceLabels)) state.existingAntiAffinity.add(term.topologyKey, value, sign);
  }
  if (incoming.requiredAffinityTerms.length === 0 && incoming.requiredAntiAffinityTerms.length === 0) return;
  // The incoming pod's terms select existing pods by those pods' namespaces.
  const namespaceLabels = state.snapshot.namespaceLabels(existing.namespace);
  if (incoming.requiredAffinityTerms.length > 0 && matchesAllTerms(incoming.requiredAffinityTerms, existing, namespaceLabels)) {
    for (const term of incoming.requiredAffinityTerms) {
      const value = labels.get(term.topologyKey);
      if (value !== undefined) state.affinity.add(term.topologyKey, value, sign);
    }
  }
  for (const term of incoming.requiredAntiAffinityTerms) {
    const value = labels.get(term.topologyKey);
    if (value !== undefined && affinityTermMatches(term, existing, namespaceLabels)) state.antiAffinity.add(term.topologyKey, value, sign);
  }
}

export const interPodAffinity: FilterPlugin<State> = {
  name: pluginName,
  preFilter(pod, snapshot) {
    const hasOwnTerms = pod.requiredAffinityTerms.length > 0 || pod.requiredAntiAffinityTerms.length > 0;
    if (!hasOwnTerms && !snapshot.hasPodsWithRequiredAntiAffinity) return SKIP;
    const state: State = {
      existingAntiAffinity: new TopologyCounts(),
      affinity: new TopologyCounts(),
      antiAffinity: new TopologyCounts(),
      namespaceLabels: snapshot.namespaceLabels(pod.namespace),
      selfMatch: matchesAllTerms(pod.requiredAffinityTerms, pod, snapshot.namespaceLabels(pod.namespace)),
      snapshot,
    };
    // Existing pods' anti-affinity against the incoming pod.
    for (const node of snapshot.nodesWithRequiredAntiAffinity()) {
      for (const [term, pods] of node.requiredAntiAffinityTerms) {
        const value = node.labels.get(term.topologyKey);
        if (value !== undefined && affinityTermMatches(term, pod, state.namespaceLabels)) state.existingAntiAffinity.add(term.topologyKey, value, pods);
      }
    }
    // The incoming pod's terms against existing pods, counted per node.
    if (hasOwnTerms) {
      const namespaceLabels = (namespace: string) => snapshot.namespaceLabels(namespace);
      for (const node of snapshot.nodes) {
        if (node.pods.length === 0) continue;
        const labels = node.labels;
        if (pod.requiredAffinityTerms.length > 0) {
          const count = countAllTermsMatches(pod.requiredAffinityTerms, node, namespaceLabels);
          if (count > 0) {
            for (const term of pod.requiredAffinityTerms) {
              const value = labels.get(term.topologyKey);
              if (value !== undefined) state.affinity.add(term.topologyKey, value, count);
            }
          }
        }
        for (const term of pod.requiredAntiAffinityTerms) {
          const value = labels.get(term.topologyKey);
          if (value === undefined) continue;
          const count = countTermMatches(term, node, namespaceLabels);
          if (count > 0) state.antiAffinity.add(term.topologyKey, value, count);
        }
      }
    }
    if (state.existingAntiAffinity.size === 0 && !hasOwnTerms) return SKIP;
    return { state };
  },
  filter(state, pod, node) {
    const labels = node.labels;
    // Affinity: all topology keys present, and matching pods in each domain (or a self-matching first pod).
    let podsExist = true;
    for (const term of pod.requiredAffinityTerms) {
      const value = labels.get(term.topologyKey);
      if (value === undefined) return affinityRejected;
      if (state.affinity.get(term.topologyKey, value) <= 0) podsExist = false;
    }
    if (!podsExist && !(state.affinity.size === 0 && state.selfMatch)) return affinityRejected;
    if (state.antiAffinity.size > 0) {
      for (const term of pod.requiredAntiAffinityTerms) {
        const value = labels.get(term.topologyKey);
        if (value !== undefined && state.antiAffinity.get(term.topologyKey, value) > 0) return antiAffinityRejected;
      }
    }
    if (state.existingAntiAffinity.size > 0) {
      for (const key of state.existingAntiAffinity.keys()) {
        const value = labels.get(key);
        if (value !== undefined && state.existingAntiAffinity.get(key, value) > 0) return existingAntiAffinityRejected;
      }
    }
    return null;
  },
  cloneState(state) {
    return { ...state, existingAntiAffinity: state.existingAntiAffinity.clone(), affinity: state.affinity.clone(), antiAffinity: state.antiAffinity.clone() };
  },
  removePod(state, pod, removed, node) {
    update(state, pod, removed, node, -1);
  },
};
