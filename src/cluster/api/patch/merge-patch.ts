// JSON merge patch (RFC 7386, application/merge-patch+json): the patch is a partial document;
// objects merge member by member, `null` deletes a member, and anything else — arrays
// included — replaces the target's value. `kubectl label`, `annotate`, `scale` and
// `patch --type merge` send these.
import { type JsonObject, type JsonValue, deepClone, getOwn, isObject, setOwn } from './json-value.ts';

/** RFC 7386 section 2 MergePatch(Target, Patch); neither input is changed. */
export function applyMergePatch(target: unknown, patch: unknown): JsonValue {
  return mergeOwned(target === undefined ? undefined : deepClone(target as JsonValue), patch as JsonValue);
}

// `target` is already a private copy, so it is changed in place; values taken from the
// patch are copied so the result shares nothing with it.
function mergeOwned(target: JsonValue | undefined, patch: JsonValue): JsonValue {
  if (!isObject(patch)) return deepClone(patch);
  const result: JsonObject = isObject(target) ? target : {};
  for (const key of Object.keys(patch)) {
    const value = patch[key]!;
    if (value === null) delete result[key];
    else setOwn(result, key, mergeOwned(getOwn(result, key), value));
  }
  return result;
}
