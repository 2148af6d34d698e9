// Building blocks of the RBAC objects the server creates at start: rules, cluster roles and
// group bindings with Kubernetes' bootstrap label and autoupdate annotation.
import type { ClusterRole, ClusterRoleBinding, PolicyRule } from 'kubernetes-types/rbac/v1.js';

export const RBAC_GROUP = 'rbac.authorization.k8s.io';

export function rule(verbs: string[], apiGroups: string[], resources: string[]): PolicyRule {
  return { apiGroups, resources, verbs };
}

export function urls(verbs: string[], nonResourceURLs: string[]): PolicyRule {
  return { nonResourceURLs, verbs };
}

export const metadata = (name: string, labels: Record<string, string> = {}) => ({
  name,
  labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults', ...labels },
  annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' },
});

export function clusterRole(name: string, rules: PolicyRule[], labels?: Record<string, string>): ClusterRole {
  return { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: metadata(name, labels), rules };
}

export function groupBinding(role: string, groups: string[]): ClusterRoleBinding {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: metadata(role),
    roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: role },
    subjects: groups.map((name) => ({ apiGroup: RBAC_GROUP, kind: 'Group', name })),
  };
}
