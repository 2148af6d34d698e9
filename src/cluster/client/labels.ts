// Label selectors on the client side: what a lister filters its cache with, and what a
// controller turns its object's spec.selector (matchLabels, matchExpressions) into — a matcher,
// or the `labelSelector=` text for a LIST or WATCH. The grammar is the one the API server parses
// (src/cluster/api/label-selector-query.ts); here errors name the selector, and an object's
// selector is normalised (keys and values sorted) so its text is stable.
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import { MinatoError, messageOf } from '../../util/errors.ts';
import { type LabelSelector as LabelMatcher, parseLabelSelector as parseQuery, structuredLabelSelector } from '../api/label-selector-query.ts';

export type { LabelMatcher };

/** A `labelSelector=` text as a matcher ("" matches everything). */
export function parseLabelSelector(text: string): LabelMatcher {
  try {
    return parseQuery(text);
  } catch (err) {
    throw new MinatoError('InvalidArgument', `label selector "${text}": ${messageOf(err)}`);
  }
}

const matchesNothing: LabelMatcher = { empty: false, matches: () => false, toString: () => '<none>' };

/**
 * An object's selector (metav1.LabelSelector) as a matcher. As in Kubernetes, an empty selector
 * ({}) matches everything, and a missing one (undefined) nothing.
 */
export function labelSelectorMatcher(selector: LabelSelector | undefined): LabelMatcher {
  if (selector === undefined) return matchesNothing;
  const matchLabels = Object.fromEntries(Object.keys(selector.matchLabels ?? {}).sort().map((key) => [key, selector.matchLabels![key]!]));
  const matchExpressions = (selector.matchExpressions ?? []).map((expression) => {
    if (!['In', 'NotIn', 'Exists', 'DoesNotExist'].includes(expression.operator)) {
      throw new MinatoError('InvalidArgument', `label selector: unknown operator "${expression.operator}" for ${expression.key}`);
    }
    if ((expression.operator === 'In' || expression.operator === 'NotIn') && (expression.values ?? []).length === 0) {
      throw new MinatoError('InvalidArgument', `label selector: ${expression.key} ${expression.operator} needs values`);
    }
    return { key: expression.key, operator: expression.operator, values: [...(expression.values ?? [])].sort() };
  });
  return structuredLabelSelector({ matchLabels, matchExpressions });
}

/** metav1.LabelSelector → `labelSelector=` text (for a LIST or WATCH). */
export function formatLabelSelector(selector: LabelSelector): string {
  return labelSelectorMatcher(selector).toString();
}
