// Taints and tolerations (k8s.io/api/core/v1 Toleration.ToleratesTaint).
import type { Taint, Toleration } from 'kubernetes-types/core/v1.js';

/** The taint a node carries while spec.unschedulable is set; tolerating it also tolerates cordoning. */
export const unschedulableTaint: Taint = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };

/**
 * A toleration tolerates a taint when its effect is empty or equal, its key is empty or equal,
 * and, with operator Equal (or empty), its value is equal; Exists tolerates any value. An empty
 * key with Exists tolerates every taint.
 */
export function toleratesTaint(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  switch (toleration.operator ?? '') {
    case '':
    case 'Equal':
      return (toleration.value ?? '') === (taint.value ?? '');
    case 'Exists':
      return true;
    default:
      return false;
  }
}

export function tolerationsTolerateTaint(tolerations: readonly Toleration[], taint: Taint): boolean {
  for (let i = 0; i < tolerations.length; i++) if (toleratesTaint(tolerations[i]!, taint)) return true;
  return false;
}

/** Taints that keep pods off a node: NoSchedule and NoExecute (DoNotScheduleTaintsFilterFunc). */
export function isDoNotScheduleTaint(taint: Taint): boolean {
  return taint.effect === 'NoSchedule' || taint.effect === 'NoExecute';
}

/** The first taint (in the node's order) among `taints` that no toleration tolerates. */
export function findUntoleratedTaint(taints: readonly Taint[], tolerations: readonly Toleration[]): Taint | undefined {
  for (let i = 0; i < taints.length; i++) if (!tolerationsTolerateTaint(tolerations, taints[i]!)) return taints[i];
  return undefined;
}
