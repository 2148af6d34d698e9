// Kind code works on plain JSON objects (KubeObject) but reads and writes them through the
// types of the `kubernetes-types` package. These helpers make that view explicit in one place.
import type { KubeObject, ObjectMeta } from '../resource-type.ts';

/** The object seen as its Kubernetes type; the same reference, so writes change the object. */
export function view<T>(object: KubeObject): T {
  return object as unknown as T;
}

/** The object's metadata, created when missing. */
export function metadataOf(object: KubeObject): ObjectMeta {
  object.metadata ??= {};
  return object.metadata;
}

/** A nested object at `key`, created when missing or not an object. */
export function child<T extends object>(parent: object, key: string): T {
  const record = parent as Record<string, unknown>;
  const value = record[key];
  if (!value || typeof value !== 'object' || Array.isArray(value)) record[key] = {};
  return record[key] as T;
}

/** Sets `key` to `value` when it is unset (undefined, null or ""), as Kubernetes' defaulting functions do. */
export function defaultTo<T extends object, K extends keyof T>(target: T, key: K, value: T[K]): void {
  const current = target[key] as unknown;
  if (current === undefined || current === null || current === '') target[key] = value;
}
