// Who a request comes from, as Kubernetes' user.Info: a name, an optional uid, groups, and extra
// attributes. Authentication produces it, authorization (RBAC) reads it.

export interface UserInfo {
  name: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

// The well-known names of k8s.io/apiserver/pkg/authentication/user.
export const SYSTEM_MASTERS = 'system:masters';
export const ALL_AUTHENTICATED = 'system:authenticated';
export const ALL_UNAUTHENTICATED = 'system:unauthenticated';
export const ANONYMOUS = 'system:anonymous';
export const SERVICE_ACCOUNTS_GROUP = 'system:serviceaccounts';

const serviceAccountPrefix = 'system:serviceaccount:';

/** The user a request without credentials becomes (anonymous auth on, as Kubernetes' default). */
export function anonymousUser(): UserInfo {
  return { name: ANONYMOUS, groups: [ALL_UNAUTHENTICATED] };
}

export function isAnonymous(user: UserInfo): boolean {
  return user.name === ANONYMOUS;
}

/** Adds system:authenticated, as Kubernetes' AuthenticatedGroupAdder does for every authenticated user. */
export function withAuthenticatedGroup(user: UserInfo): UserInfo {
  if (user.groups.includes(ALL_AUTHENTICATED) || user.groups.includes(ALL_UNAUTHENTICATED)) return user;
  return { ...user, groups: [...user.groups, ALL_AUTHENTICATED] };
}

export function serviceAccountUsername(namespace: string, name: string): string {
  return `${serviceAccountPrefix}${namespace}:${name}`;
}

/** namespace and name of a service-account user name, or undefined for any other user. */
export function parseServiceAccountUsername(username: string): { namespace: string; name: string } | undefined {
  if (!username.startsWith(serviceAccountPrefix)) return undefined;
  const [namespace, name, ...rest] = username.slice(serviceAccountPrefix.length).split(':');
  if (!namespace || !name || rest.length > 0) return undefined;
  return { namespace, name };
}

/** The groups every service account is in: system:serviceaccounts and system:serviceaccounts:NS. */
export function serviceAccountGroups(namespace: string): string[] {
  return [SERVICE_ACCOUNTS_GROUP, `${SERVICE_ACCOUNTS_GROUP}:${namespace}`];
}
