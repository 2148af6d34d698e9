// Kubernetes' deployment_util.go, the parts the controller needs: revisions and the annotations
// a Deployment keeps on its ReplicaSets, which ReplicaSet is the new one (its template equals
// the Deployment's, the pod-template-hash label aside), sorting, and proportional scaling.
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import { canonicalJson, withoutNulls } from './pod-template-hash.ts';
import { resolveFenceposts } from './rolling-update.ts';

export const revisionAnnotation = 'deployment.kubernetes.io/revision';
export const revisionHistoryAnnotation = 'deployment.kubernetes.io/revision-history';
export const desiredReplicasAnnotation = 'deployment.kubernetes.io/desired-replicas';
export const maxReplicasAnnotation = 'deployment.kubernetes.io/max-replicas';
export const podTemplateHashLabel = 'pod-template-hash';
/** Longest revision-history annotation kept (Kubernetes' default). */
export const revisionHistoryLimitChars = 2000;

/** Deployment annotations never copied to ReplicaSets. */
const annotationsToSkip = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  revisionAnnotation,
  revisionHistoryAnnotation,
  desiredReplicasAnnotation,
  maxReplicasAnnotation,
  'deprecated.deployment.rollback.to',
]);

export const replicasOf = (rs: ReplicaSet | undefined): number => rs?.spec?.replicas ?? 0;
export const desiredOf = (deployment: Deployment): number => deployment.spec?.replicas ?? 1;
const created = (rs: ReplicaSet): string => rs.metadata?.creationTimestamp ?? '';

export function revisionOf(rs: ReplicaSet): number {
  const text = rs.metadata?.annotations?.[revisionAnnotation];
  const value = text === undefined ? 0 : Number(text);
  return Number.isInteger(value) && value >= 0 ? value : 0;
}

export function maxRevision(sets: readonly ReplicaSet[]): number {
  return Math.max(0, ...sets.map(revisionOf));
}

