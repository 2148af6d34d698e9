// metav1.LabelSelector matching (matchLabels and matchExpressions with In, NotIn, Exists,
// DoesNotExist), for ClusterRole aggregation rules. As in Kubernetes, an empty selector matches
// everything; requirements are ANDed.
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';

export function selectorMatches(selector: LabelSelector, labels: Record<string, string> | undefined): boolean {
  const have = labels ?? {};
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (have[key] !== value) return false;
  }
  for (const { key, operator, values = [] } of selector.matchExpressions ?? []) {
    const present = Object.hasOwn(have, key);
    switch (operator) {
      case 'In':
        if (!present || !values.includes(have[key]!)) return false;
        break;
      case 'NotIn':
        if (present && values.includes(have[key]!)) return false;
        break;
      case 'Exists':
        if (!present) return false;
        break;
      case 'DoesNotExist':
        if (present) return false;
        break;
      default:
        // An operator Kubernetes would have refused at validation: match nothing rather than guess.
        return false;
    }
  }
  return true;
}
