// The conditions a Terminating namespace reports (Kubernetes' namespace_condition_updater.go):
// each deletion pass says whether discovery and deletion failed, what content remains and which
// finalizers hold it, with Kubernetes' reasons and messages. Pure: the controller writes them
// through the status subresource when they change.
import type { NamespaceCondition } from 'kubernetes-types/core/v1.js';

/** What one deletion pass found. */
export interface DeletionPass {
  /** Group-versions whose discovery failed ("apps/v1: …"). */
  discoveryFailures: string[];
  /** Resources whose deletion failed ("pods: …"). */
  deletionFailures: string[];
  /** Objects left, by "resource.group" (core: "pods."). */
  remainingByResource: Map<string, number>;
  /** Objects left, by the finalizer they hold. */
  remainingByFinalizer: Map<string, number>;
}

export const namespaceConditionTypes = [
  'NamespaceDeletionDiscoveryFailure',
  'NamespaceDeletionGroupVersionParsingFailure',
  'NamespaceDeletionContentFailure',
  'NamespaceContentRemaining',
  'NamespaceFinalizersRemaining',
] as const;

type ConditionType = (typeof namespaceConditionTypes)[number];

const okReasons: Record<ConditionType, [string, string]> = {
  NamespaceDeletionDiscoveryFailure: ['ResourcesDiscovered', 'All resources successfully discovered'],
  NamespaceDeletionGroupVersionParsingFailure: ['ParsedGroupVersions', 'All legacy kube types successfully parsed'],
  NamespaceDeletionContentFailure: ['ContentDeleted', 'All content successfully deleted, may be waiting on finalization'],
  NamespaceContentRemaining: ['ContentRemoved', 'All content successfully removed'],
  NamespaceFinalizersRemaining: ['ContentHasNoFinalizers', 'All content-preserving finalizers finished'],
};

function counted(counts: Map<string, number>, format: (name: string, count: number) => string): string[] {
  return [...counts].filter(([, count]) => count > 0).map(([name, count]) => format(name, count)).sort();
}

/** The failing conditions of a pass (type → [reason, message]). */
function failures(pass: DeletionPass): Partial<Record<ConditionType, [string, string]>> {
  const found: Partial<Record<ConditionType, [string, string]>> = {};
  if (pass.discoveryFailures.length > 0) found.NamespaceDeletionDiscoveryFailure = ['DiscoveryFailed', `Discovery failed for some groups, ${pass.discoveryFailures.length} failing: ${pass.discoveryFailures.join(', ')}`];
  if (pass.deletionFailures.length > 0) found.NamespaceDeletionContentFailure = ['ContentDeletionFailed', `Failed to delete all resource types, ${pass.deletionFailures.length} remaining: ${pass.deletionFailures.join(', ')}`];
  const resources = counted(pass.remainingByResource, (name, count) => `${name} has ${count} resource instances`);
  if (resources.length > 0) found.NamespaceContentRemaining = ['SomeResourcesRemain', `Some resources are remaining: ${resources.join(', ')}`];
  const finalizers = counted(pass.remainingByFinalizer, (name, count) => `${name} in ${count} resource instances`);
  if (finalizers.length > 0) found.NamespaceFinalizersRemaining = ['SomeFinalizersRemain', `Some content in the namespace has finalizers remaining: ${finalizers.join(', ')}`];
  return found;
}

/**
 * The namespace's conditions after `pass`: one of each type, True when failing; a condition's
 * lastTransitionTime changes only when its status does. Conditions of other types are kept.
 */
export function namespaceConditions(previous: readonly NamespaceCondition[] | undefined, pass: DeletionPass, now: string): NamespaceCondition[] {
  const failing = failures(pass);
  const others = (previous ?? []).filter((condition) => !(namespaceConditionTypes as readonly string[]).includes(condition.type));
  const ours = namespaceConditionTypes.map((type): NamespaceCondition => {
    const failure = failing[type];
    const status = failure ? 'True' : 'False';
    const [reason, message] = failure ?? okReasons[type];
    const old = previous?.find((condition) => condition.type === type);
    const lastTransitionTime = old && old.status === status && old.lastTransitionTime ? old.lastTransitionTime : now;
    return { type, status, lastTransitionTime, reason, message };
  });
  return [...others, ...ours];
}

/** Whether two condition lists differ in anything but timestamps. */
export function conditionsDiffer(a: readonly NamespaceCondition[] | undefined, b: readonly NamespaceCondition[]): boolean {
  const strip = (conditions: readonly NamespaceCondition[] | undefined) => JSON.stringify((conditions ?? []).map(({ type, status, reason, message }) => ({ type, status, reason, message })));
  return strip(a) !== strip(b);
}
