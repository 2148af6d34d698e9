// JSON values as the patch algorithms see them, and the few operations every algorithm needs.
// Patches come from the network, so object keys are attacker-chosen: "__proto__" and
// "constructor" are ordinary keys here. Reading goes through hasOwn and writing through
// setOwn (a defined own property), never through `obj[key] = …`, which for "__proto__" would
// replace the prototype instead of adding a member.

export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function hasOwn(object: JsonObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

/** The member `key` of `object`, or undefined when it has none (never an inherited property). */
export function getOwn(object: JsonObject, key: string): JsonValue | undefined {
  return hasOwn(object, key) ? object[key] : undefined;
}

export function setOwn(object: JsonObject, key: string, value: JsonValue): void {
  Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
}

export function deleteOwn(object: JsonObject, key: string): void {
  if (hasOwn(object, key)) delete object[key];
}

/** A deep copy; also drops anything that is not JSON (undefined members, functions). */
export function deepClone<T extends JsonValue>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => deepClone(item)) as T;
  if (isObject(value)) {
    const copy: JsonObject = {};
    for (const key of Object.keys(value)) {
      const member = value[key];
      if (member !== undefined) setOwn(copy, key, deepClone(member));
    }
    return copy as T;
  }
  return value;
}

/** JSON equality: objects ignore member order, arrays do not, numbers compare numerically. */
export function deepEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, index) => deepEqual(item, b[index]));
  }
  if (isObject(a)) {
    if (!isObject(b)) return false;
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((key) => hasOwn(b, key) && deepEqual(a[key], b[key]));
  }
  return false;
}

/** "object", "array", "string", "number", "boolean" or "null": for error messages and type checks. */
export function jsonType(value: JsonValue | undefined): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/**
 * JSON text as Go's encoding/json writes it: object keys sorted, and <, >, & and the line
 * separators escaped. Kubernetes writes the last-applied annotation and the keys of
 * managedFields this way; matching it keeps those strings byte-identical to a real server's.
 */
export function goJson(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(goJson).join(',')}]`;
  if (isObject(value)) {
    const keys = Object.keys(value).sort(compareStrings);
    return `{${keys.map((key) => `${goString(key)}:${goJson(value[key]!)}`).join(',')}}`;
  }
  if (typeof value === 'string') return goString(value);
  return JSON.stringify(value);
}

function goString(text: string): string {
  return JSON.stringify(text).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Byte-wise (UTF-8) string order, as Go's sort.Strings and strings.Compare have it. */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  // Comparing code points gives the UTF-8 byte order; UTF-16 code units would not for
  // characters above U+FFFF.
  const left = [...a];
  const right = [...b];
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const l = left[i]!.codePointAt(0)!;
    const r = right[i]!.codePointAt(0)!;
    if (l !== r) return l < r ? -1 : 1;
  }
  return left.length < right.length ? -1 : left.length > right.length ? 1 : 0;
}

/**
 * A value as Go's fmt %v prints it (map[a:1 b:2], [x y]): strategic merge patch errors quote
 * the offending map in that form, e.g. `map: map[value:b] does not contain declared merge key: name`.
 */
export function goFormat(value: JsonValue | undefined): string {
  if (value === undefined || value === null) return '<nil>';
  if (Array.isArray(value)) return `[${value.map(goFormat).join(' ')}]`;
  if (isObject(value)) {
    const keys = Object.keys(value).sort(compareStrings);
    return `map[${keys.map((key) => `${key}:${goFormat(value[key])}`).join(' ')}]`;
  }
  return String(value);
}
