// Apply conflicts: fields the applier would change that another manager owns. Kubernetes
// answers them with a 409 whose message and causes apimachinery's managedfields/internal/
// conflict.go writes:
//   Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas
import { compareStrings } from '../json-value.ts';
import { PatchError } from '../patch-errors.ts';
import type { ManagerEntry } from './managers.ts';
import { formatPath } from './path-element.ts';

export class ApplyConflict {
  /** The manager as Kubernetes prints it: "kubectl" with subresource "scale" using apps/v1. */
  readonly manager: string;
  /** Sorts conflicts the way Kubernetes groups them (by manager identity). */
  readonly identity: string;
  /** The field path as Kubernetes prints it: .spec.template.spec.containers[name="web"].image */
  readonly field: string;
  /** The same path as serialized path elements (f:spec, f:replicas). */
  readonly path: readonly string[];

  constructor(entry: ManagerEntry, identity: string, path: readonly string[]) {
    this.manager = printManager(entry);
    this.identity = identity;
    this.field = formatPath(path);
    this.path = path;
  }

  /** The StatusCause message: conflict with "kubectl-client-side-apply" using apps/v1 */
  get message(): string {
    return `conflict with ${this.manager}`;
  }

  toString(): string {
    return `${this.message}: ${this.field}`;
  }
}

export function printManager(entry: Pick<ManagerEntry, 'manager' | 'operation' | 'apiVersion' | 'subresource'>): string {
  let printed = JSON.stringify(entry.manager);
  if (entry.subresource) printed += ` with subresource ${JSON.stringify(entry.subresource)}`;
  // The identity carries no time, so Kubernetes never prints the "at <time>" part here.
  if (entry.operation === 'Update') printed += ` using ${entry.apiVersion}`;
  return printed;
}

export function sortConflicts(conflicts: readonly ApplyConflict[]): ApplyConflict[] {
  // Stable: within one manager the paths keep their field-set order.
  return [...conflicts].sort((a, b) => compareStrings(a.identity, b.identity));
}

/** The message of a 409 for these conflicts. */
export function conflictMessage(conflicts: readonly ApplyConflict[]): string {
  const sorted = sortConflicts(conflicts);
  if (sorted.length === 1) return `Apply failed with 1 conflict: ${sorted[0]!.toString()}`;
  const lines: string[] = [];
  let current: string | undefined;
  for (const conflict of sorted) {
    if (conflict.identity !== current) {
      current = conflict.identity;
      lines.push(`conflicts with ${conflict.manager}:`);
    }
    lines.push(`- ${conflict.field}`);
  }
  return `Apply failed with ${sorted.length} conflicts: ${lines.join('\n')}`;
}

/** The 409 Kubernetes answers an apply with conflicts: reason Conflict, one FieldManagerConflict cause per field. */
export function applyConflictError(conflicts: readonly ApplyConflict[]): PatchError {
  const sorted = sortConflicts(conflicts);
  return new PatchError(409, 'Conflict', conflictMessage(sorted), {
    causes: sorted.map((conflict) => ({ reason: 'FieldManagerConflict', message: conflict.message, field: conflict.field })),
  });
}
