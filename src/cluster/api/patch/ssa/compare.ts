// What changed between two versions of an object, as field sets (structured-merge-diff's
// Compare): `added` fields the new version sets and the old did not, `removed` the reverse,
// `modified` leaves whose value changed. Ownership follows from it: a write takes the
// fields it added or modified away from every other manager, and a removed field is owned by
// no one.
import type { PatchSchema } from '../../patch-schema.ts';
import { type JsonValue, deepEqual, getOwn, isObject } from '../json-value.ts';
import { holdsMapEntries, isAtomicMap } from '../schema-semantics.ts';
import { FieldSet } from './field-set.ts';
import { listElements } from './list-items.ts';
import { fieldElement } from './path-element.ts';

export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

export function compareObjects(before: JsonValue | undefined, after: JsonValue | undefined, schema: PatchSchema | undefined): Comparison {
  const comparison: Comparison = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  walk(before, after, schema, [], comparison);
  return comparison;
}

/** The comparison without the given subtrees (fields a write may not own, e.g. status on the main resource). */
export function withoutFields(comparison: Comparison, prefixes: readonly (readonly string[])[]): Comparison {
  if (prefixes.length === 0) return comparison;
  return { added: comparison.added.without(prefixes), modified: comparison.modified.without(prefixes), removed: comparison.removed.without(prefixes) };
}

function isEmptyValue(value: JsonValue | undefined): boolean {
  return value === undefined || (isObject(value) && Object.keys(value).length === 0) || (Array.isArray(value) && value.length === 0);
}

function walk(before: JsonValue | undefined, after: JsonValue | undefined, schema: PatchSchema | undefined, path: string[], out: Comparison, item = false): void {
  const objects = (isObject(before) || before === undefined) && (isObject(after) || after === undefined);
  const lists = (Array.isArray(before) || before === undefined) && (Array.isArray(after) || after === undefined);
  // Two empty (or absent) containers compare as leaves: `{}` appearing is a field being set.
  if (objects && !isAtomicMap(schema) && !(isEmptyValue(before) && isEmptyValue(after))) {
    const left = (before ?? {}) as Record<string, JsonValue>;
    const right = (after ?? {}) as Record<string, JsonValue>;
    const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
    for (const key of keys) walk(getOwn(left, key), getOwn(right, key), schema?.field(key), [...path, fieldElement(key)], out);
    if (item || holdsMapEntries(schema)) markPresence(before, after, path, out);
    return;
  }
  if (lists && !(isEmptyValue(before) && isEmptyValue(after))) {
    const left = (before ?? []) as JsonValue[];
    const right = (after ?? []) as JsonValue[];
    const leftElements = listElements(left, schema);
    const rightElements = listElements(right, schema);
    if (leftElements && rightElements) {
      compareItems(left, leftElements, right, rightElements, schema?.items(), path, out);
      if (item) markPresence(before, after, path, out);
      return;
    }
  }
  if (path.length === 0) return;
  if (before === undefined) out.added.insert(path);
  else if (after === undefined) out.removed.insert(path);
  else if (!deepEqual(before, after)) out.modified.insert(path);
}

/**
 * A container that appears or disappears is itself added or removed — list items and maps
 * (labels gets its "." in an Update entry). structured-merge-diff decides this from the Go
 * types: a field that was a nil map, slice or pointer in the old object is marked, a plain
 * struct (which always exists) is not. PatchSchema does not say which fields are pointers or
 * omitempty, so structs and lists are not marked — what Kubernetes shows for spec, template
 * and containers, though not for rollingUpdate or env.
 */
function markPresence(before: JsonValue | undefined, after: JsonValue | undefined, path: string[], out: Comparison): void {
  if (path.length === 0) return;
  if (before === undefined) out.added.insert(path);
  else if (after === undefined) out.removed.insert(path);
}

function compareItems(
  left: JsonValue[],
  leftElements: string[],
  right: JsonValue[],
  rightElements: string[],
  itemSchema: PatchSchema | undefined,
  path: string[],
  out: Comparison,
): void {
  const group = (items: JsonValue[], elements: string[]) => {
    const byElement = new Map<string, JsonValue[]>();
    elements.forEach((element, index) => byElement.set(element, [...(byElement.get(element) ?? []), items[index]!]));
    return byElement;
  };
  const before = group(left, leftElements);
  const after = group(right, rightElements);
  for (const element of new Set([...leftElements, ...rightElements])) {
    const was = before.get(element) ?? [];
    const is = after.get(element) ?? [];
    const itemPath = [...path, element];
    if (was.length <= 1 && is.length <= 1) {
      walk(was[0], is[0], itemSchema, itemPath, out, true);
    } else if (!deepEqual(was, is)) {
      // Duplicated items are compared as a whole, as structured-merge-diff does.
      if (was.length === 0) out.added.insert(itemPath);
      else if (is.length === 0) out.removed.insert(itemPath);
      else out.modified.insert(itemPath);
    }
  }
}
