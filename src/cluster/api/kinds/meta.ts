// The metadata checks every kind runs first: the object's own metadata on create, and on update
// also what may not change.
import type { FieldError } from '../field-error.ts';
import type { KubeObject } from '../resource-type.ts';
import { validateObjectMeta, validateObjectMetaUpdate, type ObjectMetaRules } from '../validation/object-meta.ts';

export function validateMeta(object: KubeObject, old: KubeObject | undefined, rules: ObjectMetaRules): FieldError[] {
  const errors = validateObjectMeta(object.metadata, rules);
  if (old) errors.push(...validateObjectMetaUpdate(object.metadata, old.metadata));
  return errors;
}
