// The cluster as one scheduling decision sees it: every node with the pods bound or assumed on
// it (kube-scheduler's cache snapshot). Built from nodes and pods (pods with spec.nodeName that
// have not Succeeded or Failed); then kept current by the caller — assume() a pod on the node
// just chosen so that the next decision of a batch accounts for it, forget() it if binding
// fails, addPod/removePod/upsertNode/removeNode as watch events arrive.
//
// Nodes are listed zone by zone in turn (NodeTree), so that scoring a subset of the nodes, as
// large clusters do, still sees every zone.
import type { Namespace, Node, Pod } from 'kubernetes-types/core/v1.js';
import { type LabelSet, labelSet } from './labels.ts';
import { NodeInfo } from './node-info.ts';
import { type PodInfo, podInfoOf } from './pod-info.ts';

export interface SnapshotOptions {
  /** Namespaces, for pod affinity terms with a namespaceSelector. */
  namespaces?: readonly Namespace[];
}

const zoneLabel = 'topology.kubernetes.io/zone';
const regionLabel = 'topology.kubernetes.io/region';
const betaZoneLabel = 'failure-domain.beta.kubernetes.io/zone';
const betaRegionLabel = 'failure-domain.beta.kubernetes.io/region';

/** utilnode.GetZoneKey: region and zone, or "" for a node with neither. */
function zoneKey(info: NodeInfo): string {
  const zone = info.labels.get(zoneLabel) ?? info.labels.get(betaZoneLabel) ?? '';
  const region = info.labels.get(regionLabel) ?? info.labels.get(betaRegionLabel) ?? '';
  return region === '' && zone === '' ? '' : `${region}:\x00:${zone}`;
}

