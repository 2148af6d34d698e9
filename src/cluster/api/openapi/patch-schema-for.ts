// patchSchemaFor: the PatchSchema (api/patch-schema.ts) of a kind, from the published schemas
// and the list-semantics table — what the strategic-merge and server-side-apply algorithms
// walk. One root node per kind, built on first use and kept: its children are cached as the
// patch algorithms visit them.
import type { PatchSchema } from '../patch-schema.ts';
import { definitionNameOf, definitions } from './definitions.ts';
import { refTo } from './schema.ts';
import { SchemaNode } from './schema-node.ts';

const roots = new Map<string, SchemaNode | null>();

/** The walkable schema of a kind, or undefined when there is no schema for it. */
export function schemaNodeFor(group: string, version: string, kind: string): SchemaNode | undefined {
  const key = `${group}/${version}/${kind}`;
  let root = roots.get(key);
  if (root === undefined) {
    const name = definitionNameOf(group, version, kind);
    root = name ? new SchemaNode({ $ref: refTo(name) }, definitions()) : null;
    roots.set(key, root);
  }
  return root ?? undefined;
}

/** The PatchSchema of a kind (e.g. '', 'v1', 'Pod'; 'apps', 'v1', 'Deployment'), or undefined for a kind with no schema. */
export function patchSchemaFor(group: string, version: string, kind: string): PatchSchema | undefined {
  return schemaNodeFor(group, version, kind);
}
