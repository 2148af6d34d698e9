// Where the RBAC authorizer reads roles and bindings from. Authorization runs on every request,
// so reads are synchronous, from memory: the server keeps an RbacCache current from its store
// (fill it at start, then apply every watch event with upsert/remove). Objects must not be
// mutated after being handed over; replace them.
import type { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from 'kubernetes-types/rbac/v1.js';

export interface RbacSource {
  clusterRole(name: string): ClusterRole | undefined;
  clusterRoles(): Iterable<ClusterRole>;
  clusterRoleBindings(): Iterable<ClusterRoleBinding>;
  role(namespace: string, name: string): Role | undefined;
  roleBindings(namespace: string): Iterable<RoleBinding>;
}

export type RbacObject = ClusterRole | ClusterRoleBinding | Role | RoleBinding;

/** An in-memory RbacSource, indexed the way the authorizer reads it. */
export class RbacCache implements RbacSource {
  private readonly byKind = {
    ClusterRole: new Map<string, ClusterRole>(),
    ClusterRoleBinding: new Map<string, ClusterRoleBinding>(),
  };
  private readonly roles = new Map<string, Map<string, Role>>();
  private readonly bindings = new Map<string, Map<string, RoleBinding>>();

  constructor(objects: Iterable<RbacObject> = []) {
    for (const object of objects) this.upsert(object);
  }

  /** Adds or replaces an object; `kind` must be set (as in stored objects and watch events). */
  upsert(object: RbacObject): void {
    const { name, namespace } = identity(object);
    switch (object.kind) {
      case 'ClusterRole':
        this.byKind.ClusterRole.set(name, object);
        break;
      case 'ClusterRoleBinding':
        this.byKind.ClusterRoleBinding.set(name, object);
        break;
      case 'Role':
        namespaced(this.roles, namespace).set(name, object);
        break;
      case 'RoleBinding':
        namespaced(this.bindings, namespace).set(name, object);
        break;
      default:
        throw new Error(`RbacCache: not an RBAC object kind: ${String((object as { kind?: unknown }).kind)}`);
    }
  }

  remove(object: RbacObject): void {
    const { name, namespace } = identity(object);
    if (object.kind === 'ClusterRole') this.byKind.ClusterRole.delete(name);
    else if (object.kind === 'ClusterRoleBinding') this.byKind.ClusterRoleBinding.delete(name);
    else if (object.kind === 'Role') this.roles.get(namespace)?.delete(name);
    else if (object.kind === 'RoleBinding') this.bindings.get(namespace)?.delete(name);
  }

  clusterRole(name: string): ClusterRole | undefined {
    return this.byKind.ClusterRole.get(name);
  }

  clusterRoles(): Iterable<ClusterRole> {
    return this.byKind.ClusterRole.values();
  }

  clusterRoleBindings(): Iterable<ClusterRoleBinding> {
    return this.byKind.ClusterRoleBinding.values();
  }

  role(namespace: string, name: string): Role | undefined {
    return this.roles.get(namespace)?.get(name);
  }

  roleBindings(namespace: string): Iterable<RoleBinding> {
    return this.bindings.get(namespace)?.values() ?? [];
  }
}

function identity(object: RbacObject): { name: string; namespace: string } {
  const name = object.metadata?.name;
  if (!name) throw new Error(`RbacCache: ${object.kind ?? 'object'} without metadata.name`);
  const namespace = object.metadata?.namespace ?? '';
  if ((object.kind === 'Role' || object.kind === 'RoleBinding') && namespace === '') throw new Error(`RbacCache: ${object.kind} ${name} without metadata.namespace`);
  return { name, namespace };
}

function namespaced<T>(index: Map<string, Map<string, T>>, namespace: string): Map<string, T> {
  let inner = index.get(namespace);
  if (!inner) index.set(namespace, (inner = new Map()));
  return inner;
}
