// NodeAffinity.
//
// Filter: the node must carry every label of spec.nodeSelector and match at least one term of
// requiredDuringSchedulingIgnoredDuringExecution. When every term pins metadata.name (In), only
// those nodes are examined at all — the others are reported as "node(s) didn't satisfy
// plugin(s) [NodeAffinity]" — and terms whose names cannot overlap reject the pod outright.
//
// Score: the sum of the weights of the preferredDuringScheduling terms the node matches,
// scaled so the best node gets 100.
import { defaultNormalizeScore, type FilterPlugin, rejection, type ScorePlugin, SKIP } from './framework.ts';
import type { NodeMatcher } from './labels.ts';

export const errReasonNodeAffinity = "node(s) didn't match Pod's node affinity/selector";
export const errReasonConflict = 'pod affinity terms conflict';

const pluginName = 'NodeAffinity';
const rejected = rejection(pluginName, 'UnschedulableAndUnresolvable', errReasonNodeAffinity);
const conflict = rejection(pluginName, 'UnschedulableAndUnresolvable', errReasonConflict);

export const nodeAffinity: FilterPlugin<NodeMatcher> = {
  name: pluginName,
  preFilter(pod) {
    const matcher = pod.requiredNodeAffinity;
    if (!matcher) return SKIP;
    const terms = pod.pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
    if (terms.length === 0) return { state: matcher };
    // Node names every term is pinned to (metadata.name In …); any unpinned term allows all nodes.
    let names: Set<string> | undefined;
    for (const term of terms) {
      let termNames: Set<string> | undefined;
      for (const field of term.matchFields ?? []) {
        if (field.key !== 'metadata.name' || field.operator !== 'In') continue;
        const values = new Set(field.values ?? []);
        termNames = termNames ? new Set([...termNames].filter((name) => values.has(name))) : values;
      }
      if (!termNames) return { state: matcher };
      names = names ? new Set([...names, ...termNames]) : termNames;
    }
    if (names && names.size === 0) return { reject: conflict };
    return { state: matcher, nodeNames: names };
  },
  filter(matcher, _pod, node) {
    return matcher.matches(node) ? null : rejected;
  },
};

export const nodeAffinityScore: ScorePlugin<null> = {
  name: pluginName,
  preScore(pod) {
    return pod.preferredNodeAffinity.length > 0 ? null : SKIP;
  },
  score(_state, pod, node) {
    let sum = 0;
    for (const term of pod.preferredNodeAffinity) if (term.matcher.matches(node)) sum += term.weight;
    return sum;
  },
  normalize(_state, scores, feasible) {
    defaultNormalizeScore(scores, feasible.length, false);
  },
};
