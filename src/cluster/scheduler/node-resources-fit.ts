// NodeResourcesFit.
//
// Filter: the node must have room for one more pod ("Too many pods") and, for every resource the
// pod requests, allocatable − already requested ≥ the pod's request ("Insufficient cpu",
// "Insufficient memory", "Insufficient ephemeral-storage", "Insufficient example.com/gpu"). All
// shortfalls of a node are reported. Always Unschedulable: preempting pods may free room
// (Kubernetes 1.32; from 1.34 a request above the node's whole allocatable is unresolvable).
//
// Score (LeastAllocated, cpu and memory weighted 1 each): for each resource
// (allocatable − requested) × 100 / allocatable, with requests counted "non-zero" (a container
// without a cpu/memory request counts 100m / 200Mi), then the weighted mean — emptier nodes score
// higher, so pods spread.
import type { FilterPlugin, Rejection, ScorePlugin } from './framework.ts';
import { maxNodeScore, rejection } from './framework.ts';
import type { NodeInfo } from './node-info.ts';
import type { PodInfo } from './pod-info.ts';

const pluginName = 'NodeResourcesFit';

const reasonPods = 'Too many pods';
const reasonCPU = 'Insufficient cpu';
const reasonMemory = 'Insufficient memory';
const reasonEphemeral = 'Insufficient ephemeral-storage';

/** One frozen rejection per combination of the four fixed reasons, so the filter allocates nothing. */
const fixedRejections: Rejection[] = [];
for (let mask = 1; mask < 16; mask++) {
  const reasons: string[] = [];
  if (mask & 1) reasons.push(reasonPods);
  if (mask & 2) reasons.push(reasonCPU);
  if (mask & 4) reasons.push(reasonMemory);
  if (mask & 8) reasons.push(reasonEphemeral);
  fixedRejections[mask] = rejection(pluginName, 'Unschedulable', ...reasons);
}

function fitRejection(pod: PodInfo, node: NodeInfo): Rejection | null {
  const requests = pod.requests;
  const allocatable = node.allocatable;
  let mask = 0;
  if (node.pods.length + 1 > allocatable.pods) mask |= 1;
  if (requests.isZero) return mask ? fixedRejections[mask]! : null;
  if (requests.milliCPU > 0 && requests.milliCPU > allocatable.milliCPU - node.requestedMilliCPU) mask |= 2;
  if (requests.memory > 0 && requests.memory > allocatable.memory - node.requestedMemory) mask |= 4;
  if (requests.ephemeralStorage > 0 && requests.ephemeralStorage > allocatable.ephemeralStorage - node.requestedEphemeralStorage) mask |= 8;
  let scalarReasons: string[] | undefined;
  for (const [name, amount] of requests.scalar) {
    if (amount > (allocatable.scalar.get(name) ?? 0) - (node.requestedScalar.get(name) ?? 0)) (scalarReasons ??= []).push(`Insufficient ${name}`);
  }
  if (!scalarReasons) return mask ? fixedRejections[mask]! : null;
  const reasons = mask ? [...fixedRejections[mask]!.reasons, ...scalarReasons] : scalarReasons;
  return rejection(pluginName, 'Unschedulable', ...reasons);
}

export const nodeResourcesFit: FilterPlugin<null> = {
  name: pluginName,
  preFilter() {
    return { state: null };
  },
  filter(_state, pod, node) {
    return fitRejection(pod, node);
  },
};

/** leastRequestedScore: the free share of a resource after placing the pod, 0–100, integer. */
export function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * maxNodeScore) / capacity);
}

export const leastAllocated: ScorePlugin<null> = {
  name: pluginName,
  preScore() {
    return null;
  },
  score(_state, pod, node) {
    const allocatable = node.allocatable;
    let sum = 0;
    let weights = 0;
    if (allocatable.milliCPU > 0) {
      sum += leastRequestedScore(node.nonZeroMilliCPU + pod.requests.nonZeroMilliCPU, allocatable.milliCPU);
      weights++;
    }
    if (allocatable.memory > 0) {
      sum += leastRequestedScore(node.nonZeroMemory + pod.requests.nonZeroMemory, allocatable.memory);
      weights++;
    }
    return weights === 0 ? 0 : Math.trunc(sum / weights);
  },
};
