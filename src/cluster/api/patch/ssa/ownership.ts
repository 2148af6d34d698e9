// How a write moves field ownership (structured-merge-diff's Updater.Update, wrapped the way
// apimachinery's managedFieldsUpdater and stripMetaManager wrap it): the writer comes to own
// every field it added or changed, other managers lose those fields, and a removed field is
// owned by no one. A write that changes nothing the writer may own leaves its entry (and its
// time) alone.
import type { PatchSchema } from '../../patch-schema.ts';
import type { JsonValue } from '../json-value.ts';
import { type Comparison, compareObjects, withoutFields } from './compare.ts';
import { type ManagerEntry, type Managers, managerIdentity, stripUnowned } from './managers.ts';

export interface ChangeContext {
  schema: PatchSchema | undefined;
  /** Field-path prefixes (serialized elements) this write may not own, e.g. status on the main resource. */
  ignored: readonly (readonly string[])[];
  /** managedFields time of the write. */
  time: string;
}

/** `managers` after `writer` changed `before` into `after`; `managers` is updated in place and returned. */
export function recordChange(managers: Managers, before: JsonValue | undefined, after: JsonValue, writer: ManagerEntry, context: ChangeContext): Managers {
  const comparison = withoutFields(compareObjects(before, after, context.schema), context.ignored);
  return recordComparison(managers, comparison, writer, context.time);
}

export function recordComparison(managers: Managers, comparison: Comparison, writer: ManagerEntry, time: string): Managers {
  const changed = comparison.modified.union(comparison.added);
  // Everyone, the writer's own previous entry included, loses what changed; the writer then
  // takes the changed fields back below.
  for (const [identity, entry] of managers) {
    const rest = entry.fields.difference(changed).difference(comparison.removed);
    if (rest.isEmpty()) managers.delete(identity);
    else managers.set(identity, { ...entry, fields: rest });
  }
  const owned = stripUnowned(changed);
  if (owned.isEmpty()) return managers;
  const identity = managerIdentity(writer);
  const previous = managers.get(identity);
  managers.set(identity, { ...writer, fields: previous ? owned.union(previous.fields) : owned, time });
  return managers;
}
