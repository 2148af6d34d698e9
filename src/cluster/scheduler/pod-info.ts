// Everything the scheduler needs from a pod, computed once per pod object (framework.PodInfo):
// its requests, host ports, tolerations, compiled node and pod affinity, and the workload it
// belongs to for default spreading. Pods are cached by object identity, so the many filters and
// scores of one scheduling attempt (and later attempts of the same object) parse nothing twice.
import type { Pod, PodAffinityTerm, Toleration, WeightedPodAffinityTerm } from 'kubernetes-types/core/v1.js';
import { type HostPort, podHostPorts } from './host-ports.ts';
import {
  compileLabelSelector,
  compileNodeSelectorMap,
  compileNodeSelectorTerm,
  compileNodeSelectorTerms,
  emptyLabels,
  type LabelMatcher,
  type LabelSet,
  labelSet,
  matchNothing,
  type NodeMatcher,
} from './labels.ts';
import type { NodeInfo } from './node-info.ts';
import { computePodRequests, type PodRequests } from './resources.ts';

/** A pod (anti-)affinity term with its selectors compiled (framework.AffinityTerm). */
export interface AffinityTerm {
  /** Namespaces named by the term; the pod's own when it names none and has no namespaceSelector. */
  readonly namespaces: ReadonlySet<string>;
  readonly namespaceSelector: LabelMatcher;
  readonly selector: LabelMatcher;
  readonly topologyKey: string;
  /**
   * For the common term "pods labelled key=value in these namespaces" (one equality, no
   * namespaceSelector): the NodeInfo.labelCounts keys to add up instead of matching pod by pod.
   */
  readonly indexKeys: readonly string[] | undefined;
}

export interface WeightedAffinityTerm {
  readonly term: AffinityTerm;
  readonly weight: number;
}

export interface PreferredNodeTerm {
  readonly weight: number;
  readonly matcher: NodeMatcher;
}

export interface PodInfo {
  readonly pod: Pod;
  /** namespace/name: the pod's identity in a snapshot. */
  readonly key: string;
  readonly namespace: string;
  readonly name: string;
  readonly labels: LabelSet;
  /** "namespace\0key\0value" for each label: the pod's entries in NodeInfo.labelCounts. */
  readonly labelKeys: readonly string[];
  /** spec.priority, 0 when unset. */
  readonly priority: number;
  /** Being deleted (metadata.deletionTimestamp): still holds resources, no longer counts for spreading. */
  readonly terminating: boolean;
  readonly requests: PodRequests;
  readonly hostPorts: readonly HostPort[];
  readonly tolerations: readonly Toleration[];
  /** nodeSelector AND required node affinity; undefined when the pod has neither. */
  readonly requiredNodeAffinity: NodeMatcher | undefined;
  readonly preferredNodeAffinity: readonly PreferredNodeTerm[];
  readonly requiredAffinityTerms: readonly AffinityTerm[];
  readonly requiredAntiAffinityTerms: readonly AffinityTerm[];
  readonly preferredAffinityTerms: readonly WeightedAffinityTerm[];
  readonly preferredAntiAffinityTerms: readonly WeightedAffinityTerm[];
  /** Has podAffinity or podAntiAffinity of any kind (NodeInfo.PodsWithAffinity). */
  readonly hasPodAffinity: boolean;
  /**
   * The workload whose replicas default spreading keeps apart: the controlling ReplicaSet,
   * StatefulSet or ReplicationController (namespace-qualified), or undefined for other pods.
   */
  readonly spreadGroup: string | undefined;
}

const spreadOwnerKinds = new Set(['ReplicaSet', 'StatefulSet', 'ReplicationController']);

/** The key of one label of a pod in NodeInfo.labelCounts. */
export function labelCountKey(namespace: string, key: string, value: string): string {
  return `${namespace}\0${key}\0${value}`;
}

/** The single key=value a selector requires, when that is all it requires. */
function singleEquality(selector: PodAffinityTerm['labelSelector']): [string, string] | undefined {
  if (!selector) return undefined;
  const labels = Object.keys(selector.matchLabels ?? {});
  const expressions = selector.matchExpressions ?? [];
  if (labels.length === 1 && expressions.length === 0) return [labels[0]!, selector.matchLabels![labels[0]!]!];
  if (labels.length === 0 && expressions.length === 1) {
    const expression = expressions[0]!;
    if (expression.operator === 'In' && expression.values?.length === 1) return [expression.key, expression.values[0]!];
  }
  return undefined;
}

/**
 * Compiled terms are shared between pods with the same term in the same namespace (the replicas
 * of a workload), so that a node can add up its pods' terms by term instead of pod by pod.
 */
const internedTerms = new Map<string, AffinityTerm>();
const internedTermsLimit = 10_000;

function compileAffinityTerm(namespace: string, term: PodAffinityTerm): AffinityTerm {
  const key = JSON.stringify([namespace, term.topologyKey, term.namespaces ?? null, term.namespaceSelector ?? null, term.labelSelector ?? null]);
  let compiled = internedTerms.get(key);
  if (!compiled) {
    if (internedTerms.size >= internedTermsLimit) internedTerms.clear();
    internedTerms.set(key, (compiled = buildAffinityTerm(namespace, term)));
  }
  return compiled;
}

function buildAffinityTerm(namespace: string, term: PodAffinityTerm): AffinityTerm {
  const namespaces = new Set(term.namespaces ?? []);
  if (namespaces.size === 0 && !term.namespaceSelector) namespaces.add(namespace);
  const equality = term.namespaceSelector ? undefined : singleEquality(term.labelSelector);
  return {
    namespaces,
    namespaceSelector: term.namespaceSelector ? compileLabelSelector(term.namespaceSelector) : matchNothing,
    selector: compileLabelSelector(term.labelSelector),
    topologyKey: term.topologyKey,
    indexKeys: equality ? [...namespaces].map((name) => labelCountKey(name, equality[0], equality[1])) : undefined,
  };
}

