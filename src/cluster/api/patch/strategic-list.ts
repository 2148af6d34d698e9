// Lists in strategic merge patch whose field is marked patchStrategy "merge". Lists of
// objects merge item by item on the patchMergeKey (containers by name, ports by
// containerPort); lists of scalars (finalizers) merge as sets. In the patch, an item
// `{"$patch": "delete", <key>: v}` removes every item with that key, `{"$patch": "replace"}`
// makes the other patch items the whole list, and `$deleteFromPrimitiveList/<field>` removes
// scalars. Lists without the merge strategy never get here: the patch replaces them.
import { type JsonObject, type JsonValue, deepEqual, getOwn, goFormat, hasOwn, isObject } from './json-value.ts';
import { badPatch, invalidPatch } from './patch-errors.ts';
import { normalizeOrder, partitionByPresence } from './strategic-order.ts';

export const directiveMarker = '$patch';

export interface ItemMerger {
  /** Merges a patch item into the matching original item (a map merge). */
  merge(original: JsonObject, patch: JsonObject): JsonObject;
  /** A patch item that matches nothing, with its directives resolved; undefined to drop it. */
  fresh(patch: JsonValue): JsonValue | undefined;
}

export const noMergeKey = (item: JsonValue, mergeKey: string) => badPatch(`map: ${goFormat(item)} does not contain declared merge key: ${mergeKey}`);

type ElementKind = 'object' | 'scalar' | 'none';

/** The one kind of element both lists hold; lists of lists and mixed lists are refused as Kubernetes refuses them. */
function elementKind(...lists: readonly JsonValue[][]): ElementKind {
  let kind: string | undefined;
  for (const list of lists) {
    for (const item of list) {
      if (Array.isArray(item)) throw invalidPatch('lists of lists are not supported');
      const itemKind = item === null ? 'null' : isObject(item) ? 'object' : typeof item;
      if (kind === undefined) kind = itemKind;
      else if (kind !== itemKind) throw badPatch(`list element types are not identical: ${goFormat(lists as JsonValue[])}`);
    }
  }
  return kind === undefined ? 'none' : kind === 'object' ? 'object' : 'scalar';
}

export function mergeKeyValue(item: JsonValue, mergeKey: string): JsonValue | undefined {
  return isObject(item) ? getOwn(item, mergeKey) : undefined;
}

/** The merged list; `original` may be changed (callers pass private copies). */
export function mergeList(original: JsonValue[], patch: JsonValue[], mergeKey: string, merger: ItemMerger): JsonValue[] {
  if (original.length === 0 && patch.length === 0) return original;
  const kind = elementKind(original, patch);
  if (kind !== 'object') return mergeScalars(original, patch);
  if (!mergeKey) throw badPatch('cannot merge lists without merge key');

  // Directive items first: deletions shrink the original, a replace discards it.
  let base = original;
  let replace = false;
  const items: JsonObject[] = [];
  for (const item of patch as JsonObject[]) {
    if (!hasOwn(item, directiveMarker)) {
      items.push(item);
      continue;
    }
    const directive = item[directiveMarker];
    if (directive === 'delete') {
      if (!hasOwn(item, mergeKey)) throw noMergeKey(item, mergeKey);
      base = base.filter((candidate) => !(isObject(candidate) && hasOwn(candidate, mergeKey) && deepEqual(candidate[mergeKey], item[mergeKey])));
    } else if (directive === 'replace') {
      replace = true;
    } else if (directive === 'merge') {
      throw badPatch('merging lists cannot yet be specified in the patch');
    } else {
      throw badPatch(`unknown patch type: ${goFormat(directive)} in map: ${goFormat(item)}`);
    }
  }
  if (replace) {
    base = items.map((item) => merger.fresh(item)).filter((item): item is JsonValue => item !== undefined);
    return base;
  }

  const serverOrder = [...base];
  const merged = [...base];
  for (const item of items) {
    if (!hasOwn(item, mergeKey)) throw noMergeKey(item, mergeKey);
    const index = merged.findIndex((candidate) => isObject(candidate) && hasOwn(candidate, mergeKey) && deepEqual(candidate[mergeKey], item[mergeKey]));
    if (index >= 0) {
      merged[index] = merger.merge(merged[index] as JsonObject, item);
    } else {
      const fresh = merger.fresh(item);
      if (fresh !== undefined) merged.push(fresh);
    }
  }
  const [patchItems, serverItems] = partitionByPresence(merged, items, mergeKey);
  return normalizeOrder(patchItems, serverItems, items, serverOrder, mergeKey);
}

/** Scalars merge as a set: each value once, the patch's in the patch's order. */
function mergeScalars(original: JsonValue[], patch: JsonValue[]): JsonValue[] {
  const merged: JsonValue[] = [];
  for (const item of [...original, ...patch]) if (!merged.some((seen) => deepEqual(seen, item))) merged.push(item);
  const [patchItems, serverItems] = partitionByPresence(merged, patch, '');
  return normalizeOrder(patchItems, serverItems, patch, original, '');
}

/** `$deleteFromPrimitiveList/<field>`: every scalar in `remove` goes, duplicates included. */
export function deleteFromPrimitiveList(original: JsonValue[], remove: JsonValue[]): JsonValue[] {
  if (original.length === 0 && remove.length === 0) return original;
  if (elementKind(original, remove) === 'object') throw badPatch('invalid patch format of primitive list');
  return original.filter((item) => !remove.some((gone) => deepEqual(gone, item)));
}

/**
 * `$setElementOrder/<field>` must list the patch's items (deletions aside) in the same
 * relative order; otherwise the patch contradicts itself.
 */
export function validateElementOrder(patchList: readonly JsonValue[], order: readonly JsonValue[], mergeKey: string): void {
  if (order.length === 0 || patchList.length === 0) return;
  const items = mergeKey
    ? patchList.filter((item) => {
        if (!isObject(item)) throw badPatch(`expected a map, but received a ${Array.isArray(item) ? 'slice' : typeof item}`);
        return item[directiveMarker] !== 'delete';
      })
    : patchList;
  const same = (a: JsonValue, b: JsonValue) => {
    if (!mergeKey) return deepEqual(a, b);
    if (!isObject(a) || !hasOwn(a, mergeKey)) throw noMergeKey(a, mergeKey);
    if (!isObject(b) || !hasOwn(b, mergeKey)) throw noMergeKey(b, mergeKey);
    return deepEqual(a[mergeKey], b[mergeKey]);
  };
  let p = 0;
  let s = 0;
  while (p < items.length && s < order.length) {
    const item = items[p]!;
    if (isObject(item) && hasOwn(item, directiveMarker)) {
      p++;
      continue;
    }
    if (same(item, order[s]!)) p++;
    s++;
  }
  if (p < items.length) {
    throw badPatch(`The order in patch list:\n${goFormat(patchList as JsonValue[])}\n doesn't match $setElementOrder list:\n${goFormat(order as JsonValue[])}\n`);
  }
}
