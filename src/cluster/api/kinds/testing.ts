// Helpers for the kinds' tests: run an object through a kind the way the API server does
// (Kubernetes' order: defaults, then the create or update strategy, then validation), and
// compare errors by path and cause.
import { formatFieldError, type FieldError } from '../field-error.ts';
import type { KubeObject, ResourceType } from '../resource-type.ts';
import { cloneJson } from '../validation/equality.ts';

export const testNow = new Date('2025-03-01T12:00:00Z');

/** An object as the server would store it on create, with the validation errors it got. */
export function create(type: ResourceType, input: KubeObject, uid = '0b5fd1f3-3a3e-4a5e-9a55-2f1e0f8f0001'): { object: KubeObject; errors: FieldError[] } {
  const object = cloneJson(input);
  object.metadata = { uid, creationTimestamp: '2025-03-01T11:00:00Z', ...object.metadata };
  type.defaults(object);
  type.prepareForCreate?.(object);
  return { object, errors: type.validate(object) };
}

/** An update of a stored object, as the server would apply it. */
export function update(type: ResourceType, stored: KubeObject, input: KubeObject): { object: KubeObject; errors: FieldError[] } {
  const object = cloneJson(input);
  object.metadata = { ...object.metadata, uid: stored.metadata?.uid, creationTimestamp: stored.metadata?.creationTimestamp, generation: stored.metadata?.generation };
  if (stored.metadata?.generation === undefined) delete object.metadata.generation;
  type.defaults(object);
  type.prepareForUpdate?.(object, stored);
  return { object, errors: type.validate(object, stored) };
}

/** "field: type" pairs, for table-driven assertions. */
export function causes(errors: FieldError[]): string[] {
  return errors.map((error) => `${error.field}: ${error.type}`);
}

export function messages(errors: FieldError[]): string[] {
  return errors.map(formatFieldError);
}

/** The cells of the named columns (by column name) of one row. */
export function cells(type: ResourceType, object: KubeObject, now = testNow): Record<string, unknown> {
  const row = type.table.row(object, now);
  return Object.fromEntries(type.table.columns.map((column, index) => [column.name, row[index]]));
}
