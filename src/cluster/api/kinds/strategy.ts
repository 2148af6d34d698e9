// What the API server's create and update strategies do beyond validation, shared by the kinds:
// create discards any status the client sent; an update of the main resource keeps the stored
// status (it changes only through the status subresource); metadata.generation starts at 1 and
// goes up by one each time the desired state (usually the spec) changes.
import type { KubeObject } from '../resource-type.ts';
import { semanticEqual } from '../validation/equality.ts';
import { metadataOf } from './object-view.ts';

export function resetStatus(object: KubeObject, status: Record<string, unknown> = {}): void {
  object.status = status;
}

export function keepStatus(object: KubeObject, old: KubeObject): void {
  if (old.status === undefined) delete object.status;
  else object.status = old.status;
}

export function startGeneration(object: KubeObject): void {
  metadataOf(object).generation = 1;
}

/** The stored generation, plus one when `changed` — as BeforeUpdate then PrepareForUpdate do. */
export function nextGeneration(object: KubeObject, old: KubeObject, changed: boolean): void {
  const previous = old.metadata?.generation ?? 1;
  metadataOf(object).generation = changed ? previous + 1 : previous;
}

/** Whether the desired state differs: by default the spec. */
export function specChanged(object: KubeObject, old: KubeObject, field = 'spec'): boolean {
  return !semanticEqual(object[field], old[field]);
}

/** The strategy of kinds with a spec, a status subresource and a generation (Deployment, Job, Ingress …). */
export const specAndStatusStrategy = {
  prepareForCreate(object: KubeObject): void {
    resetStatus(object);
    startGeneration(object);
  },
  prepareForUpdate(object: KubeObject, old: KubeObject): void {
    keepStatus(object, old);
    nextGeneration(object, old, specChanged(object, old));
  },
};

/** Kinds with a status subresource but no generation (Service, PVC, ResourceQuota …). */
export const statusOnlyStrategy = {
  prepareForCreate(object: KubeObject): void {
    resetStatus(object);
  },
  prepareForUpdate(object: KubeObject, old: KubeObject): void {
    keepStatus(object, old);
  },
};
