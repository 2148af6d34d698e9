// The garbage collector's decisions, as pure functions of what it knows (Kubernetes'
// garbagecollector.go attemptToDeleteItem / processDeletingDependentsItem / orphanDependents):
//   - an owner reference is *solid* (the owner exists and is not deleting its dependents first),
//     *dangling* (no such owner: absent, another uid, or a reference no object can satisfy), or
//     *waiting* (the owner is being deleted in the foreground and waits for its dependents);
//   - a dependent with a solid owner stays (references to dangling or waiting owners are removed
//     from it); one without, is deleted — in the foreground if a waiting owner is why and it has
//     dependents of its own, so the owner's wait covers the whole tree;
//   - an owner deleting in the foreground keeps its `foregroundDeletion` finalizer while a
//     dependent that blocks it (blockOwnerDeletion) exists; an orphaning owner has its uid taken
//     out of its dependents' references before its `orphan` finalizer goes.
import type { ObjectMeta, OwnerReference } from 'kubernetes-types/meta/v1.js';
import type { ClientObject } from '../../client/index.ts';

export const orphanFinalizer = 'orphan';
export const foregroundFinalizer = 'foregroundDeletion';

export type OwnerState = 'solid' | 'dangling' | 'waiting';

export interface ClassifiedOwners {
  solid: OwnerReference[];
  dangling: OwnerReference[];
  waiting: OwnerReference[];
}

export type DependentAction =
  | { kind: 'keep' }
  | { kind: 'removeOwnerReferences'; uids: string[] }
  | { kind: 'delete'; propagationPolicy: 'Background' | 'Foreground' | 'Orphan' };

/** The group of an apiVersion ("apps/v1" → "apps", "v1" → ""). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

export function hasFinalizer(object: ClientObject, finalizer: string): boolean {
  return (object.metadata?.finalizers ?? []).includes(finalizer);
}

/** Marked for deletion and holding `finalizer`. */
export function isDeleting(object: ClientObject, finalizer: string): boolean {
  return Boolean(object.metadata?.deletionTimestamp) && hasFinalizer(object, finalizer);
}

/**
 * Where the owner a dependent names lives: a namespaced dependent's owners are in its own
 * namespace or cluster-scoped; a cluster-scoped dependent can only have cluster-scoped owners
 * (a namespaced owner named by one is unresolvable: 'invalid').
 */
export function ownerLocation(dependentNamespace: string | undefined, ownerNamespaced: boolean): { namespace: string | undefined } | 'invalid' {
  if (!ownerNamespaced) return { namespace: undefined };
  if (!dependentNamespace) return 'invalid';
  return { namespace: dependentNamespace };
}

/** The state of one reference, given the object found where the owner should be (undefined: none). */
export function ownerStateOf(reference: OwnerReference, found: ClientObject | undefined): OwnerState {
  if (!found || found.metadata?.uid !== reference.uid) return 'dangling';
  return isDeleting(found, foregroundFinalizer) ? 'waiting' : 'solid';
}

/** What to do with a dependent (not itself being deleted) whose owners are classified. */
export function dependentAction(dependent: ClientObject, owners: ClassifiedOwners, hasDependents: boolean): DependentAction {
  if (owners.solid.length > 0) {
    const uids = [...owners.dangling, ...owners.waiting].map((reference) => reference.uid);
    return uids.length > 0 ? { kind: 'removeOwnerReferences', uids } : { kind: 'keep' };
  }
  if (owners.dangling.length === 0 && owners.waiting.length === 0) return { kind: 'keep' };
  if (owners.waiting.length > 0 && hasDependents) return { kind: 'delete', propagationPolicy: 'Foreground' };
  // Deleted as its own finalizers ask (they are there when something asked for them).
  if (hasFinalizer(dependent, orphanFinalizer)) return { kind: 'delete', propagationPolicy: 'Orphan' };
  if (hasFinalizer(dependent, foregroundFinalizer)) return { kind: 'delete', propagationPolicy: 'Foreground' };
  return { kind: 'delete', propagationPolicy: 'Background' };
}

/** The dependents that keep an owner deleting in the foreground waiting: those whose reference to it has blockOwnerDeletion. */
export function blockingDependents<T extends ClientObject>(ownerUid: string, dependents: readonly T[]): T[] {
  return dependents.filter((dependent) => (dependent.metadata?.ownerReferences ?? []).some((reference) => reference.uid === ownerUid && reference.blockOwnerDeletion === true));
}

/** `references` without those to `uids`; undefined when none is left (the field is removed). */
export function referencesWithout(references: readonly OwnerReference[] | undefined, uids: readonly string[]): OwnerReference[] | undefined {
  const remaining = (references ?? []).filter((reference) => !uids.includes(reference.uid));
  return remaining.length > 0 ? remaining : undefined;
}

/** Whether two objects name the same owners (uids, in order). */
export function sameOwners(a: ClientObject, b: ClientObject): boolean {
  const left = a.metadata?.ownerReferences ?? [];
  const right = b.metadata?.ownerReferences ?? [];
  return left.length === right.length && left.every((reference, index) => reference.uid === right[index]!.uid && reference.blockOwnerDeletion === right[index]!.blockOwnerDeletion);
}

/**
 * What the collector keeps of an object: its identity, owners, finalizers and deletion mark
 * (and resourceVersion, for writes that must not act on a stale view) — not its spec, status,
 * labels, annotations or managedFields.
 */
export function collectorMetadata<T extends ClientObject>(object: T): T {
  const metadata = object.metadata ?? {};
  const kept: ObjectMeta = {
    name: metadata.name,
    uid: metadata.uid,
    resourceVersion: metadata.resourceVersion,
    ...(metadata.namespace ? { namespace: metadata.namespace } : {}),
    ...(metadata.ownerReferences && metadata.ownerReferences.length > 0 ? { ownerReferences: metadata.ownerReferences } : {}),
    ...(metadata.finalizers && metadata.finalizers.length > 0 ? { finalizers: metadata.finalizers } : {}),
    ...(metadata.deletionTimestamp ? { deletionTimestamp: metadata.deletionTimestamp } : {}),
  };
  return { metadata: kept } as T;
}

/** "[apps/v1/ReplicaSet, namespace: ns, name: web, uid: …]", as Kubernetes names an owner in events. */
export function describeOwner(reference: OwnerReference, namespace: string | undefined): string {
  return `[${reference.apiVersion}/${reference.kind}, namespace: ${namespace ?? ''}, name: ${reference.name}, uid: ${reference.uid}]`;
}
