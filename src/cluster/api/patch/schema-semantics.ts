// What a PatchSchema says about merging, read the way Kubernetes reads the OpenAPI extensions.
// Strategic merge patch looks at x-kubernetes-patch-strategy / -patch-merge-key; server-side
// apply at x-kubernetes-list-type / -list-map-keys / -map-type. A missing schema means a
// free-form value: maps merge member by member, lists are replaced whole (atomic).
import type { PatchSchema } from '../patch-schema.ts';
import type { JsonValue } from './json-value.ts';

export interface PatchStrategies {
  merge: boolean;
  replace: boolean;
  retainKeys: boolean;
}

/** The strategic merge patch strategies of a field ("merge", "replace", "retainKeys", "merge,retainKeys"). */
export function strategiesOf(schema: PatchSchema | undefined): PatchStrategies {
  const parts = (schema?.patchStrategy ?? '').split(',').map((part) => part.trim());
  return { merge: parts.includes('merge'), replace: parts.includes('replace'), retainKeys: parts.includes('retainKeys') };
}

export interface ListSemantics {
  /** atomic: replaced whole and owned as one field; set: items are scalars owned by value; map: items are objects owned by key. */
  type: 'atomic' | 'set' | 'map';
  keys: readonly string[];
}

/**
 * How server-side apply treats a list. x-kubernetes-list-type decides; a list with only
 * strategic-merge metadata (patchStrategy merge) is taken as the set or map that metadata
 * describes, and anything else is atomic, as structured-merge-diff defaults unmarked lists.
 */
export function listSemanticsOf(schema: PatchSchema | undefined): ListSemantics {
  const mergeKeys = schema?.patchMergeKey ? [schema.patchMergeKey] : [];
  switch (schema?.listType) {
    case 'atomic':
      return { type: 'atomic', keys: [] };
    case 'set':
      return { type: 'set', keys: [] };
    case 'map': {
      const keys = schema.listMapKeys?.length ? schema.listMapKeys : mergeKeys;
      return keys.length > 0 ? { type: 'map', keys } : { type: 'atomic', keys: [] };
    }
    default:
      if (!strategiesOf(schema).merge) return { type: 'atomic', keys: [] };
      return mergeKeys.length > 0 ? { type: 'map', keys: mergeKeys } : { type: 'set', keys: [] };
  }
}

export function isAtomicMap(schema: PatchSchema | undefined): boolean {
  return schema?.mapType === 'atomic';
}

// A name no Kubernetes type declares: a schema that answers for it is a map (its
// additionalProperties answer for every key), not a struct with named fields.
const probeName = '\u0000minato:any-key';

/**
 * Whether the members of an object are entries of a map (labels, annotations, data,
 * resources.limits) rather than named fields of a struct. structured-merge-diff owns a map
 * entry as a field in its own right (FieldsV1 marks it with "." when it also has children),
 * but never a struct field that only holds other fields. A free-form value counts as a map.
 */
export function holdsMapEntries(schema: PatchSchema | undefined): boolean {
  if (!schema) return true;
  // The OpenAPI module's schema nodes say outright when a value is free-form (RawExtension,
  // x-kubernetes-preserve-unknown-fields) while answering no field names; PatchSchema has no
  // word for it, so the flag is read where it exists.
  if ((schema as PatchSchema & { readonly freeForm?: boolean }).freeForm === true) return true;
  return schema.field(probeName) !== undefined;
}

/**
 * The default of a list-map key field, used when an item leaves it out: structured-merge-diff
 * keys `ports: [{containerPort: 80}]` as {containerPort: 80, protocol: "TCP"} because the
 * OpenAPI schema defaults protocol. PatchSchema carries no defaults unless the schema object
 * offers a `default`; the one Kubernetes relies on for its list keys (protocol: TCP on
 * container, service and endpoint ports) is built in.
 */
export function keyDefault(itemSchema: PatchSchema | undefined, key: string): JsonValue | undefined {
  const field = itemSchema?.field(key) as (PatchSchema & { readonly default?: JsonValue }) | undefined;
  if (field && 'default' in field && field.default !== undefined) return field.default;
  return key === 'protocol' ? 'TCP' : undefined;
}
