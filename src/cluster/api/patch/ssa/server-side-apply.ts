// Server-side apply (application/apply-patch+yaml): the applier sends the fields it has
// opinions about; the server merges them into the object, records that the applier owns
// exactly those fields, removes what the applier owned last time and no longer sends (unless
// someone else owns it), and refuses — 409, unless forced — to change a field another manager
// owns. `kubectl apply --server-side` uses it, and an apply to a missing object creates it.
//
// The steps follow structured-merge-diff's Updater.Apply and the apimachinery wrappers
// around it (skipNonApplied, lastAppliedManager/Updater, stripMeta): see the comments below.
import type { PatchSchema } from '../../patch-schema.ts';
import type { KubeObject } from '../../resource-type.ts';
import { type JsonObject, deepClone, deepEqual, getOwn, isObject } from '../json-value.ts';
import { PatchError, badPatch } from '../patch-errors.ts';
import { mergeApplied } from './apply-merge.ts';
import { compareObjects, withoutFields } from './compare.ts';
import { ApplyConflict } from './conflicts.ts';
import { fieldsStillAsLastApplied, kubectlApplyManager, lastAppliedOf, updateLastApplied } from './last-applied.ts';
import { type Managers, decodeManagers, encodeManagers, entryFor, managedFieldsTime, managerIdentity, stripUnowned } from './managers.ts';
import { fieldsOf } from './object-fields.ts';
import { recordChange } from './ownership.ts';
import { fieldElement } from './path-element.ts';
import { pruneUnapplied } from './prune.ts';
import { managedFieldsOf, setManagedFields, withoutManagedFields } from './record-update.ts';

export interface ApplyInput {
  /** The stored object; undefined (or {}) when the apply creates it. */
  live?: object | undefined;
  /** The apply configuration (decoded body). */
  applied: object;
  /** The fieldManager query parameter (required). */
  manager: string;
  /** ?force=true: take fields from other managers instead of conflicting. */
  force: boolean;
  schema?: PatchSchema | undefined;
  now: string;
  /** The request's apiVersion (apps/v1); the configuration must say the same. */
  apiVersion: string;
  /** The request's kind; checked against the configuration when given. */
  kind?: string | undefined;
  subresource?: string | undefined;
  /** Field paths the applier may not own, e.g. [['status']] on the main resource. */
  ignoredFields?: readonly (readonly string[])[] | undefined;
}

export interface ApplyResult {
  /** The object to store (unchanged live object when there are conflicts). */
  object: KubeObject;
  /** Set when the apply conflicts; answer with applyConflictError(conflicts). */
  conflicts?: ApplyConflict[];
}

