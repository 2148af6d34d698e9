// The fields an object sets, as a FieldSet — what an applier owns when it applies that object.
// Following structured-merge-diff's ToFieldSet: scalars, nulls, empty maps and atomic values
// are members; so is every list item and every map entry (labels[app]), even when it has
// children; a struct field that only holds other fields (spec, template) is not, its
// children are. An empty granular list names nothing.
import type { PatchSchema } from '../../patch-schema.ts';
import { type JsonValue, isObject } from '../json-value.ts';
import { holdsMapEntries, isAtomicMap } from '../schema-semantics.ts';
import { FieldSet } from './field-set.ts';
import { configListElements, listElements } from './list-items.ts';
import { fieldElement, formatPath } from './path-element.ts';

/**
 * The fields `value` sets. With `strict` (an apply configuration), list items that cannot be
 * named or that repeat a name are errors rather than a reason to treat the list as atomic.
 */
export function fieldsOf(value: JsonValue, schema: PatchSchema | undefined, strict = false): FieldSet {
  const set = new FieldSet();
  walk(value, schema, [], set, strict);
  return set;
}

function walk(value: JsonValue, schema: PatchSchema | undefined, path: string[], set: FieldSet, strict: boolean): void {
  if (isObject(value)) {
    if (isAtomicMap(schema)) return insert(set, path);
    const entries = holdsMapEntries(schema);
    for (const key of Object.keys(value)) {
      const child = value[key]!;
      const childPath = [...path, fieldElement(key)];
      walk(child, schema?.field(key), childPath, set, strict);
      if (child === null || entries || (isObject(child) && Object.keys(child).length === 0)) set.insert(childPath);
    }
    return;
  }
  if (Array.isArray(value)) {
    const elements = strict ? configListElements(value, schema, formatPath(path)) : listElements(value, schema);
    if (!elements) return insert(set, path);
    const itemSchema = schema?.items();
    const counts = new Map<string, number>();
    for (const element of elements) counts.set(element, (counts.get(element) ?? 0) + 1);
    value.forEach((item, index) => {
      const itemPath = [...path, elements[index]!];
      // An item whose name repeats is owned only as a whole, as structured-merge-diff does.
      if (counts.get(elements[index]!)! === 1) walk(item, itemSchema, itemPath, set, strict);
      set.insert(itemPath);
    });
    return;
  }
  insert(set, path);
}

function insert(set: FieldSet, path: string[]): void {
  if (path.length > 0) set.insert(path);
}