export function isRollingUpdate(deployment: Deployment): boolean {
  return (deployment.spec?.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
}

/** maxSurge as a number (0 for Recreate). */
export function maxSurge(deployment: Deployment): number {
  if (!isRollingUpdate(deployment)) return 0;
  return resolveFenceposts(deployment.spec?.strategy, desiredOf(deployment)).maxSurge;
}

/** The template without the pod-template-hash label, as canonical JSON. */
function templateKey(template: PodTemplateSpec | undefined): string {
  const copy = withoutNulls(structuredClone(template ?? {}));
  if (copy.metadata?.labels) {
    delete copy.metadata.labels[podTemplateHashLabel];
    if (Object.keys(copy.metadata.labels).length === 0) delete copy.metadata.labels;
  }
  if (copy.metadata && Object.keys(copy.metadata).length === 0) delete copy.metadata;
  return canonicalJson(copy);
}

/** Whether two templates are equal but for the pod-template-hash label (EqualIgnoreHash). */
export function equalIgnoreHash(a: PodTemplateSpec | undefined, b: PodTemplateSpec | undefined): boolean {
  return templateKey(a) === templateKey(b);
}

/** Oldest first; ties by name. */
export function byCreation(a: ReplicaSet, b: ReplicaSet): number {
  const ca = created(a);
  const cb = created(b);
  if (ca !== cb) return ca < cb ? -1 : 1;
  const na = a.metadata?.name ?? '';
  const nb = b.metadata?.name ?? '';
  return na < nb ? -1 : na > nb ? 1 : 0;
}

/** The oldest ReplicaSet whose template is the Deployment's. */
export function findNewReplicaSet(deployment: Deployment, sets: readonly ReplicaSet[]): ReplicaSet | undefined {
  return [...sets].sort(byCreation).find((rs) => equalIgnoreHash(rs.spec?.template, deployment.spec?.template));
}

export const filterActive = (sets: readonly (ReplicaSet | undefined)[]): ReplicaSet[] => sets.filter((rs): rs is ReplicaSet => rs !== undefined && replicasOf(rs) > 0);

function intAnnotation(rs: ReplicaSet, name: string): number | undefined {
  const text = rs.metadata?.annotations?.[name];
  if (text === undefined) return undefined;
  const value = Number(text);
  return Number.isInteger(value) ? value : undefined;
}

export const desiredReplicasAnnotationOf = (rs: ReplicaSet): number | undefined => intAnnotation(rs, desiredReplicasAnnotation);

/** Whether the desired/max replicas annotations differ from these values. */
export function replicasAnnotationsNeedUpdate(rs: ReplicaSet, desired: number, max: number): boolean {
  const annotations = rs.metadata?.annotations ?? {};
  return annotations[desiredReplicasAnnotation] !== String(desired) || annotations[maxReplicasAnnotation] !== String(max);
}

/** Sets the desired/max replicas annotations on `rs` (changing it); whether anything changed. */
export function setReplicasAnnotations(rs: ReplicaSet, desired: number, max: number): boolean {
  if (!replicasAnnotationsNeedUpdate(rs, desired, max)) return false;
  rs.metadata ??= {};
  rs.metadata.annotations = { ...rs.metadata.annotations, [desiredReplicasAnnotation]: String(desired), [maxReplicasAnnotation]: String(max) };
  return true;
}

/**
 * The annotations of the new ReplicaSet (changing `rs`): the Deployment's own (but those
 * skipped), the revision — raised to `newRevision` if lower, the earlier one kept in the
 * revision history (a rollback) — and, for a ReplicaSet about to be created, the replicas
 * annotations. Whether anything changed.
 */
export function setNewReplicaSetAnnotations(deployment: Deployment, rs: ReplicaSet, newRevision: number, exists: boolean): boolean {
  rs.metadata ??= {};
  const annotations = { ...rs.metadata.annotations };
  let changed = false;
  for (const [key, value] of Object.entries(deployment.metadata?.annotations ?? {})) {
    if (annotationsToSkip.has(key) || annotations[key] === value) continue;
    annotations[key] = value;
    changed = true;
  }
  const oldText = annotations[revisionAnnotation];
  const oldRevision = oldText === undefined || oldText === '' ? 0 : Number(oldText);
  if (!Number.isInteger(oldRevision)) {
    rs.metadata.annotations = annotations;
    return changed;
  }
  if (oldRevision < newRevision) {
    annotations[revisionAnnotation] = String(newRevision);
    changed = true;
    if (oldText !== undefined && oldText !== '') {
      const history = annotations[revisionHistoryAnnotation];
      if (!history) annotations[revisionHistoryAnnotation] = oldText;
      else {
        const revisions = history.split(',');
        let length = history.length + oldText.length + 1;
        let start = 0;
        while (length > revisionHistoryLimitChars && start < revisions.length) length -= revisions[start++]!.length + 1;
        if (length <= revisionHistoryLimitChars) annotations[revisionHistoryAnnotation] = [...revisions.slice(start), oldText].join(',');
      }
    }
  }
  rs.metadata.annotations = annotations;
  if (!exists && setReplicasAnnotations(rs, desiredOf(deployment), desiredOf(deployment) + maxSurge(deployment))) changed = true;
  return changed;
}

/** The only active ReplicaSet, or (none active) the new or the newest one; undefined when several are active. */
export function findActiveOrLatest(newRS: ReplicaSet | undefined, oldSets: readonly ReplicaSet[]): ReplicaSet | undefined {
  if (!newRS && oldSets.length === 0) return undefined;
  const newestFirst = [...oldSets].sort((a, b) => byCreation(b, a));
  const active = filterActive([...newestFirst, newRS]);
  if (active.length === 0) return newRS ?? newestFirst[0];
  if (active.length === 1) return active[0];
  return undefined;
}

/** The new ReplicaSet has all the Deployment's replicas, all available. */
export function isSaturated(deployment: Deployment, rs: ReplicaSet | undefined): boolean {
  if (!rs) return false;
  const desired = desiredOf(deployment);
  return desiredReplicasAnnotationOf(rs) === desired && replicasOf(rs) === desired && (rs.status?.availableReplicas ?? 0) === desired;
}

/** Bigger first; ties: newer first (scaling up) or older first (scaling down). */
export function bySize(newerFirst: boolean) {
  return (a: ReplicaSet, b: ReplicaSet): number => {
    if (replicasOf(a) !== replicasOf(b)) return replicasOf(b) - replicasOf(a);
    return newerFirst ? byCreation(b, a) : byCreation(a, b);
  };
}

/** Go's math.Round for the proportion (half away from zero). */
const roundHalfAway = (value: number): number => Math.sign(value) * Math.round(Math.abs(value));

/** How many replicas `rs` gains (or loses) of `toAdd` when the Deployment is resized mid-rollout (GetProportion). */
export function proportion(rs: ReplicaSet, deployment: Deployment, toAdd: number, added: number): number {
  if (replicasOf(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = replicaSetFraction(rs, deployment);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

function replicaSetFraction(rs: ReplicaSet, deployment: Deployment): number {
  const desired = desiredOf(deployment);
  if (desired === 0) return -replicasOf(rs);
  const deploymentReplicas = desired + maxSurge(deployment);
  const annotated = intAnnotation(rs, maxReplicasAnnotation) ?? deployment.status?.replicas ?? 0;
  if (annotated <= 0) return 0;
  return roundHalfAway((replicasOf(rs) * deploymentReplicas) / annotated) - replicasOf(rs);
}

/**
 * Proportional scaling of active ReplicaSets when the Deployment's replicas change mid-rollout:
 * the new size of each (by name), and whether it is a scale "up" or "down".
 */
export function proportionalSizes(deployment: Deployment, active: readonly ReplicaSet[]): { sizes: Map<string, number>; operation: 'up' | 'down' | '' } {
  const desired = desiredOf(deployment);
  const current = active.reduce((sum, rs) => sum + replicasOf(rs), 0);
  const allowed = desired > 0 ? desired + maxSurge(deployment) : 0;
  const toAdd = allowed - current;
  const ordered = [...active];
  const operation = toAdd > 0 ? 'up' : toAdd < 0 ? 'down' : '';
  if (toAdd > 0) ordered.sort(bySize(true));
  else if (toAdd < 0) ordered.sort(bySize(false));
  const sizes = new Map<string, number>();
  let added = 0;
  for (const rs of ordered) {
    if (toAdd === 0) {
      sizes.set(rs.metadata!.name!, replicasOf(rs));
      continue;
    }
    const share = proportion(rs, deployment, toAdd, added);
    sizes.set(rs.metadata!.name!, replicasOf(rs) + share);
    added += share;
  }
  if (ordered.length > 0 && toAdd !== 0) {
    const first = ordered[0]!.metadata!.name!;
    sizes.set(first, Math.max(0, sizes.get(first)! + toAdd - added));
  }
  return { sizes, operation };
}
