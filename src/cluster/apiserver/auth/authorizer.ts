// The server's authorizer: Kubernetes' default chain for an RBAC cluster. Members of
// system:masters are allowed everything before RBAC is consulted (kube-apiserver's privileged-group
// authorizer), so the admin kubeconfig keeps working even if someone deletes the cluster-admin
// binding; everyone else gets what RBAC grants.
import type { RequestAttributes } from './attributes.ts';
import { type Decision, RbacAuthorizer } from './rbac/authorizer.ts';
import type { RbacSource } from './rbac/source.ts';
import { SYSTEM_MASTERS, type UserInfo } from './user.ts';

export type { Decision } from './rbac/authorizer.ts';

export interface Authorizer {
  authorize(user: UserInfo, attributes: RequestAttributes): Decision;
}

export function createAuthorizer(source: RbacSource): Authorizer {
  const rbac = new RbacAuthorizer(source);
  return {
    authorize(user, attributes) {
      if (user.groups.includes(SYSTEM_MASTERS)) return { allowed: true, reason: '' };
      return rbac.authorize(user, attributes);
    },
  };
}
