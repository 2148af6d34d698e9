// metadata.managedFields: who owns which fields. Each entry is one manager — identified, as
// apimachinery's BuildManagerIdentifier does, by its name, its operation (Apply or Update), the
// apiVersion for Update entries (an applier is one manager whatever version it applies), and
// the subresource — with a time and the FieldsV1 set it owns.
import { type JsonValue, compareStrings, goJson, isObject } from '../json-value.ts';
import { FieldSet } from './field-set.ts';
import { fieldElement } from './path-element.ts';

export type Operation = 'Apply' | 'Update';

export interface ManagerEntry {
  manager: string;
  operation: Operation;
  apiVersion: string;
  subresource: string;
  /** RFC 3339 seconds, as metav1.Time serializes. */
  time?: string;
  fields: FieldSet;
}

/** Entries by identity. */
export type Managers = Map<string, ManagerEntry>;

/** The identity of a manager, spelled as Kubernetes spells it (it sorts conflicts by it). */
export function managerIdentity(entry: Pick<ManagerEntry, 'manager' | 'operation' | 'apiVersion' | 'subresource'>): string {
  const parts = [`"manager":${goJson(entry.manager)}`, `"operation":${goJson(entry.operation)}`];
  if (entry.operation === 'Update' && entry.apiVersion) parts.push(`"apiVersion":${goJson(entry.apiVersion)}`);
  if (entry.subresource) parts.push(`"subresource":${goJson(entry.subresource)}`);
  return `{${parts.join(',')}}`;
}

export function entryFor(manager: string, operation: Operation, apiVersion: string, subresource = ''): ManagerEntry {
  return { manager: manager || 'unknown', operation, apiVersion, subresource, fields: new FieldSet() };
}

/** managedFields as stored; throws (with a reason) when an entry is not valid. */
export function decodeManagers(managedFields: unknown): Managers {
  const managers: Managers = new Map();
  if (managedFields === undefined || managedFields === null) return managers;
  if (!Array.isArray(managedFields)) throw new Error('managedFields must be a list');
  managedFields.forEach((raw: unknown, index) => {
    if (!isObject(raw)) throw new Error(`managed fields entry ${index} must be an object`);
    const operation = raw.operation;
    if (operation !== 'Apply' && operation !== 'Update') throw new Error('operation must be `Apply` or `Update`');
    if (typeof raw.apiVersion !== 'string' || raw.apiVersion === '') throw new Error('apiVersion must not be empty');
    if (raw.fieldsType === undefined || raw.fieldsType === '') throw new Error(`missing fieldsType in managed fields entry ${index}`);
    if (raw.fieldsType !== 'FieldsV1') throw new Error(`invalid fieldsType ${JSON.stringify(raw.fieldsType)} in managed fields entry ${index}`);
    const entry: ManagerEntry = {
      manager: typeof raw.manager === 'string' ? raw.manager : '',
      operation,
      apiVersion: raw.apiVersion,
      subresource: typeof raw.subresource === 'string' ? raw.subresource : '',
      ...(typeof raw.time === 'string' ? { time: raw.time } : {}),
      fields: raw.fieldsV1 === undefined || raw.fieldsV1 === null ? new FieldSet() : FieldSet.fromFieldsV1(raw.fieldsV1),
    };
    managers.set(managerIdentity(entry), entry);
  });
  return managers;
}

/**
 * `metadata.managedFields` would be reset by this value: an explicit empty list, or a list
 * holding one empty entry — how a client clears managedFields (apimachinery isResetManagedFields).
 */
export function isResetManagedFields(managedFields: unknown): boolean {
  if (!Array.isArray(managedFields)) return false;
  if (managedFields.length === 0) return true;
  return managedFields.length === 1 && isObject(managedFields[0]) && Object.keys(managedFields[0]).length === 0;
}

function seconds(time: string | undefined): number {
  const ms = time === undefined ? NaN : Date.parse(time);
  return Number.isNaN(ms) ? 0 : Math.floor(ms / 1000);
}

/** managedFields as Kubernetes writes them: sorted by operation, time, manager, apiVersion, subresource; undefined when empty. */
export function encodeManagers(managers: Managers): JsonValue[] | undefined {
  const entries = [...managers.values()].filter((entry) => !entry.fields.isEmpty());
  if (entries.length === 0) return undefined;
  entries.sort(
    (p, q) =>
      compareStrings(p.operation, q.operation) ||
      seconds(p.time) - seconds(q.time) ||
      compareStrings(p.manager, q.manager) ||
      compareStrings(p.apiVersion, q.apiVersion) ||
      compareStrings(p.subresource, q.subresource),
  );
  return entries.map((entry) => ({
    manager: entry.manager,
    operation: entry.operation,
    apiVersion: entry.apiVersion,
    ...(entry.time ? { time: entry.time } : {}),
    fieldsType: 'FieldsV1',
    fieldsV1: entry.fields.toFieldsV1(),
    ...(entry.subresource ? { subresource: entry.subresource } : {}),
  }));
}

/** A timestamp as metav1.Time writes it: RFC 3339 in UTC, whole seconds. */
export function managedFieldsTime(now: string): string {
  const ms = Date.parse(now);
  if (Number.isNaN(ms)) return now;
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** Fields no manager ever owns: type and identity metadata the server sets (apimachinery stripMetaManager). */
export const unownedFields: readonly (readonly string[])[] = [
  [fieldElement('apiVersion')],
  [fieldElement('kind')],
  ...['name', 'namespace', 'creationTimestamp', 'selfLink', 'uid', 'clusterName', 'generation', 'managedFields', 'resourceVersion'].map((name) => [
    fieldElement('metadata'),
    fieldElement(name),
  ]),
];

/** A manager's fields without the unowned ones (and without `metadata` itself as a member). */
export function stripUnowned(fields: FieldSet): FieldSet {
  const stripped = fields.without(unownedFields);
  const metadata = stripped.children.get(fieldElement('metadata'));
  if (metadata) {
    metadata.member = false;
    if (metadata.isEmpty()) stripped.children.delete(fieldElement('metadata'));
  }
  return stripped;
}

/** At most this many Update managers are kept; older ones merge into "ancient-changes" (apimachinery capManagersManager). */
export const maxUpdateManagers = 10;

export function capUpdateManagers(managers: Managers): Managers {
  const updaters = [...managers.entries()].filter(([, entry]) => entry.operation === 'Update');
  if (updaters.length <= maxUpdateManagers) return managers;
  updaters.sort(([a, p], [b, q]) => seconds(p.time) - seconds(q.time) || compareStrings(a, b));
  const firstOfVersion = new Map<string, string>();
  let count = updaters.length;
  for (const [identity, entry] of updaters) {
    if (count <= maxUpdateManagers) break;
    const bucketEntry = entryFor('ancient-changes', 'Update', entry.apiVersion);
    const bucket = managerIdentity(bucketEntry);
    const first = firstOfVersion.get(entry.apiVersion);
    if (first === undefined) {
      firstOfVersion.set(entry.apiVersion, identity);
      continue;
    }
    if (!managers.has(bucket)) {
      const firstEntry = managers.get(first)!;
      managers.delete(first);
      managers.set(bucket, { ...bucketEntry, fields: firstEntry.fields, ...(firstEntry.time ? { time: firstEntry.time } : {}) });
    }
    const current = managers.get(bucket)!;
    managers.set(bucket, { ...current, fields: entry.fields.union(current.fields), ...(entry.time ? { time: entry.time } : {}) });
    managers.delete(identity);
    count--;
  }
  return managers;
}
