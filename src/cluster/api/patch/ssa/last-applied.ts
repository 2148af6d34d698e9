// kubectl's client-side apply annotation in a server-side apply world. When `kubectl apply
// --server-side` (field manager "kubectl") takes over an object that client-side apply
// managed, Kubernetes (apimachinery lastappliedmanager.go / lastappliedupdater.go):
//  - lets the applier take the fields the annotation says were applied and still hold their
//    applied value, without a conflict — those fields belong to the same user;
//  - keeps the annotation up to date with what was applied, so a later client-side apply
//    computes the right patch.
// kubectl then re-applies the annotation as "kubectl-last-applied" and folds the
// client-side-apply manager into "kubectl" with a JSON patch of managedFields.
import type { PatchSchema } from '../../patch-schema.ts';
import { type JsonObject, type JsonValue, deepClone, getOwn, goJson, isObject, setOwn } from '../json-value.ts';
import { compareObjects } from './compare.ts';
import type { FieldSet } from './field-set.ts';
import { fieldsOf } from './object-fields.ts';

export const lastAppliedAnnotation = 'kubectl.kubernetes.io/last-applied-configuration';

/** Only the default manager of `kubectl apply --server-side` gets this treatment. */
export const kubectlApplyManager = 'kubectl';

// apimachinery ValidateAnnotationsSize: all annotations together at most 256 KiB.
const totalAnnotationSizeLimit = 256 * 1024;

function annotationsOf(object: JsonValue | undefined): JsonObject | undefined {
  const metadata = isObject(object) ? getOwn(object, 'metadata') : undefined;
  const annotations = isObject(metadata) ? getOwn(metadata, 'annotations') : undefined;
  return isObject(annotations) ? annotations : undefined;
}

export function lastAppliedOf(object: JsonValue | undefined): string | undefined {
  const value = annotationsOf(object) ? getOwn(annotationsOf(object)!, lastAppliedAnnotation) : undefined;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The fields the annotation records as applied that the live object still holds with the
 * applied value; undefined when there is no usable annotation.
 */
export function fieldsStillAsLastApplied(live: JsonObject, schema: PatchSchema | undefined, apiVersion: string): FieldSet | undefined {
  const text = lastAppliedOf(live);
  if (text === undefined) return undefined;
  let lastApplied: JsonValue;
  try {
    lastApplied = JSON.parse(text) as JsonValue;
  } catch {
    return undefined;
  }
  if (!isObject(lastApplied) || lastApplied.apiVersion !== apiVersion) return undefined;
  const applied = fieldsOf(lastApplied, schema);
  const comparison = compareObjects(lastApplied, live, schema);
  return applied.difference(comparison.modified).difference(comparison.added).difference(comparison.removed);
}

/**
 * Writes `applied` (the configuration, without the annotation itself) into the annotation, as
 * Go encodes an unstructured object: sorted keys, and a trailing newline. An annotation that
 * would push the annotations past their size limit is dropped instead.
 */
export function updateLastApplied(object: JsonObject, applied: JsonObject): void {
  const annotations = annotationsOf(object);
  if (!annotations) return;
  const config = deepClone(applied);
  const configAnnotations = annotationsOf(config);
  if (configAnnotations) delete configAnnotations[lastAppliedAnnotation];
  setOwn(annotations, lastAppliedAnnotation, `${goJson(config)}\n`);
  let size = 0;
  for (const key of Object.keys(annotations)) size += Buffer.byteLength(key) + Buffer.byteLength(String(annotations[key]));
  if (size > totalAnnotationSizeLimit) delete annotations[lastAppliedAnnotation];
}
