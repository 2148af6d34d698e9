// The arithmetic of a Deployment's rollout, as Kubernetes' deployment controller does it
// (pkg/controller/deployment/rolling.go and util/deployment_util.go): how far the new
// ReplicaSet may grow (desired + maxSurge in total) and how far the old ones may shrink
// (never below desired − maxUnavailable available pods), old ReplicaSets' unavailable pods
// going first. Pure: the controller feeds it the ReplicaSets it sees and writes what it returns.
import type { DeploymentStrategy } from 'kubernetes-types/apps/v1.js';

/** What the plan needs of a ReplicaSet. */
export interface ReplicaSetCounts {
  name: string;
  /** spec.replicas */
  replicas: number;
  /** status.availableReplicas */
  available: number;
  /** metadata.creationTimestamp (ISO), for oldest-first ordering. */
  created: string;
}

export interface ScaleStep {
  name: string;
  replicas: number;
}

/**
 * An int-or-percent value against a total (Kubernetes' GetScaledValueFromIntOrPercent):
 * a number as is, "N%" of total rounded up or down.
 */
export function scaledValue(value: number | string | undefined, total: number, roundUp: boolean, field: string): number {
  if (value === undefined) return 0;
  if (typeof value === 'number') return value;
  const match = /^(\d+)%$/.exec(value);
  if (!match) {
    if (/^\d+$/.test(value)) return Number(value);
    throw new Error(`invalid value for IntOrString ${field}: ${JSON.stringify(value)}: invalid type: string is not a percentage`);
  }
  const scaled = (Number(match[1]) * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

/** maxSurge (rounded up) and maxUnavailable (rounded down); both zero would stall, so unavailable becomes 1. */
export function resolveFenceposts(strategy: DeploymentStrategy | undefined, desired: number): { maxSurge: number; maxUnavailable: number } {
  const rolling = strategy?.rollingUpdate;
  const maxSurge = scaledValue(rolling?.maxSurge ?? '25%', desired, true, 'spec.strategy.rollingUpdate.maxSurge');
  let maxUnavailable = scaledValue(rolling?.maxUnavailable ?? '25%', desired, false, 'spec.strategy.rollingUpdate.maxUnavailable');
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable };
}

/** How many pods may be unavailable during the update (0 for Recreate), at most `desired`. */
export function maxUnavailable(strategy: DeploymentStrategy | undefined, desired: number): number {
  if ((strategy?.type ?? 'RollingUpdate') !== 'RollingUpdate' || desired === 0) return 0;
  return Math.min(resolveFenceposts(strategy, desired).maxUnavailable, desired);
}

const total = (sets: readonly ReplicaSetCounts[], pick: (set: ReplicaSetCounts) => number) => sets.reduce((sum, set) => sum + pick(set), 0);
const oldestFirst = (sets: readonly ReplicaSetCounts[]) => [...sets].sort((a, b) => (a.created < b.created ? -1 : a.created > b.created ? 1 : a.name < b.name ? -1 : 1));

/**
 * The replicas the new ReplicaSet should have now: all of `desired` for Recreate; for a
 * rolling update as many more as keep every ReplicaSet's pods within desired + maxSurge.
 * `newSet` undefined: the new ReplicaSet is about to be created (0 replicas so far).
 */
export function newReplicaSetReplicas(strategy: DeploymentStrategy | undefined, desired: number, oldSets: readonly ReplicaSetCounts[], newSet: ReplicaSetCounts | undefined): number {
  if ((strategy?.type ?? 'RollingUpdate') === 'Recreate') return desired;
  const current = newSet?.replicas ?? 0;
  if (current >= desired) return desired;
  const { maxSurge } = resolveFenceposts(strategy, desired);
  const podCount = total(oldSets, (set) => set.replicas) + current;
  const maxTotal = desired + maxSurge;
  if (podCount >= maxTotal) return current;
  return current + Math.min(maxTotal - podCount, desired - current);
}

/**
 * How the old ReplicaSets shrink in this step of a rolling update: first the pods of theirs that
 * are not available (they count for nothing), then available ones — oldest ReplicaSet first —
 * as far as keeps desired − maxUnavailable pods available across all ReplicaSets.
 */
export function oldReplicaSetScaleDowns(strategy: DeploymentStrategy | undefined, desired: number, oldSets: readonly ReplicaSetCounts[], newSet: ReplicaSetCounts): ScaleStep[] {
  const olds = oldestFirst(oldSets).map((set) => ({ ...set }));
  if (total(olds, (set) => set.replicas) === 0) return [];
  const minAvailable = desired - maxUnavailable(strategy, desired);
  const allPods = total(olds, (set) => set.replicas) + newSet.replicas;
  const newUnavailable = newSet.replicas - newSet.available;
  const maxScaledDown = allPods - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return [];

  const changed = new Map<string, number>();
  let cleaned = 0;
  for (const set of olds) {
    if (cleaned >= maxScaledDown) break;
    if (set.replicas === 0 || set.replicas === set.available) continue;
    const down = Math.min(maxScaledDown - cleaned, set.replicas - set.available);
    set.replicas -= down;
    cleaned += down;
    changed.set(set.name, set.replicas);
  }

  // Of what is left, available pods above the floor may go.
  const availablePods = total(olds, (set) => Math.min(set.available, set.replicas)) + newSet.available;
  if (availablePods > minAvailable) {
    const toScaleDown = availablePods - minAvailable;
    let scaled = 0;
    for (const set of olds) {
      if (scaled >= toScaleDown) break;
      if (set.replicas === 0) continue;
      const down = Math.min(set.replicas, toScaleDown - scaled);
      set.replicas -= down;
      scaled += down;
      changed.set(set.name, set.replicas);
    }
  }
  return [...changed].map(([name, replicas]) => ({ name, replicas }));
}
