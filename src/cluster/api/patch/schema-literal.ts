// PatchSchemas written as nested literals, for tests and for small built-in schemas:
//   'string' | 'integer' | 'number' | 'boolean'        a scalar
//   'any'                                                 a free-form value (no schema)
//   { $type: 'string', $default: 'TCP' }                  a scalar with a default
//   { $list: <items>, $patchStrategy, $patchMergeKey, $listType, $listMapKeys }
//   { $map: <values>, $mapType }                          a map (additionalProperties)
//   { <field>: <schema>, ..., $meta?: { mapType, patchStrategy } }   a struct
// e.g. { spec: { containers: { $list: { name: 'string', image: 'string' }, $patchStrategy: 'merge', $patchMergeKey: 'name', $listType: 'map', $listMapKeys: ['name'] } } }
import type { PatchSchema } from '../patch-schema.ts';
import type { JsonValue } from './json-value.ts';

export type ScalarLiteral = 'string' | 'integer' | 'number' | 'boolean' | 'any';

export interface DefaultedScalarLiteral {
  readonly $type: Exclude<ScalarLiteral, 'any'>;
  readonly $default: JsonValue;
}

export interface ListLiteral {
  readonly $list: SchemaLiteral;
  readonly $patchStrategy?: string;
  readonly $patchMergeKey?: string;
  readonly $listType?: 'atomic' | 'set' | 'map';
  readonly $listMapKeys?: readonly string[];
}

export interface MapLiteral {
  readonly $map: SchemaLiteral;
  readonly $mapType?: 'atomic' | 'granular';
}

export interface StructMeta {
  readonly mapType?: 'atomic' | 'granular';
  readonly patchStrategy?: string;
}

export interface StructLiteral {
  readonly $meta?: StructMeta;
  readonly [field: string]: SchemaLiteral | StructMeta | undefined;
}

export type SchemaLiteral = ScalarLiteral | DefaultedScalarLiteral | ListLiteral | MapLiteral | StructLiteral;

const anySchema: PatchSchema = {
  field: () => anySchema,
  items: () => anySchema,
};

export function schemaFromLiteral(literal: SchemaLiteral): PatchSchema {
  if (typeof literal === 'string') {
    if (literal === 'any') return anySchema;
    return { type: literal, field: () => undefined, items: () => undefined };
  }
  if ('$type' in literal && '$default' in literal) {
    const scalar = literal as DefaultedScalarLiteral;
    return { type: scalar.$type, default: scalar.$default, field: () => undefined, items: () => undefined } as PatchSchema;
  }
  if ('$list' in literal) {
    const list = literal as ListLiteral;
    const items = schemaFromLiteral(list.$list);
    return {
      type: 'array',
      field: () => undefined,
      items: () => items,
      ...(list.$patchStrategy !== undefined ? { patchStrategy: list.$patchStrategy } : {}),
      ...(list.$patchMergeKey !== undefined ? { patchMergeKey: list.$patchMergeKey } : {}),
      ...(list.$listType !== undefined ? { listType: list.$listType } : {}),
      ...(list.$listMapKeys !== undefined ? { listMapKeys: list.$listMapKeys } : {}),
    };
  }
  if ('$map' in literal) {
    const map = literal as MapLiteral;
    const values = schemaFromLiteral(map.$map);
    return { type: 'object', field: () => values, items: () => undefined, ...(map.$mapType !== undefined ? { mapType: map.$mapType } : {}) };
  }
  const struct = literal as StructLiteral;
  const fields = new Map<string, PatchSchema>();
  for (const [name, value] of Object.entries(struct)) {
    if (name !== '$meta' && value !== undefined) fields.set(name, schemaFromLiteral(value as SchemaLiteral));
  }
  const meta = struct.$meta ?? {};
  return {
    type: 'object',
    field: (name) => fields.get(name),
    items: () => undefined,
    ...(meta.mapType !== undefined ? { mapType: meta.mapType } : {}),
    ...(meta.patchStrategy !== undefined ? { patchStrategy: meta.patchStrategy } : {}),
  };
}
