// One step of a field path, as sigs.k8s.io/structured-merge-diff names it and as it appears in
// a managedFields entry's FieldsV1: "f:<name>" a field (of a struct or map), "k:{json}" the
// item of a map-like list with those key fields, "v:<json>" the item of a set with that
// value, "i:<n>" the n-th item of a list that has neither. The serialized form is canonical
// (key fields sorted, JSON written as Go writes it), so it doubles as the identity of a step.
import { type JsonValue, compareStrings, goJson, isObject } from '../json-value.ts';

export type PathElement =
  | { readonly kind: 'field'; readonly name: string }
  | { readonly kind: 'key'; readonly fields: readonly (readonly [string, JsonValue])[] }
  | { readonly kind: 'value'; readonly value: JsonValue }
  | { readonly kind: 'index'; readonly index: number };

export function fieldElement(name: string): string {
  return `f:${name}`;
}

export function keyElement(fields: Iterable<readonly [string, JsonValue]>): string {
  const sorted = [...fields].sort(([a], [b]) => compareStrings(a, b));
  return `k:{${sorted.map(([name, value]) => `${goJson(name)}:${goJson(value)}`).join(',')}}`;
}

export function valueElement(value: JsonValue): string {
  return `v:${goJson(value)}`;
}

export function indexElement(index: number): string {
  return `i:${index}`;
}

/** The step a serialized element names; throws on anything that is not one. */
export function parseElement(serialized: string): PathElement {
  const kind = serialized.slice(0, 2);
  const body = serialized.slice(2);
  switch (kind) {
    case 'f:':
      return { kind: 'field', name: body };
    case 'k:': {
      const fields = JSON.parse(body) as unknown;
      if (!isObject(fields)) throw new Error(`key element ${serialized} does not hold an object`);
      return { kind: 'key', fields: Object.entries(fields).sort(([a], [b]) => compareStrings(a, b)) };
    }
    case 'v:':
      return { kind: 'value', value: JSON.parse(body) as JsonValue };
    case 'i:': {
      if (!/^-?[0-9]+$/.test(body)) throw new Error(`index element ${serialized} is not a number`);
      return { kind: 'index', index: Number(body) };
    }
    default:
      throw new Error(`unknown path element type: ${serialized}`);
  }
}

/** The canonical spelling of a serialized element (key fields re-sorted, JSON re-encoded). */
export function canonicalElement(serialized: string): string {
  const element = parseElement(serialized);
  switch (element.kind) {
    case 'field':
      return serialized;
    case 'key':
      return keyElement(element.fields);
    case 'value':
      return valueElement(element.value);
    case 'index':
      return indexElement(element.index);
  }
}

const kindRank = { field: 0, key: 1, value: 2, index: 3 } as const;

/** structured-merge-diff's order of path elements: fields, then keys, then values, then indexes. */
export function compareElements(a: string, b: string): number {
  if (a === b) return 0;
  // Most elements are fields; they compare by name without parsing.
  if (a.startsWith('f:') && b.startsWith('f:')) return compareStrings(a.slice(2), b.slice(2));
  const left = parseElement(a);
  const right = parseElement(b);
  if (left.kind !== right.kind) return kindRank[left.kind] - kindRank[right.kind];
  switch (left.kind) {
    case 'field':
      return compareStrings(left.name, (right as typeof left).name);
    case 'key': {
      const other = (right as typeof left).fields;
      for (let i = 0; i < Math.min(left.fields.length, other.length); i++) {
        const byName = compareStrings(left.fields[i]![0], other[i]![0]);
        if (byName !== 0) return byName;
        const byValue = compareValues(left.fields[i]![1], other[i]![1]);
        if (byValue !== 0) return byValue;
      }
      return left.fields.length - other.length;
    }
    case 'value':
      return compareValues(left.value, (right as typeof left).value);
    case 'index':
      return left.index - (right as typeof left).index;
  }
}

// structured-merge-diff's total order of values: numbers, strings, booleans, lists, maps, null.
function valueRank(value: JsonValue): number {
  if (typeof value === 'number') return 0;
  if (typeof value === 'string') return 1;
  if (typeof value === 'boolean') return 2;
  if (Array.isArray(value)) return 3;
  if (isObject(value)) return 4;
  return 5;
}

function compareValues(a: JsonValue, b: JsonValue): number {
  const rank = valueRank(a) - valueRank(b);
  if (rank !== 0) return rank;
  if (typeof a === 'number') return a - (b as number);
  if (typeof a === 'string') return compareStrings(a, b as string);
  if (typeof a === 'boolean') return Number(a) - Number(b as boolean);
  return compareStrings(goJson(a), goJson(b));
}

/** A step as structured-merge-diff prints it in paths: .name, [name="web"], [="value"], [0]. */
export function formatElement(serialized: string): string {
  const element = parseElement(serialized);
  switch (element.kind) {
    case 'field':
      return `.${element.name}`;
    case 'key':
      return `[${element.fields.map(([name, value]) => `${name}=${formatValue(value)}`).join(',')}]`;
    case 'value':
      return `[=${formatValue(element.value)}]`;
    case 'index':
      return `[${element.index}]`;
  }
}

function formatValue(value: JsonValue): string {
  return typeof value === 'string' ? JSON.stringify(value) : goJson(value);
}

/** A whole path as Kubernetes prints it in apply conflicts: .spec.template.spec.containers[name="web"].image */
export function formatPath(path: readonly string[]): string {
  return path.map(formatElement).join('');
}
