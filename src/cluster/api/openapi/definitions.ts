// The schema definitions, loaded once on first use: the generated ones (from kubernetes-types,
// see scripts/generate-openapi.ts) with Minato's list-semantics table laid over them. They are
// frozen: the published documents, patchSchemaFor and unknownFieldPaths all share them.
//
// The generated module is a gzipped JSON string (≈130 KB; ≈560 KB of JSON, ≈380 definitions):
// importing it costs next to nothing; inflating and parsing happen on the first call here.
import { gunzipSync } from 'node:zlib';
import { definitionsGzipBase64 } from './generated/definitions.ts';
import { listSemantics, type FieldSemantics } from './list-semantics.ts';
import type { Definitions, Schema } from './schema.ts';

let loaded: { definitions: Definitions; byKind: Map<string, string> } | undefined;

function gvkKey(group: string, version: string, kind: string): string {
  return `${group}/${version}/${kind}`;
}

function extensionsOf(semantics: FieldSemantics): Partial<Schema> {
  const extensions: Partial<Schema> = {};
  if (semantics.patchStrategy) extensions['x-kubernetes-patch-strategy'] = semantics.patchStrategy;
  if (semantics.patchMergeKey) extensions['x-kubernetes-patch-merge-key'] = semantics.patchMergeKey;
  if (semantics.listType) extensions['x-kubernetes-list-type'] = semantics.listType;
  if (semantics.listMapKeys) extensions['x-kubernetes-list-map-keys'] = [...semantics.listMapKeys];
  if (semantics.mapType) extensions['x-kubernetes-map-type'] = semantics.mapType;
  return extensions;
}

/** Lays the table over the definitions. Entries for definitions or fields the definitions lack are skipped (newer than kubernetes-types). */
export function applyListSemantics(definitions: Definitions, table: typeof listSemantics): void {
  for (const [name, fields] of Object.entries(table)) {
    const definition = definitions[name];
    if (!definition) continue;
    for (const [field, semantics] of Object.entries(fields)) {
      const target = field === '.' ? definition : definition.properties?.[field];
      if (target) Object.assign(target, extensionsOf(semantics));
    }
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

function load(): NonNullable<typeof loaded> {
  const definitions = JSON.parse(gunzipSync(Buffer.from(definitionsGzipBase64, 'base64')).toString('utf8')) as Definitions;
  applyListSemantics(definitions, listSemantics);
  const byKind = new Map<string, string>();
  for (const [name, schema] of Object.entries(definitions)) {
    for (const gvk of schema['x-kubernetes-group-version-kind'] ?? []) byKind.set(gvkKey(gvk.group, gvk.version, gvk.kind), name);
  }
  return { definitions: deepFreeze(definitions), byKind };
}

/** Every definition, by Kubernetes' name (io.k8s.api.core.v1.Pod). */
export function definitions(): Readonly<Definitions> {
  loaded ??= load();
  return loaded.definitions;
}

/** The definition name of a kind (io.k8s.api.apps.v1.Deployment for apps/v1 Deployment), if there is one. */
export function definitionNameOf(group: string, version: string, kind: string): string | undefined {
  loaded ??= load();
  return loaded.byKind.get(gvkKey(group, version, kind));
}