export function applyServerSide(input: ApplyInput): ApplyResult {
  const applied = input.applied as JsonObject;
  checkConfiguration(input, applied);
  const live = input.live !== undefined && Object.keys(input.live).length > 0 ? deepClone(input.live as JsonObject) : undefined;
  const liveBase = live === undefined ? {} : withoutManagedFields(live);
  const time = managedFieldsTime(input.now);
  const ignored = (input.ignoredFields ?? []).map((path) => path.map(fieldElement));
  const schema = input.schema;

  let managers: Managers;
  try {
    managers = decodeManagers(managedFieldsOf(live));
  } catch (err) {
    throw new PatchError(500, 'InternalError', `failed to decode managed fields: ${(err as Error).message}`, { statusMessage: `Internal error occurred: failed to decode managed fields: ${(err as Error).message}` });
  }
  // An object nobody tracked yet: its current fields are owned by "before-first-apply", so an
  // apply that changes them conflicts instead of silently winning (apimachinery skipNonApplied).
  if (managers.size === 0 && live !== undefined) {
    recordChange(managers, {}, liveBase, entryFor('before-first-apply', 'Update', input.apiVersion, input.subresource), { schema, ignored, time });
  }

  const configFields = fieldsOf(applied, schema, true);
  const applier = entryFor(input.manager, 'Apply', input.apiVersion, input.subresource);
  const identity = managerIdentity(applier);
  const previous = managers.get(identity);
  const owned = configFields.without(ignored);

  // Merge, then remove what the applier applied last time and nobody owns now.
  let merged = mergeApplied(liveBase, applied, schema) as JsonObject;
  if (previous) {
    let kept = configFields;
    for (const [other, entry] of managers) if (other !== identity) kept = kept.union(entry.fields);
    merged = pruneUnapplied(merged, previous.fields, kept, schema);
  }

  const comparison = withoutFields(compareObjects(liveBase, merged, schema), ignored);
  const changed = comparison.modified.union(comparison.added);
  const conflicts: ApplyConflict[] = [];
  for (const [other, entry] of managers) {
    if (other === identity) continue;
    for (const path of entry.fields.intersection(changed).paths()) conflicts.push(new ApplyConflict(entry, other, path));
  }
  if (conflicts.length > 0 && !input.force) {
    const remaining = live === undefined ? conflicts : conflictsLeftAfterLastApplied(conflicts, live, input);
    if (remaining.length > 0) return { object: (live ?? {}) as KubeObject, conflicts: remaining };
  }

  // Ownership: others lose what changed (forced conflicts included) and what was removed.
  for (const [other, entry] of managers) {
    if (other === identity) continue;
    const rest = entry.fields.difference(changed).difference(comparison.removed);
    if (rest.isEmpty()) managers.delete(other);
    else managers.set(other, { ...entry, fields: rest });
  }
  const mine = stripUnowned(owned);
  const unchanged = deepEqual(liveBase, merged);
  if (mine.isEmpty()) {
    managers.delete(identity);
  } else {
    // A no-op apply records ownership but keeps the entry's time (Kubernetes does not write then).
    const entryTime = unchanged ? previous?.time : time;
    managers.set(identity, { ...applier, fields: mine, ...(entryTime ? { time: entryTime } : {}) });
  }

  if (input.manager === kubectlApplyManager && lastAppliedOf(merged) !== undefined) updateLastApplied(merged, applied);
  setManagedFields(merged, encodeManagers(managers));
  return { object: merged as KubeObject };
}

function checkConfiguration(input: ApplyInput, applied: JsonObject): void {
  if (!input.manager) {
    throw new PatchError(422, 'Invalid', 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch', {
      causes: [{ reason: 'FieldValueRequired', message: 'Required value: is required for apply patch', field: 'fieldManager' }],
    });
  }
  if (!isObject(applied)) throw badPatch('error decoding patch: the apply configuration must be an object');
  const apiVersion = getOwn(applied, 'apiVersion');
  const kind = getOwn(applied, 'kind');
  const expectedKind = input.kind ?? (isObject(input.live) ? getOwn(input.live as JsonObject, 'kind') : undefined);
  if (apiVersion !== input.apiVersion || (typeof expectedKind === 'string' && expectedKind !== '' && kind !== expectedKind)) {
    throw badPatch(`invalid object type: ${groupVersionKind(apiVersion, kind)}`);
  }
  const metadata = getOwn(applied, 'metadata');
  if (isObject(metadata) && getOwn(metadata, 'managedFields') !== undefined) throw badPatch('metadata.managedFields must be nil');
}

/** schema.GroupVersionKind's String(): "apps/v1, Kind=Deployment", "/v1, Kind=Pod". */
function groupVersionKind(apiVersion: unknown, kind: unknown): string {
  const version = typeof apiVersion === 'string' ? apiVersion : '';
  const groupVersion = version.includes('/') ? version : `/${version}`;
  return `${groupVersion}, Kind=${typeof kind === 'string' ? kind : ''}`;
}

/**
 * `kubectl apply --server-side` after client-side apply: conflicts on fields the
 * last-applied annotation recorded, still holding the applied value, are the same user's and
 * do not count. Kubernetes then forces the apply only when no other conflict remains.
 */
function conflictsLeftAfterLastApplied(conflicts: ApplyConflict[], live: JsonObject, input: ApplyInput): ApplyConflict[] {
  if (input.manager !== kubectlApplyManager) return conflicts;
  const allowed = fieldsStillAsLastApplied(withoutManagedFields(live), input.schema, input.apiVersion);
  if (!allowed) return conflicts;
  return conflicts.filter((conflict) => !allowed.has(conflict.path));
}
