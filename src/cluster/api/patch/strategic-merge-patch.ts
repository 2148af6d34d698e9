// Strategic merge patch (application/strategic-merge-patch+json), as
// k8s.io/apimachinery/pkg/util/strategicpatch applies it on the server: a merge patch whose
// lists follow the schema (merged by key where the field's patchStrategy is "merge", else
// replaced) and which understands directives:
//   $patch: replace | delete          in a map (replace its content / empty it) or a list item
//   $retainKeys: [..]                 drop the map's other fields (union types: strategy, volume sources)
//   $setElementOrder/<list>: [..]     the order of a merged list
//   $deleteFromPrimitiveList/<list>   scalars to remove from a merged scalar list
// `null` deletes a member. kubectl's client-side apply, `set image` and `rollout restart`
// send these. Where the schema knows nothing (free-form values), maps merge and lists are
// replaced — a JSON merge patch.
//
// Deliberate differences from apimachinery, which only matter for patches kubectl never
// writes: a map or list item the original lacks is cleaned the same way as one merged into an
// empty value (nested directives resolved, nulls dropped) instead of being copied with its
// directives; `$patch: replace` on such a map keeps its content; and malformed directives are
// 400s where apimachinery lets some of them through as 500s.
import type { PatchSchema } from '../patch-schema.ts';
import { type JsonObject, type JsonValue, deepClone, getOwn, goFormat, hasOwn, isObject, setOwn } from './json-value.ts';
import { badPatch } from './patch-errors.ts';
import { strategiesOf } from './schema-semantics.ts';
import { type ItemMerger, deleteFromPrimitiveList, directiveMarker, mergeList, validateElementOrder } from './strategic-list.ts';
import { partitionByPresence, normalizeOrder } from './strategic-order.ts';

const retainKeysDirective = '$retainKeys';
const setElementOrderPrefix = '$setElementOrder';
const deleteFromPrimitiveListPrefix = '$deleteFromPrimitiveList';

/** The patched object; neither input is changed. */
export function applyStrategicMergePatch(original: object, patch: object, schema?: PatchSchema): JsonObject {
  if (!isObject(patch)) throw badPatch('error decoding patch: a strategic merge patch must be a JSON object');
  return mergeMap(isObject(original) ? deepClone(original) : {}, deepClone(patch), schema);
}

// Both arguments are private copies from here on: merging changes them in place.
function mergeMap(original: JsonObject, patch: JsonObject, schema: PatchSchema | undefined): JsonObject {
  if (hasOwn(patch, directiveMarker)) {
    const directive = patch[directiveMarker];
    if (directive === 'delete') return {};
    if (directive === 'replace') {
      delete patch[directiveMarker];
      // "recursive and applies to all fields of the map it's in": the content stands alone.
      return mergeMap({}, patch, schema);
    }
    throw badPatch(`unknown patch type: ${goFormat(directive)} in map: ${goFormat(patch)}`);
  }
  applyRetainKeys(original, patch);
  applyElementOrders(original, patch, schema);

  for (const key of Object.keys(patch)) {
    const value = patch[key]!;
    if (key.startsWith(deleteFromPrimitiveListPrefix)) {
      const field = directiveField(key, deleteFromPrimitiveListPrefix, 'invalid patch format of primitive list');
      const current = getOwn(original, field);
      if (Array.isArray(current) && Array.isArray(value)) setOwn(original, field, deleteFromPrimitiveList(current, value));
      continue;
    }
    if (value === null) {
      delete original[key];
      continue;
    }
    const fieldSchema = schema?.field(key);
    const current = getOwn(original, key);
    let merged: JsonValue | undefined;
    if (isObject(current) && isObject(value)) {
      merged = strategiesOf(fieldSchema).replace ? fresh(value, fieldSchema) : mergeMap(current, value, fieldSchema);
    } else if (Array.isArray(current) && Array.isArray(value)) {
      merged = mergeListField(current, value, fieldSchema);
    } else {
      // Absent from the original, or of another type: the patch's value, directives resolved.
      merged = fresh(value, fieldSchema);
    }
    if (merged === undefined) delete original[key];
    else setOwn(original, key, merged);
  }
  return original;
}

