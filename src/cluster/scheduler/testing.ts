// Builders for scheduler tests: small Node and Pod objects with just the fields that matter,
// and a way to run one filter plugin against one node as the framework would.
import type { Affinity, Container, Node, Pod, Taint, Toleration, TopologySpreadConstraint } from 'kubernetes-types/core/v1.js';
import { type FilterPlugin, SKIP, type ScorePlugin } from './framework.ts';
import { podInfoOf } from './pod-info.ts';
import type { Snapshot } from './snapshot.ts';

export interface NodeOptions {
  cpu?: string;
  memory?: string;
  pods?: string;
  ephemeralStorage?: string;
  /** Extra allocatable resources (example.com/gpu: "2"). */
  extra?: Record<string, string>;
  labels?: Record<string, string>;
  zone?: string;
  taints?: Taint[];
  unschedulable?: boolean;
}

export function makeNode(name: string, options: NodeOptions = {}): Node {
  const labels: Record<string, string> = { 'kubernetes.io/hostname': name, ...(options.zone ? { 'topology.kubernetes.io/zone': options.zone } : {}), ...options.labels };
  return {
    metadata: { name, labels },
    spec: { ...(options.taints ? { taints: options.taints } : {}), ...(options.unschedulable ? { unschedulable: true } : {}) },
    status: {
      allocatable: {
        cpu: options.cpu ?? '4',
        memory: options.memory ?? '16Gi',
        pods: options.pods ?? '110',
        'ephemeral-storage': options.ephemeralStorage ?? '100Gi',
        ...options.extra,
      },
    },
  };
}

export interface PodOptions {
  namespace?: string;
  labels?: Record<string, string>;
  cpu?: string;
  memory?: string;
  ephemeralStorage?: string;
  /** Extra requests (example.com/gpu: "1"). */
  extra?: Record<string, string>;
  /** No containers' requests at all (a best-effort pod). */
  containers?: Container[];
  initContainers?: Container[];
  nodeName?: string;
  phase?: string;
  tolerations?: Toleration[];
  nodeSelector?: Record<string, string>;
  affinity?: Affinity;
  hostPorts?: { hostPort: number; protocol?: string; hostIP?: string }[];
  /** Controlling ReplicaSet name (its uid is derived from it). */
  replicaSet?: string;
  priority?: number;
  preemptionPolicy?: string;
  topologySpreadConstraints?: TopologySpreadConstraint[];
  nominatedNodeName?: string;
  terminating?: boolean;
}

export function makePod(name: string, options: PodOptions = {}): Pod {
  const requests: Record<string, string> = {};
  if (options.cpu) requests.cpu = options.cpu;
  if (options.memory) requests.memory = options.memory;
  if (options.ephemeralStorage) requests['ephemeral-storage'] = options.ephemeralStorage;
  Object.assign(requests, options.extra);
  const main: Container = {
    name: 'main',
    image: 'busybox',
    ...(Object.keys(requests).length > 0 ? { resources: { requests } } : {}),
    ...(options.hostPorts ? { ports: options.hostPorts.map((port) => ({ containerPort: port.hostPort, ...port })) } : {}),
  };
  const namespace = options.namespace ?? 'default';
  return {
    metadata: {
      name,
      namespace,
      labels: options.labels ?? {},
      ...(options.replicaSet
        ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: options.replicaSet, uid: `uid-${options.replicaSet}`, controller: true }] }
        : {}),
      ...(options.terminating ? { deletionTimestamp: '2024-01-01T00:00:00Z' } : {}),
    },
    spec: {
      containers: options.containers ?? [main],
      ...(options.initContainers ? { initContainers: options.initContainers } : {}),
      ...(options.nodeName ? { nodeName: options.nodeName } : {}),
      ...(options.tolerations ? { tolerations: options.tolerations } : {}),
      ...(options.nodeSelector ? { nodeSelector: options.nodeSelector } : {}),
      ...(options.affinity ? { affinity: options.affinity } : {}),
      ...(options.priority !== undefined ? { priority: options.priority } : {}),
      ...(options.preemptionPolicy ? { preemptionPolicy: options.preemptionPolicy } : {}),
      ...(options.topologySpreadConstraints ? { topologySpreadConstraints: options.topologySpreadConstraints } : {}),
    },
    status: { ...(options.phase ? { phase: options.phase } : {}), ...(options.nominatedNodeName ? { nominatedNodeName: options.nominatedNodeName } : {}) },
  };
}

/** Runs one filter plugin (PreFilter, then Filter) for `pod` on one node: null when it fits, else the reasons. */
export function filterReasons(plugin: FilterPlugin<any>, pod: Pod, snapshot: Snapshot, nodeName: string): string[] | null {
  const info = podInfoOf(pod);
  const node = snapshot.get(nodeName);
  if (!node) throw new Error(`no node ${nodeName}`);
  const pre = plugin.preFilter(info, snapshot);
  if (pre === SKIP) return null;
  if ('reject' in pre) return [...pre.reject.reasons];
  if (pre.nodeNames && !pre.nodeNames.has(nodeName)) return ['(not in the PreFilter node set)'];
  const rejected = plugin.filter(pre.state, info, node);
  return rejected ? [...rejected.reasons] : null;
}

/** The normalized scores of one score plugin for `pod` over the given nodes (all of the snapshot's by default). */
export function pluginScores(plugin: ScorePlugin<any>, pod: Pod, snapshot: Snapshot, nodeNames?: string[]): Record<string, number> {
  const info = podInfoOf(pod);
  const nodes = nodeNames ? nodeNames.map((name) => snapshot.get(name)!) : [...snapshot.nodes];
  const state = plugin.preScore(info, nodes, snapshot);
  if (state === SKIP) return Object.fromEntries(nodes.map((node) => [node.name, 0]));
  const scores = new Float64Array(nodes.length);
  nodes.forEach((node, i) => (scores[i] = plugin.score(state, info, node)));
  plugin.normalize?.(state, scores, nodes);
  return Object.fromEntries(nodes.map((node, i) => [node.name, scores[i]!]));
}
