// The metadata the server owns: a new object's uid, creationTimestamp, generation and (from
// generateName) its name; and what an update may not change (uid, creationTimestamp, name,
// namespace, deletionTimestamp — the server's to set). Kubernetes' wording for the mistakes.
import { randomBytes, randomUUID } from 'node:crypto';
import type { KubeObject, ObjectMeta } from '../api/resource-type.ts';
import type { FieldError } from '../api/field-error.ts';
import { kubeTime } from '../api/kube-time.ts';

/** Kubernetes' generateName suffix: five characters from "bcdfghjklmnpqrstvwxz2456789". */
export function generatedName(base: string): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  const bytes = randomBytes(5);
  let suffix = '';
  for (const byte of bytes) suffix += alphabet[byte % alphabet.length];
  // Kubernetes trims the base so that the whole name stays within 63 characters.
  return `${base.slice(0, 58)}${suffix}`;
}

export function fillNewObjectMetadata(object: KubeObject, now: Date): ObjectMeta {
  const metadata: ObjectMeta = { ...object.metadata };
  if (!metadata.name && metadata.generateName) metadata.name = generatedName(metadata.generateName);
  metadata.uid = randomUUID();
  metadata.creationTimestamp = kubeTime(now);
  delete metadata.resourceVersion;
  delete metadata.deletionTimestamp;
  delete metadata.deletionGracePeriodSeconds;
  object.metadata = metadata;
  return metadata;
}

/** Fields of metadata an update must leave as they are, with Kubernetes' messages. */
export function immutableMetadataErrors(updated: ObjectMeta, old: ObjectMeta): FieldError[] {
  const errs: FieldError[] = [];
  const same = (field: keyof ObjectMeta) => updated[field] === undefined || updated[field] === old[field];
  if (!same('name')) errs.push({ type: 'FieldValueInvalid', field: 'metadata.name', value: updated.name, detail: 'field is immutable' });
  if (!same('namespace')) errs.push({ type: 'FieldValueInvalid', field: 'metadata.namespace', value: updated.namespace, detail: 'field is immutable' });
  if (!same('uid')) errs.push({ type: 'FieldValueInvalid', field: 'metadata.uid', value: updated.uid, detail: 'field is immutable' });
  // creationTimestamp is not checked: Kubernetes silently keeps the stored one (clients send it
  // back reformatted, e.g. with milliseconds).
  return errs;
}

/** What the server keeps of the stored metadata through an update: the fields it owns. */
export function keepServerMetadata(updated: KubeObject, old: KubeObject): void {
  const metadata: ObjectMeta = { ...updated.metadata };
  const previous = old.metadata ?? {};
  metadata.uid = previous.uid;
  metadata.creationTimestamp = previous.creationTimestamp;
  metadata.name = previous.name;
  if (previous.namespace !== undefined) metadata.namespace = previous.namespace;
  if (previous.deletionTimestamp !== undefined) {
    metadata.deletionTimestamp = previous.deletionTimestamp;
    if (previous.deletionGracePeriodSeconds !== undefined) metadata.deletionGracePeriodSeconds = previous.deletionGracePeriodSeconds;
  } else {
    delete metadata.deletionTimestamp;
    delete metadata.deletionGracePeriodSeconds;
  }
  // The generation is the server's too: the kind's prepareForUpdate bumps it when the spec changes.
  if (previous.generation !== undefined) metadata.generation = previous.generation;
  else delete metadata.generation;
  updated.metadata = metadata;
}
