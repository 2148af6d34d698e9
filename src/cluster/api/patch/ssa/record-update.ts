// managedFields for ordinary writes. Kubernetes records every create, update and non-apply
// patch as an "Update" by the request's field manager (fieldManager=, or the user agent):
// the writer owns what it changed, others lose it. The wrappers apimachinery puts around
// that are kept: managedFields sent with the write replace the stored ones (an empty list
// resets them); a subresource write cannot touch them; an object that has none is not
// tracked by updates (only a create or an apply starts tracking); at most ten Update managers
// are kept.
import type { PatchSchema } from '../../patch-schema.ts';
import type { KubeObject } from '../../resource-type.ts';
import { type JsonObject, type JsonValue, deepClone, getOwn, isObject, setOwn } from '../json-value.ts';
import { type Managers, capUpdateManagers, decodeManagers, encodeManagers, entryFor, isResetManagedFields, managedFieldsTime } from './managers.ts';
import { recordChange } from './ownership.ts';
import { fieldElement } from './path-element.ts';

export interface RecordUpdateInput {
  /** The object before the write; undefined (or without metadata.uid) for a create. */
  old?: object | undefined;
  /** The object to be stored, after defaulting (Kubernetes records defaulted fields too). */
  updated: object;
  /** The request's field manager; "unknown" when empty, as Kubernetes names it. */
  manager?: string | undefined;
  now: string;
  /** The apiVersion the client wrote in (apps/v1). */
  apiVersion: string;
  subresource?: string | undefined;
  schema?: PatchSchema | undefined;
  /** Field paths this write may not own, e.g. [['status']] for the main resource of a kind with a status subresource. */
  ignoredFields?: readonly (readonly string[])[] | undefined;
}

/** The updated object with its managedFields brought up to date; the inputs are not changed. */
export function recordUpdate(input: RecordUpdateInput): KubeObject {
  const updated = deepClone(input.updated as JsonObject);
  const old = input.old === undefined ? undefined : (input.old as JsonObject);
  const isCreate = old === undefined || !uidOf(old);
  const managers = managersForUpdate(old, updated, Boolean(input.subresource));
  setManagedFields(updated, undefined);
  // Updates of an object nobody tracks stay untracked until it is applied (skipNonApplied).
  if (managers.size === 0 && !isCreate) return updated as KubeObject;
  const writer = entryFor(input.manager ?? '', 'Update', input.apiVersion, input.subresource);
  const before = old === undefined ? undefined : withoutManagedFields(old);
  recordChange(managers, before, updated, writer, {
    schema: input.schema,
    ignored: (input.ignoredFields ?? []).map((path) => path.map(fieldElement)),
    time: managedFieldsTime(input.now),
  });
  setManagedFields(updated, encodeManagers(capUpdateManagers(managers)));
  return updated as KubeObject;
}

function uidOf(object: JsonObject): string | undefined {
  const metadata = getOwn(object, 'metadata');
  const uid = isObject(metadata) ? getOwn(metadata, 'uid') : undefined;
  return typeof uid === 'string' && uid !== '' ? uid : undefined;
}

export function managedFieldsOf(object: JsonObject | undefined): unknown {
  const metadata = object ? getOwn(object, 'metadata') : undefined;
  return isObject(metadata) ? getOwn(metadata, 'managedFields') : undefined;
}

/** Decoded managedFields, or none when they do not decode (Kubernetes then starts afresh rather than fail the write). */
function tryDecode(managedFields: unknown): Managers {
  try {
    return decodeManagers(managedFields);
  } catch {
    return new Map();
  }
}

/**
 * Which managedFields a write starts from (apimachinery decodeLiveOrNew): the ones it sends,
 * unless it sends none, or it is a subresource write, in which case the stored ones.
 */
function managersForUpdate(old: JsonObject | undefined, updated: JsonObject, subresource: boolean): Managers {
  if (subresource) return tryDecode(managedFieldsOf(old));
  const sent = managedFieldsOf(updated);
  if (isResetManagedFields(sent)) return new Map();
  const fromWrite = tryDecode(sent);
  return fromWrite.size > 0 ? fromWrite : tryDecode(managedFieldsOf(old));
}

export function withoutManagedFields(object: JsonObject): JsonObject {
  const metadata = getOwn(object, 'metadata');
  if (!isObject(metadata) || getOwn(metadata, 'managedFields') === undefined) return object;
  const copy = { ...object };
  const { managedFields: _, ...rest } = metadata;
  setOwn(copy, 'metadata', rest);
  return copy;
}

export function setManagedFields(object: JsonObject, managedFields: JsonValue[] | undefined): void {
  let metadata = getOwn(object, 'metadata');
  if (!isObject(metadata)) {
    if (managedFields === undefined) return;
    metadata = {};
    setOwn(object, 'metadata', metadata);
  }
  if (managedFields === undefined) delete metadata.managedFields;
  else setOwn(metadata, 'managedFields', managedFields);
}
