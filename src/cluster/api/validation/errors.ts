// Constructors for FieldErrors, one per cause type, worded as Kubernetes' field package words
// them (k8s.io/apimachinery/pkg/util/validation/field). Validators build their lists with these
// so every message reads the same way across kinds.
import type { FieldError } from '../field-error.ts';

export function required(field: string, detail = ''): FieldError {
  return detail ? { type: 'FieldValueRequired', field, detail } : { type: 'FieldValueRequired', field };
}

export function invalid(field: string, value: unknown, detail: string): FieldError {
  return { type: 'FieldValueInvalid', field, value, detail };
}

/** "Unsupported value": the supported values are listed quoted, in the order given (Kubernetes passes them sorted or in its own order). */
export function notSupported(field: string, value: unknown, supported: readonly string[]): FieldError {
  const detail = supported.length ? `supported values: ${supported.map((v) => JSON.stringify(v)).join(', ')}` : undefined;
  return detail ? { type: 'FieldValueNotSupported', field, value, detail } : { type: 'FieldValueNotSupported', field, value };
}

export function duplicate(field: string, value: unknown): FieldError {
  return { type: 'FieldValueDuplicate', field, value };
}

export function forbidden(field: string, detail: string): FieldError {
  return { type: 'FieldValueForbidden', field, detail };
}

export function notFound(field: string, value: unknown): FieldError {
  return { type: 'FieldValueNotFound', field, value };
}

/** "Too long: may not be more than 262144 bytes". */
export function tooLong(field: string, maxLength: number): FieldError {
  return { type: 'FieldValueTooLong', field, detail: `may not be more than ${maxLength} ${maxLength === 1 ? 'byte' : 'bytes'}` };
}

export function tooMany(field: string, actual: number, max: number): FieldError {
  return { type: 'FieldValueTooMany', field, value: actual, detail: `must have at most ${max} items` };
}

export const fieldImmutable = 'field is immutable';
export const negativeMessage = 'must be greater than or equal to 0';

/** ValidateImmutableField: Invalid with the new value when it differs (semantically) from the old one. */
export function immutable(field: string, value: unknown, old: unknown, equal: (a: unknown, b: unknown) => boolean): FieldError[] {
  return equal(value, old) ? [] : [invalid(field, value, fieldImmutable)];
}

/** ValidateNonnegativeField. */
export function nonNegative(field: string, value: unknown): FieldError[] {
  return typeof value === 'number' && value < 0 ? [invalid(field, value, negativeMessage)] : [];
}
