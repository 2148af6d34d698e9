// How server-side apply names the items of a granular list: a list-map item by its key
// fields ("k:{\"name\":\"web\"}", a left-out key taking its schema default), a set item by its
// value ("v:\"example.com/finalizer\""). A list whose items cannot all be named that way is
// handled as atomic, except in an apply configuration, which is refused (as
// structured-merge-diff refuses it) so that a manager never owns an ambiguous item.
import type { PatchSchema } from '../../patch-schema.ts';
import { type JsonValue, getOwn, isObject } from '../json-value.ts';
import { invalidPatch } from '../patch-errors.ts';
import { type ListSemantics, keyDefault, listSemanticsOf } from '../schema-semantics.ts';
import { formatElement, keyElement, valueElement } from './path-element.ts';

/** The element naming `item`, or a reason it has none. */
export function itemElement(item: JsonValue, semantics: ListSemantics, itemSchema: PatchSchema | undefined): string | { error: string } {
  if (semantics.type === 'set') {
    if (item === null) return { error: "associative list without keys has an element that's an explicit null" };
    if (Array.isArray(item)) return { error: 'not supported: associative list with lists as elements' };
    if (isObject(item)) return { error: "associative list without keys has an element that's a map type" };
    return valueElement(item);
  }
  if (!isObject(item)) return { error: item === null ? 'associative list with keys may not have a null element' : 'associative list with keys may not have non-map elements' };
  const fields: [string, JsonValue][] = [];
  for (const key of semantics.keys) {
    const value = getOwn(item, key) ?? keyDefault(itemSchema, key);
    if (value !== undefined && value !== null) fields.push([key, value]);
  }
  if (fields.length === 0) return { error: `associative list with keys has an element that omits all key fields ${JSON.stringify(semantics.keys)} (and doesn't have default values for any key fields)` };
  return keyElement(fields);
}

/**
 * The elements of every item of a granular list, or undefined when the list is atomic (by
 * schema, or because some item cannot be named).
 */
export function listElements(list: readonly JsonValue[], schema: PatchSchema | undefined): string[] | undefined {
  const semantics = listSemanticsOf(schema);
  if (semantics.type === 'atomic') return undefined;
  const itemSchema = schema?.items();
  const elements: string[] = [];
  for (const item of list) {
    const element = itemElement(item, semantics, itemSchema);
    if (typeof element !== 'string') return undefined;
    elements.push(element);
  }
  return elements;
}

/**
 * The same for a list in an apply configuration, where an unnamable item or two items with
 * one name are errors: the applier would own something it cannot point at.
 */
export function configListElements(list: readonly JsonValue[], schema: PatchSchema | undefined, where: string): string[] | undefined {
  const semantics = listSemanticsOf(schema);
  if (semantics.type === 'atomic') return undefined;
  const itemSchema = schema?.items();
  const seen = new Set<string>();
  return list.map((item, index) => {
    const element = itemElement(item, semantics, itemSchema);
    if (typeof element !== 'string') throw invalidPatch(`${where}: element ${index}: ${element.error}`);
    if (seen.has(element)) throw invalidPatch(`${where}: duplicate entries for key ${formatElement(element)}`);
    seen.add(element);
    return element;
  });
}
