// Resource lists (requests, limits, capacity, hard quotas): quantities that parse, are not
// negative, and for containers a request no larger than its limit — Kubernetes'
// ValidateResourceRequirements. Also the canonical rewriting the API server applies to every
// ResourceList it stores (SetDefaults_ResourceList rounds to milli-units; encoding writes the
// canonical form, so `cpu: "0.5"` reads back as `500m`).
import type { FieldError } from '../field-error.ts';
import { fieldPath } from '../field-error.ts';
import { invalid, negativeMessage, required } from './errors.ts';
import { Quantity, quantityFormatError } from './quantity.ts';

export type ResourceList = Record<string, unknown>;

/** Rounds every parseable quantity up to milli-units and writes it in canonical form; leaves the rest for validation to report. */
export function canonicalizeResourceList(list: ResourceList | undefined): void {
  if (!list || typeof list !== 'object') return;
  for (const [name, value] of Object.entries(list)) {
    const quantity = Quantity.parse(value);
    if (quantity) list[name] = quantity.roundUp(-3).toString();
  }
}

/** Canonical form of one quantity field, when it parses. */
export function canonicalQuantity(value: unknown): unknown {
  return Quantity.parse(value)?.toString() ?? value;
}

/** A quantity that must parse and not be negative. */
export function validateQuantity(value: unknown, path: string): { quantity?: Quantity; errors: FieldError[] } {
  const quantity = Quantity.parse(value);
  if (!quantity) return { errors: [invalid(path, value, quantityFormatError)] };
  if (quantity.sign() < 0) return { quantity, errors: [invalid(path, quantity.toString(), negativeMessage)] };
  return { quantity, errors: [] };
}

const standardContainerResources = new Set(['cpu', 'memory', 'ephemeral-storage']);

function isStandardContainerResourceName(name: string): boolean {
  return standardContainerResources.has(name) || name.startsWith('hugepages-');
}

/** Overcommit is allowed for native resources only; extended ones (example.com/gpu) need request == limit. */
function isOvercommitAllowed(name: string): boolean {
  const native = !name.includes('/') || name.includes('kubernetes.io/');
  return native && !name.startsWith('hugepages-');
}

function validateContainerResourceName(name: string, path: string): FieldError[] {
  if (!name.includes('/') && !isStandardContainerResourceName(name)) return [invalid(path, name, 'must be a standard resource for containers')];
  return [];
}

interface Requirements {
  limits?: ResourceList;
  requests?: ResourceList;
}

/** A container's resources: names, quantities, and each request at most its limit. */
export function validateContainerResources(resources: Requirements | undefined, path: string): FieldError[] {
  if (!resources) return [];
  const errors: FieldError[] = [];
  const limitsPath = fieldPath.child(path, 'limits');
  const requestsPath = fieldPath.child(path, 'requests');
  const limits = new Map<string, Quantity>();
  for (const [name, value] of Object.entries(resources.limits ?? {})) {
    const keyPath = fieldPath.key(limitsPath, name);
    errors.push(...validateContainerResourceName(name, keyPath));
    const { quantity, errors: quantityErrors } = validateQuantity(value, keyPath);
    errors.push(...quantityErrors);
    if (quantity) limits.set(name, quantity);
  }
  for (const [name, value] of Object.entries(resources.requests ?? {})) {
    const keyPath = fieldPath.key(requestsPath, name);
    errors.push(...validateContainerResourceName(name, keyPath));
    const { quantity, errors: quantityErrors } = validateQuantity(value, keyPath);
    errors.push(...quantityErrors);
    if (!quantity) continue;
    const limit = limits.get(name);
    if (limit) {
      if (!isOvercommitAllowed(name) && quantity.cmp(limit) !== 0) {
        errors.push(invalid(requestsPath, quantity.toString(), `must be equal to ${name} limit of ${limit.toString()}`));
      } else if (quantity.cmp(limit) > 0) {
        errors.push(invalid(requestsPath, quantity.toString(), `must be less than or equal to ${name} limit of ${limit.toString()}`));
      }
    } else if (!isOvercommitAllowed(name)) {
      errors.push(required(limitsPath, 'Limit must be set for non overcommitable resources'));
    }
  }
  return errors;
}

/** Any resource list whose values must be valid, non-negative quantities (quota hard limits, PV capacity). */
export function validateResourceQuantities(list: ResourceList | undefined, path: string): FieldError[] {
  const errors: FieldError[] = [];
  for (const [name, value] of Object.entries(list ?? {})) errors.push(...validateQuantity(value, fieldPath.key(path, name)).errors);
  return errors;
}
