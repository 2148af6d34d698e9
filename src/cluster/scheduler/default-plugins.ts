// The default profile of kube-scheduler 1.32, in its order: the filters run in this order and
// stop at the first rejection; the scores add up with these weights. Volume plugins
// (VolumeRestrictions, NodeVolumeLimits, VolumeBinding, VolumeZone) and ImageLocality are not
// implemented yet.
import { balancedAllocation } from './balanced-allocation.ts';
import type { FilterPlugin, WeightedScorePlugin } from './framework.ts';
import { interPodAffinity } from './inter-pod-affinity.ts';
import { interPodAffinityScore } from './inter-pod-affinity-score.ts';
import { nodeAffinity, nodeAffinityScore } from './node-affinity.ts';
import { nodeName } from './node-name.ts';
import { nodePorts } from './node-ports.ts';
import { leastAllocated, nodeResourcesFit } from './node-resources-fit.ts';
import { nodeUnschedulable } from './node-unschedulable.ts';
import { podTopologySpread } from './pod-topology-spread.ts';
import { podTopologySpreadScore } from './pod-topology-spread-score.ts';
import { taintToleration, taintTolerationScore } from './taint-toleration.ts';

export const defaultFilters: readonly FilterPlugin<any>[] = [
  nodeUnschedulable,
  nodeName,
  taintToleration,
  nodeAffinity,
  nodePorts,
  nodeResourcesFit,
  podTopologySpread,
  interPodAffinity,
];

export const defaultScores: readonly WeightedScorePlugin[] = [
  { plugin: taintTolerationScore, weight: 3 },
  { plugin: nodeAffinityScore, weight: 2 },
  { plugin: leastAllocated, weight: 1 },
  { plugin: podTopologySpreadScore, weight: 2 },
  { plugin: interPodAffinityScore, weight: 2 },
  { plugin: balancedAllocation, weight: 1 },
];
