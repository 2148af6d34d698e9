// Validation of metadata common to every kind, as apimachinery's ValidateObjectMetaAccessor and
// ValidateObjectMetaAccessorUpdate do it: name or generateName (in the kind's name format),
// namespace present exactly for namespaced kinds, labels, annotations (keys and 256 KiB total),
// owner references, finalizers; on update, what may never change.
import type { FieldError } from '../field-error.ts';
import type { ObjectMeta, OwnerReference } from '../resource-type.ts';
import { forbidden, invalid, nonNegative, required } from './errors.ts';
import { validateLabels } from './label-selector.ts';
import { isDNS1123Label, isQualifiedName, type NameCheck } from './names.ts';

export const totalAnnotationSizeLimitBytes = 256 * 1024;

export interface ObjectMetaRules {
  namespaced: boolean;
  /** The kind's name format, e.g. nameIsDNSSubdomain; Namespaces and Services use DNS labels. */
  name: NameCheck;
}

export function validateObjectMeta(meta: ObjectMeta | undefined, rules: ObjectMetaRules, path = 'metadata'): FieldError[] {
  const errors: FieldError[] = [];
  const m = meta ?? {};
  if (m.generateName) {
    for (const message of rules.name(m.generateName, true)) errors.push(invalid(`${path}.generateName`, m.generateName, message));
  }
  if (!m.name) errors.push(required(`${path}.name`, 'name or generateName is required'));
  else for (const message of rules.name(m.name, false)) errors.push(invalid(`${path}.name`, m.name, message));

  if (rules.namespaced) {
    if (!m.namespace) errors.push(required(`${path}.namespace`));
    else for (const message of isDNS1123Label(m.namespace)) errors.push(invalid(`${path}.namespace`, m.namespace, message));
  } else if (m.namespace) {
    errors.push(forbidden(`${path}.namespace`, 'not allowed on this type'));
  }
  errors.push(...nonNegative(`${path}.generation`, m.generation));
  errors.push(...validateLabels(m.labels, `${path}.labels`));
  errors.push(...validateAnnotations(m.annotations, `${path}.annotations`));
  errors.push(...validateOwnerReferences(m.ownerReferences, `${path}.ownerReferences`));
  errors.push(...validateFinalizers(m.finalizers, `${path}.finalizers`));
  return errors;
}

/**
 * What an update may not do to metadata: change the name, namespace or uid. (The server keeps
 * uid and creationTimestamp from the stored object when a request leaves them out, as
 * Kubernetes' BeforeUpdate does, so only a uid actually sent is compared.)
 */
export function validateObjectMetaUpdate(meta: ObjectMeta | undefined, old: ObjectMeta | undefined, path = 'metadata'): FieldError[] {
  const m = meta ?? {};
  const o = old ?? {};
  const errors: FieldError[] = [];
  if ((m.name ?? '') !== (o.name ?? '')) errors.push(invalid(`${path}.name`, m.name ?? '', 'field is immutable'));
  if ((m.namespace ?? '') !== (o.namespace ?? '')) errors.push(invalid(`${path}.namespace`, m.namespace ?? '', 'field is immutable'));
  if (m.uid && o.uid && m.uid !== o.uid) errors.push(invalid(`${path}.uid`, m.uid, 'field is immutable'));
  if ((m.generation ?? 0) < (o.generation ?? 0)) errors.push(invalid(`${path}.generation`, m.generation ?? 0, 'must not be decremented'));
  if (o.deletionTimestamp) {
    const added = (m.finalizers ?? []).filter((finalizer) => !(o.finalizers ?? []).includes(finalizer));
    if (added.length > 0) errors.push(forbidden(`${path}.finalizers`, `no new finalizers can be added if the object is being deleted, found new finalizers ${JSON.stringify(added)}`));
  }
  return errors;
}

/** Annotation keys are qualified names, compared lower-cased; all keys and values together at most 256 KiB. */
export function validateAnnotations(annotations: Record<string, string> | undefined, path: string): FieldError[] {
  if (!annotations) return [];
  const errors: FieldError[] = [];
  let size = 0;
  for (const [key, value] of Object.entries(annotations)) {
    for (const message of isQualifiedName(key.toLowerCase())) errors.push(invalid(path, key, message));
    size += Buffer.byteLength(key) + Buffer.byteLength(String(value));
  }
  if (size > totalAnnotationSizeLimitBytes) errors.push({ type: 'FieldValueTooLong', field: path, detail: `may not be more than ${totalAnnotationSizeLimitBytes} bytes` });
  return errors;
}

export function validateOwnerReferences(references: OwnerReference[] | undefined, path: string): FieldError[] {
  const errors: FieldError[] = [];
  let firstController = '';
  for (const reference of references ?? []) {
    const version = (reference.apiVersion ?? '').split('/').pop() ?? '';
    // Kubernetes reports these on the list's path, not an indexed one.
    if (!version) errors.push(invalid(`${path}.apiVersion`, reference.apiVersion ?? '', 'version must not be empty'));
    if (!reference.kind) errors.push(invalid(`${path}.kind`, reference.kind ?? '', 'kind must not be empty'));
    if (!reference.name) errors.push(invalid(`${path}.name`, reference.name ?? '', 'name must not be empty'));
    if (!reference.uid) errors.push(invalid(`${path}.uid`, reference.uid ?? '', 'uid must not be empty'));
    if (reference.controller) {
      const current = `${reference.kind}/${reference.name}`;
      if (firstController) {
        errors.push(
          invalid(path, references, `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${current}`),
        );
      } else {
        firstController = current;
      }
    }
  }
  return errors;
}

const orphanFinalizer = 'orphan';
const foregroundFinalizer = 'foregroundDeletion';

export function validateFinalizers(finalizers: string[] | undefined, path: string): FieldError[] {
  const errors: FieldError[] = [];
  for (const finalizer of finalizers ?? []) {
    for (const message of isQualifiedName(finalizer)) errors.push(invalid(path, finalizer, message));
  }
  if (finalizers?.includes(orphanFinalizer) && finalizers.includes(foregroundFinalizer)) {
    errors.push(invalid(path, finalizers, `finalizer ${orphanFinalizer} and ${foregroundFinalizer} cannot be both set`));
  }
  return errors;
}
