// One node as the scheduler sees it (framework.NodeInfo): the Node, the pods bound or assumed on
// it, and running totals kept up to date as pods come and go — requested resources (real and
// "non-zero"), host ports in use, pods with (anti-)affinity, and replicas per workload for
// default spreading — so that filters and scores read numbers instead of walking pods.
import type { Node, Taint } from 'kubernetes-types/core/v1.js';
import { HostPortSet } from './host-ports.ts';
import { type LabelSet, labelSet, type SelectableNode } from './labels.ts';
import type { AffinityTerm, PodInfo } from './pod-info.ts';
import { type Allocatable, nodeAllocatable } from './resources.ts';
import { isDoNotScheduleTaint } from './taints.ts';

/** What an existing pod's required affinity term adds to a node it selects the incoming pod for. */
export const hardPodAffinityWeight = 1;

export class NodeInfo implements SelectableNode {
  readonly node: Node;
  readonly name: string;
  readonly labels: LabelSet;
  readonly unschedulable: boolean;
  readonly allocatable: Allocatable;
  /** NoSchedule and NoExecute taints, in the node's order. */
  readonly doNotScheduleTaints: readonly Taint[];
  readonly preferNoScheduleTaints: readonly Taint[];
  readonly taints: readonly Taint[];

  /** Changes whenever a pod is added or removed (for caches of per-node counts). */
  generation = 0;
  /** Pods bound or assumed here, terminating ones included (they still hold their resources). */
  readonly pods: PodInfo[] = [];
  requestedMilliCPU = 0;
  requestedMemory = 0;
  requestedEphemeralStorage = 0;
  readonly requestedScalar = new Map<string, number>();
  nonZeroMilliCPU = 0;
  nonZeroMemory = 0;
  readonly usedPorts = new HostPortSet();
  /**
   * The pods' required anti-affinity terms, each with how many pods here carry it: checked
   * against every incoming pod.
   */
  readonly requiredAntiAffinityTerms = new Map<AffinityTerm, number>();
  /**
   * What the pods' own terms give an incoming pod that they select (inter-pod affinity score):
   * per term, +1 per required affinity term, +weight per preferred affinity term, −weight per
   * preferred anti-affinity term, summed over the pods here.
   */
  readonly affinityTermWeights = new Map<AffinityTerm, number>();
  /** Non-terminating pods per workload (PodInfo.spreadGroup). */
  readonly spreadGroupCounts = new Map<string, number>();
  /** Pods per "namespace\0label\0value" (PodInfo.labelKeys), for pod affinity terms on one label. */
  readonly labelCounts = new Map<string, number>();

  constructor(node: Node) {
    this.node = node;
    this.name = node.metadata?.name ?? '';
    this.labels = labelSet(node.metadata?.labels);
    this.unschedulable = !!node.spec?.unschedulable;
    this.allocatable = nodeAllocatable(node);
    this.taints = node.spec?.taints ?? [];
    this.doNotScheduleTaints = this.taints.filter(isDoNotScheduleTaint);
    this.preferNoScheduleTaints = this.taints.filter((taint) => taint.effect === 'PreferNoSchedule');
  }

  addPod(pod: PodInfo): void {
    this.generation++;
    this.pods.push(pod);
    this.account(pod, 1);
  }

  /** Removes a pod (by identity or by key); false when it was not here. */
  removePod(pod: PodInfo): boolean {
    let index = this.pods.indexOf(pod);
    if (index < 0) index = this.pods.findIndex((candidate) => candidate.key === pod.key);
    if (index < 0) return false;
    const removed = this.pods[index]!;
    this.generation++;
    this.pods.splice(index, 1);
    this.account(removed, -1);
    return true;
  }

  /** A copy of this node without `victims`, for preemption's what-if evaluation. */
  without(victims: ReadonlySet<PodInfo>): NodeInfo {
    const copy = new NodeInfo(this.node);
    for (const pod of this.pods) if (!victims.has(pod)) copy.addPod(pod);
    return copy;
  }

  /** The same pods on an updated Node object. */
  withNode(node: Node): NodeInfo {
    const copy = new NodeInfo(node);
    for (const pod of this.pods) copy.addPod(pod);
    return copy;
  }

  private account(pod: PodInfo, sign: 1 | -1): void {
    const requests = pod.requests;
    this.requestedMilliCPU += sign * requests.milliCPU;
    this.requestedMemory += sign * requests.memory;
    this.requestedEphemeralStorage += sign * requests.ephemeralStorage;
    for (const [name, amount] of requests.scalar) {
      const total = (this.requestedScalar.get(name) ?? 0) + sign * amount;
      if (total === 0) this.requestedScalar.delete(name);
      else this.requestedScalar.set(name, total);
    }
    this.nonZeroMilliCPU += sign * requests.nonZeroMilliCPU;
    this.nonZeroMemory += sign * requests.nonZeroMemory;
    for (const port of pod.hostPorts) {
      if (sign > 0) this.usedPorts.add(port);
      else this.usedPorts.remove(port);
    }
    if (pod.hasPodAffinity) {
      for (const term of pod.requiredAntiAffinityTerms) addTo(this.requiredAntiAffinityTerms, term, sign);
      for (const term of pod.requiredAffinityTerms) addTo(this.affinityTermWeights, term, sign * hardPodAffinityWeight);
      for (const { term, weight } of pod.preferredAffinityTerms) addTo(this.affinityTermWeights, term, sign * weight);
      for (const { term, weight } of pod.preferredAntiAffinityTerms) addTo(this.affinityTermWeights, term, -sign * weight);
    }
    for (const key of pod.labelKeys) {
      const count = (this.labelCounts.get(key) ?? 0) + sign;
      if (count === 0) this.labelCounts.delete(key);
      else this.labelCounts.set(key, count);
    }
    if (pod.spreadGroup !== undefined && !pod.terminating) {
      const count = (this.spreadGroupCounts.get(pod.spreadGroup) ?? 0) + sign;
      if (count === 0) this.spreadGroupCounts.delete(pod.spreadGroup);
      else this.spreadGroupCounts.set(pod.spreadGroup, count);
    }
  }
}

function addTo<K>(map: Map<K, number>, key: K, delta: number): void {
  const total = (map.get(key) ?? 0) + delta;
  if (total === 0) map.delete(key);
  else map.set(key, total);
}