function mergeListField(current: JsonValue[], patch: JsonValue[], schema: PatchSchema | undefined): JsonValue[] {
  if (!strategiesOf(schema).merge) return fresh(patch, schema) as JsonValue[];
  return mergeList(current, patch, schema?.patchMergeKey ?? '', itemMerger(schema?.items()));
}

function itemMerger(itemSchema: PatchSchema | undefined): ItemMerger {
  return {
    merge: (original, patch) => mergeMap(original, patch, itemSchema),
    fresh: (patch) => fresh(patch, itemSchema),
  };
}

/**
 * A patch value that merges with nothing: maps go through the merge (so their directives are
 * resolved and nulls dropped), merged lists drop their directive items. Undefined means the
 * value deletes itself (`$patch: delete`).
 */
function fresh(value: JsonValue, schema: PatchSchema | undefined): JsonValue | undefined {
  if (isObject(value)) {
    if (value[directiveMarker] === 'delete' && hasOwn(value, directiveMarker)) return undefined;
    return mergeMap({}, value, schema);
  }
  if (Array.isArray(value)) {
    if (strategiesOf(schema).merge) return mergeList([], value, schema?.patchMergeKey ?? '', itemMerger(schema?.items()));
    const itemSchema = schema?.items();
    return value.filter((item) => !(isObject(item) && hasOwn(item, directiveMarker))).map((item) => (isObject(item) ? mergeMap({}, item, itemSchema) : item));
  }
  return value;
}

/** The list field a `$setElementOrder/x` or `$deleteFromPrimitiveList/x` key is about. */
function directiveField(key: string, prefix: string, error: string): string {
  const slash = key.indexOf('/');
  if (slash < 0 || key.slice(0, slash) !== prefix) throw badPatch(error);
  return key.slice(slash + 1);
}

/**
 * `$retainKeys`: the map keeps only the listed fields (besides what the patch sets). Every field
 * the patch sets must be listed, or the patch contradicts itself.
 */
function applyRetainKeys(original: JsonObject, patch: JsonObject): void {
  if (!hasOwn(patch, retainKeysDirective)) return;
  const retain = patch[retainKeysDirective];
  delete patch[retainKeysDirective];
  if (!Array.isArray(retain)) throw badPatch('invalid patch format of retainKeys');
  const kept = new Set(retain.filter((key): key is string => typeof key === 'string'));
  for (const key of Object.keys(patch)) {
    if (patch[key] === null || key.startsWith(deleteFromPrimitiveListPrefix) || key.startsWith(setElementOrderPrefix)) continue;
    if (!kept.has(key)) throw badPatch('invalid patch format of retainKeys');
  }
  for (const key of Object.keys(original)) if (!kept.has(key)) delete original[key];
}

/**
 * `$setElementOrder/<field>`: merges the field's list (if the patch has one) and then orders
 * the result: the listed items in the listed order, the server's other items interleaved by
 * their server order. Handled before the other keys, as apimachinery does, and the list is
 * taken out of the patch so it is not merged twice.
 */
function applyElementOrders(original: JsonObject, patch: JsonObject, schema: PatchSchema | undefined): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(setElementOrderPrefix)) continue;
    const order = patch[key];
    delete patch[key];
    const field = directiveField(key, setElementOrderPrefix, 'invalid patch format of setElementOrder list');
    if (!Array.isArray(order)) throw badPatch('invalid patch format of setElementOrder list');
    const fieldSchema = schema?.field(field);
    const mergeKey = fieldSchema?.patchMergeKey ?? '';
    const current = getOwn(original, field);
    const patchList = getOwn(patch, field);
    if (current !== undefined && !Array.isArray(current)) throw badPatch(`expected a list for ${field}, but the object has ${goFormat(current)}`);
    if (patchList !== undefined && !Array.isArray(patchList)) throw badPatch(`expected a list for ${field}, but the patch has ${goFormat(patchList)}`);
    validateElementOrder(patchList ?? [], order, mergeKey);
    if (current === undefined && patchList === undefined) continue;
    delete patch[field];
    let merged: JsonValue[];
    if (patchList === undefined) merged = current!;
    else if (current === undefined) merged = fresh(patchList, fieldSchema) as JsonValue[];
    else merged = mergeListField(current, patchList, fieldSchema);
    const [listed, unlisted] = partitionByPresence(merged, order, mergeKey);
    setOwn(original, field, normalizeOrder(listed, unlisted, order, current ?? [], mergeKey));
  }
}
