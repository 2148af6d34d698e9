// Merging an apply configuration into the live object (structured-merge-diff's Merge): the
// configuration's values win; granular maps merge member by member; list-map lists merge
// items by key and sets by value, keeping the live order for live items and fitting new ones
// in where the configuration puts them; atomic lists and maps are replaced whole.
//
// Nulls: a null scalar in the configuration removes the field (Kubernetes drops nulls when it
// decodes the result), a null map or list leaves the live one alone — structured-merge-diff
// reads a null container as empty.
import type { PatchSchema } from '../../patch-schema.ts';
import { type JsonObject, type JsonValue, deepClone, getOwn, isObject, setOwn } from '../json-value.ts';
import { isAtomicMap } from '../schema-semantics.ts';
import { listElements } from './list-items.ts';

/** The live value with the configuration merged in; undefined when the field goes away. Inputs are not changed. */
export function mergeApplied(live: JsonValue | undefined, config: JsonValue | undefined, schema: PatchSchema | undefined): JsonValue | undefined {
  if (config === undefined) return live === undefined ? undefined : deepClone(live);
  if (config === null) return isObject(live) || Array.isArray(live) ? deepClone(live) : undefined;
  if (live === undefined || live === null) return withoutNulls(config);
  if (isObject(live) && isObject(config) && !isAtomicMap(schema)) {
    const out: JsonObject = {};
    const keys = new Set([...Object.keys(live), ...Object.keys(config)]);
    for (const key of keys) {
      const merged = mergeApplied(getOwn(live, key), getOwn(config, key), schema?.field(key));
      if (merged !== undefined) setOwn(out, key, merged);
    }
    return out;
  }
  if (Array.isArray(live) && Array.isArray(config)) {
    const liveElements = listElements(live, schema);
    const configElements = listElements(config, schema);
    if (liveElements && configElements && (live.length > 0 || config.length > 0)) {
      return mergeItems(live, liveElements, config, configElements, schema?.items());
    }
  }
  return withoutNulls(config);
}

/** A configuration value taken as is, minus null members (which would only say "unset"). */
function withoutNulls(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (isObject(value)) {
    const out: JsonObject = {};
    for (const key of Object.keys(value)) if (value[key] !== null) setOwn(out, key, withoutNulls(value[key]!));
    return out;
  }
  return value;
}

/**
 * structured-merge-diff's list merge order: walking both lists, an item only the live list
 * has stays where it is; items both have come in the configuration's order; an item only
 * the configuration has goes where the configuration puts it relative to the shared ones.
 */
function mergeItems(live: JsonValue[], liveElements: string[], config: JsonValue[], configElements: string[], itemSchema: PatchSchema | undefined): JsonValue[] {
  const liveByElement = new Map<string, JsonValue | undefined>();
  liveElements.forEach((element, index) => {
    // A duplicated live item has no single value to merge with.
    liveByElement.set(element, liveByElement.has(element) ? undefined : live[index]);
  });
  const configByElement = new Map<string, JsonValue>();
  configElements.forEach((element, index) => configByElement.set(element, config[index]!));

  const shared = configElements.filter((element) => liveByElement.has(element));
  let sharedIndex = 0;
  let nextShared = shared[sharedIndex++];
  const merged = new Set<string>();
  const out: JsonValue[] = [];
  const emit = (value: JsonValue | undefined) => {
    if (value !== undefined) out.push(value);
  };
  let l = 0;
  let r = 0;
  while (l < live.length || r < config.length) {
    if (l < live.length && r < config.length) {
      const element = liveElements[l]!;
      if (element === configElements[r]) {
        merged.add(element);
        emit(mergeApplied(liveByElement.get(element), configByElement.get(element), itemSchema));
        l++;
        r++;
        nextShared = shared[sharedIndex++];
        continue;
      }
      // A shared item that the configuration wants later: wait for the configuration to reach it.
      if (configByElement.has(element) && nextShared !== undefined && nextShared !== element) {
        l++;
        continue;
      }
    }
    if (l < live.length) {
      const element = liveElements[l]!;
      if (!configByElement.has(element)) {
        emit(mergeApplied(live[l], undefined, itemSchema));
        l++;
        continue;
      }
      if (merged.has(element)) l++;
    }
    if (r < config.length) {
      const element = configElements[r]!;
      merged.add(element);
      emit(mergeApplied(liveByElement.get(element), configByElement.get(element), itemSchema));
      r++;
      if (nextShared === element) nextShared = shared[sharedIndex++];
    }
  }
  return out;
}
