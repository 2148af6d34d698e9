// Validation errors as Kubernetes reports them: a field path (spec.containers[0].name), a
// cause type, the bad value, and a detail. The API server turns a list of them into a 422
// `Invalid` Status whose message reads like Kubernetes':
//   Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0

export type FieldErrorType =
  | 'FieldValueRequired' // "Required value"
  | 'FieldValueInvalid' // "Invalid value"
  | 'FieldValueNotSupported' // "Unsupported value"
  | 'FieldValueDuplicate' // "Duplicate value"
  | 'FieldValueForbidden' // "Forbidden"
  | 'FieldValueTooLong' // "Too long"
  | 'FieldValueTooMany' // "Too many"
  | 'FieldValueTypeInvalid' // "Invalid value" (wrong JSON type)
  | 'FieldValueNotFound'; // "Not found"

export interface FieldError {
  type: FieldErrorType;
  /** The path in Kubernetes' notation: metadata.name, spec.containers[0].ports[1].containerPort, metadata.labels[app]. */
  field: string;
  /** The offending value (left out for Required). */
  value?: unknown;
  /** What is wrong, in Kubernetes' words where it has them. */
  detail?: string;
}

const typeWords: Record<FieldErrorType, string> = {
  FieldValueRequired: 'Required value',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  FieldValueTypeInvalid: 'Invalid value',
  FieldValueNotFound: 'Not found',
};

/** Go's %#v for the values Kubernetes' messages show: "x", 3, []string{"a"}, map[string]string{"k":"v"}. */
function quoted(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return `[]string{${value.map((item) => JSON.stringify(item)).join(', ')}}`;
  if (typeof value === 'object' && !Array.isArray(value) && Object.values(value).every((item) => typeof item === 'string')) {
    return `map[string]string{${Object.entries(value).map(([key, item]) => `${JSON.stringify(key)}:${JSON.stringify(item)}`).join(', ')}}`;
  }
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** "spec.replicas: Invalid value: -1: must be greater than or equal to 0", as Kubernetes words it. */
export function formatFieldError(error: FieldError): string {
  const words = typeWords[error.type];
  const parts = [`${error.field}: ${words}`];
  const showsValue = !['FieldValueRequired', 'FieldValueForbidden', 'FieldValueTooLong', 'FieldValueTooMany'].includes(error.type);
  if (showsValue && error.value !== undefined) parts.push(quoted(error.value));
  if (error.detail) parts.push(error.detail);
  return parts.join(': ');
}

/** Helpers for validators: the path of a child field. */
export const fieldPath = {
  child: (parent: string, name: string) => (parent ? `${parent}.${name}` : name),
  index: (parent: string, index: number) => `${parent}[${index}]`,
  key: (parent: string, key: string) => `${parent}[${key}]`,
};