function compileWeightedTerms(namespace: string, terms: readonly WeightedPodAffinityTerm[] | undefined): WeightedAffinityTerm[] {
  const result: WeightedAffinityTerm[] = [];
  for (const term of terms ?? []) {
    if (!term.weight) continue;
    result.push({ term: compileAffinityTerm(namespace, term.podAffinityTerm), weight: term.weight });
  }
  return result;
}

/**
 * Whether `pod` is selected by `term` (AffinityTerm.Matches): it lives in one of the term's
 * namespaces or in a namespace whose labels (`namespaceLabels`) the namespaceSelector selects,
 * and its labels match the term's selector.
 */
export function affinityTermMatches(term: AffinityTerm, pod: PodInfo, namespaceLabels: LabelSet | undefined): boolean {
  if (!term.namespaces.has(pod.namespace) && !term.namespaceSelector.matches(namespaceLabels ?? emptyLabels)) return false;
  return term.selector.matches(pod.labels);
}

function spreadGroupOf(pod: Pod, namespace: string): string | undefined {
  for (const owner of pod.metadata?.ownerReferences ?? []) {
    if (owner.controller && spreadOwnerKinds.has(owner.kind)) return `${namespace}/${owner.kind}/${owner.uid || owner.name}`;
  }
  return undefined;
}

export function buildPodInfo(pod: Pod): PodInfo {
  const namespace = pod.metadata?.namespace ?? 'default';
  const name = pod.metadata?.name ?? '';
  const spec = pod.spec;
  const affinity = spec?.affinity;

  const nodeSelector = spec?.nodeSelector && Object.keys(spec.nodeSelector).length > 0 ? compileNodeSelectorMap(spec.nodeSelector) : undefined;
  const required = affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  const requiredTerms = required ? compileNodeSelectorTerms(required.nodeSelectorTerms ?? []) : undefined;
  let requiredNodeAffinity: NodeMatcher | undefined;
  if (nodeSelector && requiredTerms) requiredNodeAffinity = { matches: (node) => nodeSelector.matches(node) && requiredTerms.matches(node) };
  else requiredNodeAffinity = nodeSelector ?? requiredTerms;

  const preferredNodeAffinity: PreferredNodeTerm[] = [];
  for (const term of affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []) {
    if (!term.weight) continue;
    preferredNodeAffinity.push({ weight: term.weight, matcher: compileNodeSelectorTerm(term.preference) });
  }

  const podAffinity = affinity?.podAffinity;
  const podAntiAffinity = affinity?.podAntiAffinity;
  const labels = labelSet(pod.metadata?.labels);
  const labelKeys: string[] = [];
  for (const [key, value] of labels) labelKeys.push(labelCountKey(namespace, key, value));
  return {
    pod,
    key: `${namespace}/${name}`,
    namespace,
    name,
    labels,
    labelKeys,
    priority: spec?.priority ?? 0,
    terminating: !!pod.metadata?.deletionTimestamp,
    requests: computePodRequests(spec),
    hostPorts: podHostPorts(pod),
    tolerations: spec?.tolerations ?? [],
    requiredNodeAffinity,
    preferredNodeAffinity,
    requiredAffinityTerms: (podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((term) => compileAffinityTerm(namespace, term)),
    requiredAntiAffinityTerms: (podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((term) => compileAffinityTerm(namespace, term)),
    preferredAffinityTerms: compileWeightedTerms(namespace, podAffinity?.preferredDuringSchedulingIgnoredDuringExecution),
    preferredAntiAffinityTerms: compileWeightedTerms(namespace, podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution),
    hasPodAffinity: !!(podAffinity || podAntiAffinity),
    spreadGroup: spreadGroupOf(pod, namespace),
  };
}

const cache = new WeakMap<Pod, PodInfo>();

/** The PodInfo of a pod object, built on first use. Pods are treated as immutable: changed pods are new objects. */
export function podInfoOf(pod: Pod): PodInfo {
  let info = cache.get(pod);
  if (!info) cache.set(pod, (info = buildPodInfo(pod)));
  return info;
}

/** Namespace labels by namespace name (Snapshot.namespaceLabels). */
export type NamespaceLabels = (namespace: string) => LabelSet | undefined;

/** How many pods on `node` a term selects — from the node's label counts when the term allows. */
export function countTermMatches(term: AffinityTerm, node: NodeInfo, namespaceLabels: NamespaceLabels): number {
  if (term.indexKeys) {
    let count = 0;
    for (const key of term.indexKeys) count += node.labelCounts.get(key) ?? 0;
    return count;
  }
  let count = 0;
  for (const pod of node.pods) if (affinityTermMatches(term, pod, namespaceLabels(pod.namespace))) count++;
  return count;
}

/** How many pods on `node` all of `terms` select. */
export function countAllTermsMatches(terms: readonly AffinityTerm[], node: NodeInfo, namespaceLabels: NamespaceLabels): number {
  if (terms.length === 0) return 0;
  if (terms.length === 1) return countTermMatches(terms[0]!, node, namespaceLabels);
  let count = 0;
  for (const pod of node.pods) {
    const labels = namespaceLabels(pod.namespace);
    if (terms.every((term) => affinityTermMatches(term, pod, labels))) count++;
  }
  return count;
}
