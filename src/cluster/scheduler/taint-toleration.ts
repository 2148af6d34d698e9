// TaintToleration.
//
// Filter: a node's first NoSchedule or NoExecute taint that the pod does not tolerate rejects it,
// reported as "node(s) had untolerated taint {key: value}" (the wording of Kubernetes ≤ 1.33).
//
// Score: fewer untolerated PreferNoSchedule taints is better (counted against tolerations with
// an empty or PreferNoSchedule effect), scaled so the node with the most scores 0 and nodes with
// none score 100.
import type { Taint, Toleration } from 'kubernetes-types/core/v1.js';
import { defaultNormalizeScore, type FilterPlugin, type Rejection, rejection, type ScorePlugin } from './framework.ts';
import { findUntoleratedTaint, tolerationsTolerateTaint } from './taints.ts';

const pluginName = 'TaintToleration';

export function untoleratedTaintReason(taint: Taint): string {
  return `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`;
}

const rejections = new WeakMap<Taint, Rejection>();

function rejectionFor(taint: Taint): Rejection {
  let cached = rejections.get(taint);
  if (!cached) rejections.set(taint, (cached = rejection(pluginName, 'UnschedulableAndUnresolvable', untoleratedTaintReason(taint))));
  return cached;
}

export const taintToleration: FilterPlugin<null> = {
  name: pluginName,
  preFilter() {
    return { state: null };
  },
  filter(_state, pod, node) {
    if (node.doNotScheduleTaints.length === 0) return null;
    const taint = findUntoleratedTaint(node.doNotScheduleTaints, pod.tolerations);
    return taint ? rejectionFor(taint) : null;
  },
};

export const taintTolerationScore: ScorePlugin<readonly Toleration[]> = {
  name: pluginName,
  preScore(pod) {
    return pod.tolerations.filter((toleration) => !toleration.effect || toleration.effect === 'PreferNoSchedule');
  },
  score(tolerations, _pod, node) {
    let count = 0;
    for (const taint of node.preferNoScheduleTaints) if (!tolerationsTolerateTaint(tolerations, taint)) count++;
    return count;
  },
  normalize(_state, scores, feasible) {
    defaultNormalizeScore(scores, feasible.length, true);
  },
};