function isTerminal(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

export class Snapshot {
  private readonly byName = new Map<string, NodeInfo>();
  /** Node order of insertion, for the zone interleaving. */
  private readonly order: string[] = [];
  private list: NodeInfo[] | undefined;
  /** Where each pod is, by namespace/name. */
  private readonly locations = new Map<string, { node: string; info: PodInfo }>();
  /** Pods bound to nodes the snapshot does not know (yet). */
  private readonly orphans = new Map<string, PodInfo[]>();
  private readonly namespaces = new Map<string, LabelSet>();
  /** Workload → zone label value ("" without one) → its non-terminating pods there, over all nodes. */
  private readonly zoneCounts = new Map<string, Map<string, number>>();
  private readonly affinityNodes = new Set<NodeInfo>();
  private readonly antiAffinityNodes = new Set<NodeInfo>();

  constructor(nodes: readonly Node[] = [], pods: readonly Pod[] = [], options: SnapshotOptions = {}) {
    for (const node of nodes) this.upsertNode(node);
    for (const pod of pods) this.addPod(pod);
    for (const namespace of options.namespaces ?? []) this.setNamespace(namespace);
  }

  /** All nodes, zones interleaved. Do not modify. */
  get nodes(): readonly NodeInfo[] {
    if (!this.list) this.list = this.interleave();
    return this.list;
  }

  get size(): number {
    return this.byName.size;
  }

  get(nodeName: string): NodeInfo | undefined {
    return this.byName.get(nodeName);
  }

  /** The node a pod is bound or assumed to, if any. */
  nodeOf(pod: Pod): string | undefined {
    return this.locations.get(podKey(pod))?.node;
  }

  namespaceLabels(namespace: string): LabelSet | undefined {
    return this.namespaces.get(namespace);
  }

  setNamespace(namespace: Namespace): void {
    const name = namespace.metadata?.name;
    if (name) this.namespaces.set(name, labelSet(namespace.metadata?.labels));
  }

  /** Nodes whose pods have affinity terms that score incoming pods (NodeInfo.affinityTermWeights). Do not modify. */
  nodesWithPodAffinity(): ReadonlySet<NodeInfo> {
    return this.affinityNodes;
  }

  /** Nodes hosting at least one pod with required anti-affinity. Do not modify. */
  nodesWithRequiredAntiAffinity(): ReadonlySet<NodeInfo> {
    return this.antiAffinityNodes;
  }

  /**
   * How many non-terminating pods of a workload (PodInfo.spreadGroup) run per zone
   * (topology.kubernetes.io/zone value, "" for nodes without one) — what default spreading
   * would otherwise count node by node for every pod.
   */
  workloadZoneCounts(group: string): ReadonlyMap<string, number> | undefined {
    return this.zoneCounts.get(group);
  }

  /** Whether any node's pods have scoring affinity terms (cheap check before walking nodes). */
  get hasPodsWithAffinity(): boolean {
    return this.affinityNodes.size > 0;
  }

  get hasPodsWithRequiredAntiAffinity(): boolean {
    return this.antiAffinityNodes.size > 0;
  }

  /**
   * Records that `pod` will run on `nodeName` before the API server says so, so later decisions
   * see its resources, ports and spreading. Throws if the pod is already placed or the node unknown.
   */
  assume(pod: Pod, nodeName: string): void {
    const key = podKey(pod);
    if (this.locations.has(key)) throw new Error(`pod ${key} is already on node ${this.locations.get(key)!.node}`);
    if (!this.byName.has(nodeName)) throw new Error(`node ${nodeName} is not in the snapshot`);
    this.place(podInfoOf(pod), nodeName);
  }

  /** Undoes assume() (or removes a bound pod); false when the pod was not placed. */
  forget(pod: Pod): boolean {
    return this.removePod(pod);
  }

  /** Adds a pod from the API: placed on spec.nodeName when it has one and has not finished. */
  addPod(pod: Pod): void {
    const nodeName = pod.spec?.nodeName;
    if (!nodeName || isTerminal(pod)) return;
    const key = podKey(pod);
    if (this.locations.has(key)) this.removePod(pod);
    this.place(podInfoOf(pod), nodeName);
  }

  /** A pod changed in the API (bound, finished, being deleted…). */
  updatePod(pod: Pod): void {
    this.removePod(pod);
    this.addPod(pod);
  }

  removePod(pod: Pod): boolean {
    const key = podKey(pod);
    const location = this.locations.get(key);
    if (!location) return false;
    this.locations.delete(key);
    const info = this.byName.get(location.node);
    if (info) {
      this.countZone(info, location.info.spreadGroup, location.info, -1);
      const removed = info.removePod(location.info);
      this.trackAffinity(info);
      return removed;
    }
    const orphans = this.orphans.get(location.node) ?? [];
    const index = orphans.indexOf(location.info);
    if (index >= 0) orphans.splice(index, 1);
    if (orphans.length === 0) this.orphans.delete(location.node);
    return true;
  }

  upsertNode(node: Node): void {
    const name = node.metadata?.name;
    if (!name) return;
    const existing = this.byName.get(name);
    let info: NodeInfo;
    if (existing) {
      this.indexZone(existing, -1);
      this.affinityNodes.delete(existing);
      this.antiAffinityNodes.delete(existing);
      info = existing.withNode(node);
    } else {
      info = new NodeInfo(node);
      this.order.push(name);
      for (const pod of this.orphans.get(name) ?? []) info.addPod(pod);
      this.orphans.delete(name);
    }
    this.indexZone(info, 1);
    this.trackAffinity(info);
    this.byName.set(name, info);
    this.list = undefined;
  }

  /** Removes a node; its pods wait, as kube-scheduler's cache keeps them, until the node returns or they go. */
  removeNode(name: string): void {
    const info = this.byName.get(name);
    if (!info) return;
    this.indexZone(info, -1);
    this.affinityNodes.delete(info);
    this.antiAffinityNodes.delete(info);
    this.byName.delete(name);
    this.order.splice(this.order.indexOf(name), 1);
    if (info.pods.length > 0) this.orphans.set(name, [...info.pods]);
    this.list = undefined;
  }

  private place(info: PodInfo, nodeName: string): void {
    this.locations.set(info.key, { node: nodeName, info });
    const node = this.byName.get(nodeName);
    if (node) {
      node.addPod(info);
      this.countZone(node, info.spreadGroup, info, 1);
      this.trackAffinity(node);
    } else {
      const orphans = this.orphans.get(nodeName);
      if (orphans) orphans.push(info);
      else this.orphans.set(nodeName, [info]);
    }
  }

  private trackAffinity(node: NodeInfo): void {
    if (node.affinityTermWeights.size > 0) this.affinityNodes.add(node);
    else this.affinityNodes.delete(node);
    if (node.requiredAntiAffinityTerms.size > 0) this.antiAffinityNodes.add(node);
    else this.antiAffinityNodes.delete(node);
  }

  private countZone(node: NodeInfo, group: string | undefined, pod: PodInfo | undefined, delta: number): void {
    if (group === undefined || pod?.terminating) return;
    const zone = node.labels.get(zoneLabel) ?? '';
    let zones = this.zoneCounts.get(group);
    if (!zones) this.zoneCounts.set(group, (zones = new Map()));
    const count = (zones.get(zone) ?? 0) + delta;
    if (count !== 0) zones.set(zone, count);
    else {
      zones.delete(zone);
      if (zones.size === 0) this.zoneCounts.delete(group);
    }
  }

  /** Adds or removes all of a node's workload pods from the zone index. */
  private indexZone(node: NodeInfo, sign: 1 | -1): void {
    for (const [group, count] of node.spreadGroupCounts) this.countZone(node, group, undefined, sign * count);
  }

  private interleave(): NodeInfo[] {
    const zones = new Map<string, NodeInfo[]>();
    for (const name of this.order) {
      const info = this.byName.get(name)!;
      const key = zoneKey(info);
      const zone = zones.get(key);
      if (zone) zone.push(info);
      else zones.set(key, [info]);
    }
    const groups = [...zones.values()];
    const list: NodeInfo[] = [];
    for (let index = 0; list.length < this.order.length; index++) {
      for (const group of groups) if (index < group.length) list.push(group[index]!);
    }
    return list;
  }
}

function podKey(pod: Pod): string {
  return `${pod.metadata?.namespace ?? 'default'}/${pod.metadata?.name ?? ''}`;
}
