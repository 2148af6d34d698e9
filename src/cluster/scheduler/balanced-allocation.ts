// NodeResourcesBalancedAllocation: prefers nodes whose cpu and memory would be used in equal
// shares after placing the pod. With f = requested / allocatable per resource (capped at 1, real
// requests, not the non-zero defaults), the score is (1 − |f_cpu − f_memory| / 2) × 100.
// Best-effort pods (no cpu or memory request) are not scored (Kubernetes ≥ 1.33 skips them; 1.32
// still scored them, which piled best-effort pods onto the same node — #129138).
import { maxNodeScore, type ScorePlugin, SKIP } from './framework.ts';
import type { NodeInfo } from './node-info.ts';
import type { PodInfo } from './pod-info.ts';

/** The balanced-allocation score of fractions (standard deviation of the used shares, inverted). */
export function balancedScore(fractions: readonly number[]): number {
  if (fractions.length === 0) return maxNodeScore;
  let std = 0;
  if (fractions.length === 2) std = Math.abs((fractions[0]! - fractions[1]!) / 2);
  else if (fractions.length > 2) {
    const mean = fractions.reduce((sum, f) => sum + f, 0) / fractions.length;
    std = Math.sqrt(fractions.reduce((sum, f) => sum + (f - mean) * (f - mean), 0) / fractions.length);
  }
  return Math.trunc((1 - std) * maxNodeScore);
}

export const balancedAllocation: ScorePlugin<null> = {
  name: 'NodeResourcesBalancedAllocation',
  preScore(pod) {
    return pod.requests.milliCPU === 0 && pod.requests.memory === 0 ? SKIP : null;
  },
  score(_state, pod: PodInfo, node: NodeInfo) {
    const allocatable = node.allocatable;
    const hasCPU = allocatable.milliCPU > 0;
    const hasMemory = allocatable.memory > 0;
    if (hasCPU && hasMemory) {
      const cpu = Math.min(1, (node.requestedMilliCPU + pod.requests.milliCPU) / allocatable.milliCPU);
      const memory = Math.min(1, (node.requestedMemory + pod.requests.memory) / allocatable.memory);
      return Math.trunc((1 - Math.abs((cpu - memory) / 2)) * maxNodeScore);
    }
    return maxNodeScore; // one resource or none: no deviation
  },
};
