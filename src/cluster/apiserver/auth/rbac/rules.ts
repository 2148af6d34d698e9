// Whether one PolicyRule allows a request: Kubernetes' RuleAllows and its helpers
// (pkg/apis/rbac/v1/evaluation_helpers.go), including the "*" wildcards, "resource/subresource"
// and "*/subresource" forms, resourceNames, and non-resource URLs with a trailing "*".
import type { PolicyRule } from 'kubernetes-types/rbac/v1.js';
import { isResourceRequest, type RequestAttributes } from '../attributes.ts';

export function ruleAllows(attributes: RequestAttributes, rule: PolicyRule): boolean {
  if (!verbMatches(rule, attributes.verb)) return false;
  if (!isResourceRequest(attributes)) return nonResourceUrlMatches(rule, attributes.path);
  const combined = attributes.subresource ? `${attributes.resource}/${attributes.subresource}` : attributes.resource;
  return (
    apiGroupMatches(rule, attributes.group) &&
    resourceMatches(rule, combined, attributes.subresource ?? '') &&
    resourceNameMatches(rule, attributes.name ?? '')
  );
}

export function verbMatches(rule: PolicyRule, verb: string): boolean {
  return rule.verbs.some((v) => v === '*' || v === verb);
}

export function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  return (rule.apiGroups ?? []).some((g) => g === '*' || g === group);
}

export function resourceMatches(rule: PolicyRule, combinedResource: string, subresource: string): boolean {
  return (rule.resources ?? []).some(
    (r) =>
      r === '*' ||
      r === combinedResource ||
      // "*/scale" grants the scale subresource of every resource.
      (subresource !== '' && r.length === subresource.length + 2 && r.startsWith('*/') && r.endsWith(subresource)),
  );
}

/** A rule without resourceNames covers every name; one with them, only requests naming one (so never list or create). */
export function resourceNameMatches(rule: PolicyRule, name: string): boolean {
  const names = rule.resourceNames ?? [];
  return names.length === 0 || names.includes(name);
}

export function nonResourceUrlMatches(rule: PolicyRule, path: string): boolean {
  return (rule.nonResourceURLs ?? []).some(
    (url) => url === '*' || url === path || (url.endsWith('*') && path.startsWith(url.replace(/\*+$/, ''))),
  );
}
