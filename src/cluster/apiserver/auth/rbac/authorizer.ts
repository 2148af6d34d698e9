// The RBAC authorizer: Kubernetes' plugin/pkg/auth/authorizer/rbac. A request is allowed when any
// rule reachable from a binding that applies to the user allows it:
//   - every ClusterRoleBinding (its ClusterRole's rules apply in all namespaces and cluster-wide);
//   - for a namespaced request, the RoleBindings of that namespace (to a Role of the namespace, or
//     to a ClusterRole whose rules then apply in that namespace only).
// Subjects are Users (by name), Groups (by membership) and ServiceAccounts (by namespace and name;
// a RoleBinding's subject without a namespace means the binding's own namespace).
// RBAC only adds permissions: there is no deny rule, so the first allowing rule ends the search.
import type { ClusterRoleBinding, PolicyRule, RoleBinding, RoleRef, Subject } from 'kubernetes-types/rbac/v1.js';
import { isResourceRequest, type RequestAttributes } from '../attributes.ts';
import { serviceAccountUsername, type UserInfo } from '../user.ts';
import { effectiveClusterRoleRules } from './aggregation.ts';
import { ruleAllows } from './rules.ts';
import type { RbacSource } from './source.ts';

export interface Decision {
  allowed: boolean;
  /**
   * Allowed: which binding allowed it ("RBAC: allowed by ClusterRoleBinding …"). Denied: empty, or
   * the problems met on the way ("RBAC: clusterrole.rbac.authorization.k8s.io "x" not found"),
   * which Kubernetes appends to the 403 message.
   */
  reason: string;
}

export class RbacAuthorizer {
  private readonly source: RbacSource;

  constructor(source: RbacSource) {
    this.source = source;
  }

  authorize(user: UserInfo, attributes: RequestAttributes): Decision {
    const errors: string[] = [];
    const namespace = isResourceRequest(attributes) ? (attributes.namespace ?? '') : '';

    for (const binding of this.source.clusterRoleBindings()) {
      const subject = applyingSubject(user, binding.subjects, '');
      if (!subject) continue;
      const rules = this.roleRefRules(binding.roleRef, '', errors);
      if (rules?.some((rule) => ruleAllows(attributes, rule))) {
        return { allowed: true, reason: `RBAC: allowed by ClusterRoleBinding ${q(name(binding))} of ${binding.roleRef.kind} ${q(binding.roleRef.name)} to ${describeSubject(subject, '')}` };
      }
    }
    if (namespace !== '') {
      for (const binding of this.source.roleBindings(namespace)) {
        const subject = applyingSubject(user, binding.subjects, namespace);
        if (!subject) continue;
        const rules = this.roleRefRules(binding.roleRef, namespace, errors);
        if (rules?.some((rule) => ruleAllows(attributes, rule))) {
          return {
            allowed: true,
            reason: `RBAC: allowed by RoleBinding ${q(`${name(binding)}/${namespace}`)} of ${binding.roleRef.kind} ${q(binding.roleRef.name)} to ${describeSubject(subject, namespace)}`,
          };
        }
      }
    }
    return { allowed: false, reason: errors.length === 0 ? '' : `RBAC: ${aggregate(errors)}` };
  }

  /** The rules a binding's roleRef grants, or undefined (with the error noted) when it cannot be resolved. */
  private roleRefRules(ref: RoleRef, namespace: string, errors: string[]): PolicyRule[] | undefined {
    if (ref.kind === 'ClusterRole') {
      const role = this.source.clusterRole(ref.name);
      if (role) return effectiveClusterRoleRules(role, this.source);
      errors.push(`clusterrole.rbac.authorization.k8s.io ${q(ref.name)} not found`);
      return undefined;
    }
    if (ref.kind === 'Role' && namespace !== '') {
      const role = this.source.role(namespace, ref.name);
      if (role) return role.rules ?? [];
      errors.push(`role.rbac.authorization.k8s.io ${q(ref.name)} not found`);
      return undefined;
    }
    errors.push(`unsupported role reference kind: ${q(ref.kind)}`);
    return undefined;
  }
}

/** The first subject that names this user, as Kubernetes' appliesTo. */
export function applyingSubject(user: UserInfo, subjects: readonly Subject[] | undefined, namespace: string): Subject | undefined {
  return subjects?.find((subject) => subjectApplies(user, subject, namespace));
}

export function subjectApplies(user: UserInfo, subject: Subject, namespace: string): boolean {
  switch (subject.kind) {
    case 'User':
      return user.name === subject.name;
    case 'Group':
      return user.groups.includes(subject.name);
    case 'ServiceAccount': {
      // A RoleBinding may leave the namespace out: the binding's own namespace is meant.
      const saNamespace = subject.namespace || namespace;
      return saNamespace !== '' && user.name === serviceAccountUsername(saNamespace, subject.name);
    }
    default:
      return false;
  }
}

function describeSubject(subject: Subject, bindingNamespace: string): string {
  if (subject.kind === 'ServiceAccount') return `${subject.kind} ${q(`${subject.name}/${subject.namespace || bindingNamespace}`)}`;
  return `${subject.kind} ${q(subject.name)}`;
}

function name(binding: ClusterRoleBinding | RoleBinding): string {
  return binding.metadata?.name ?? '';
}

// Go's utilerrors.NewAggregate: one error prints as itself, several as [a, b], duplicates once.
function aggregate(errors: string[]): string {
  const unique = [...new Set(errors)];
  return unique.length === 1 ? unique[0]! : `[${unique.join(', ')}]`;
}

function q(value: string): string {
  return JSON.stringify(value);
}
