// ClusterRole aggregation (aggregationRule.clusterRoleSelectors): a role like admin, edit or view
// holds the rules of every ClusterRole whose labels match one of its selectors. In Kubernetes a
// controller copies those rules into the aggregated role and the authorizer reads the copy; here
// the authorizer resolves aggregation directly, so a new aggregated-to role (a CRD's
// "aggregate-to-edit") takes effect at once. aggregatedRules() is also what a controller would
// write into `rules` so that `kubectl describe clusterrole edit` shows them.
import type { ClusterRole, PolicyRule } from 'kubernetes-types/rbac/v1.js';
import { isDeepStrictEqual } from 'node:util';
import { selectorMatches } from '../../../api/validation/label-selector.ts';
import type { RbacSource } from './source.ts';

/** The rules a ClusterRole grants: its own, or for an aggregated role the union of its sources'. */
export function effectiveClusterRoleRules(role: ClusterRole, source: Pick<RbacSource, 'clusterRoles'>): PolicyRule[] {
  return role.aggregationRule ? aggregatedRules(role, source) : (role.rules ?? []);
}

/**
 * The union of the rules of the ClusterRoles the role's selectors pick (sources in name order,
 * duplicates dropped, the role itself skipped — as Kubernetes' clusterrole-aggregation controller),
 * resolving sources that are themselves aggregated (admin ← edit ← view) without looping on cycles.
 */
export function aggregatedRules(role: ClusterRole, source: Pick<RbacSource, 'clusterRoles'>, visiting = new Set<string>()): PolicyRule[] {
  const name = role.metadata?.name ?? '';
  visiting.add(name);
  const all = [...source.clusterRoles()].sort((a, b) => byteOrder(a.metadata?.name ?? '', b.metadata?.name ?? ''));
  const rules: PolicyRule[] = [];
  const add = (rule: PolicyRule) => {
    if (!rules.some((r) => isDeepStrictEqual(r, rule))) rules.push(rule);
  };
  for (const selector of role.aggregationRule?.clusterRoleSelectors ?? []) {
    for (const candidate of all) {
      const candidateName = candidate.metadata?.name ?? '';
      if (visiting.has(candidateName) || !selectorMatches(selector, candidate.metadata?.labels)) continue;
      const candidateRules = candidate.aggregationRule ? aggregatedRules(candidate, source, new Set(visiting)) : (candidate.rules ?? []);
      candidateRules.forEach(add);
    }
  }
  return rules;
}

// Go's string order (what Kubernetes sorts by), not the locale's.
function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
