// Removing what an applier stopped applying (structured-merge-diff's prune): a field, list
// item or map entry goes when the applier's previous apply set it, this apply does not, and
// no other manager owns it or anything under it. Whatever someone still owns is kept, down
// to the owned leaves; a map or list emptied by the removal goes too, as Kubernetes drops the
// null that structured-merge-diff leaves behind.
import type { PatchSchema } from '../../patch-schema.ts';
import { type JsonObject, type JsonValue, isObject } from '../json-value.ts';
import { isAtomicMap } from '../schema-semantics.ts';
import type { FieldSet } from './field-set.ts';
import { listElements } from './list-items.ts';
import { fieldElement } from './path-element.ts';

/**
 * `merged` without what `previous` (the applier's last applied fields) names and `kept` (every
 * manager's fields now, the applier's new ones included) does not. Changes `merged` in place.
 */
export function pruneUnapplied(merged: JsonObject, previous: FieldSet, kept: FieldSet, schema: PatchSchema | undefined): JsonObject {
  pruneValue(merged, previous, kept, schema);
  return merged;
}

/** Prunes inside `value`; true when that emptied it. */
function pruneValue(value: JsonValue, previous: FieldSet, kept: FieldSet | undefined, schema: PatchSchema | undefined): boolean {
  if (isObject(value)) {
    if (isAtomicMap(schema)) return false;
    let removed = false;
    for (const key of Object.keys(value)) {
      const element = fieldElement(key);
      const before = previous.children.get(element);
      if (!before) continue;
      const keep = kept?.children.get(element);
      if (!keep || keep.isEmpty()) {
        delete value[key];
        removed = true;
      } else if (before.children.size > 0 && pruneValue(value[key]!, before, keep, schema?.field(key))) {
        delete value[key];
        removed = true;
      }
    }
    return removed && Object.keys(value).length === 0;
  }
  if (Array.isArray(value)) {
    const elements = listElements(value, schema);
    if (!elements) return false;
    const itemSchema = schema?.items();
    const survivors: JsonValue[] = [];
    value.forEach((item, index) => {
      const element = elements[index]!;
      const before = previous.children.get(element);
      if (!before) return void survivors.push(item);
      const keep = kept?.children.get(element);
      if (!keep || keep.isEmpty()) return;
      if (before.children.size > 0 && pruneValue(item, before, keep, itemSchema)) return;
      survivors.push(item);
    });
    const removed = survivors.length < value.length;
    value.splice(0, value.length, ...survivors);
    return removed && value.length === 0;
  }
  return false;
}
