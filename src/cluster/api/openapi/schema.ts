// The subset of an OpenAPI v3 schema object that Kubernetes' published documents use, and
// the helpers to follow its references. Definitions are named as Kubernetes names them
// (io.k8s.api.core.v1.Pod, io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta) because kubectl
// explain prints the last segment of a $ref as a field's type, and kubectl matches kinds by
// `x-kubernetes-group-version-kind`, never by name.

export interface GroupVersionKind {
  group: string;
  kind: string;
  version: string;
}

export interface Schema {
  description?: string;
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  format?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  additionalProperties?: Schema | boolean;
  $ref?: string;
  // A field whose type is a definition and that carries a description is written
  // {allOf: [{$ref}], description}: in OpenAPI 3.0 the siblings of a $ref are ignored, so
  // Kubernetes (1.27–1.33, the servers kubectl 1.32/1.33 talk to) wraps the reference.
  allOf?: Schema[];
  oneOf?: Schema[];
  'x-kubernetes-group-version-kind'?: GroupVersionKind[];
  'x-kubernetes-patch-strategy'?: string;
  'x-kubernetes-patch-merge-key'?: string;
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: 'atomic' | 'granular';
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
}

export type Definitions = Record<string, Schema>;

const refPrefix = '#/components/schemas/';

export function refTo(name: string): string {
  return refPrefix + name;
}

/** The definition name a `$ref` points at, or undefined for a reference outside components.schemas. */
export function refName(ref: string): string | undefined {
  return ref.startsWith(refPrefix) ? ref.slice(refPrefix.length) : undefined;
}

/**
 * The schema a field's schema stands for: follows a `$ref`, or the one reference of an
 * `allOf` wrapper, until it reaches a schema with content. The field's own description (on
 * the wrapper) is not carried over; callers that need it read it before resolving.
 */
export function resolve(schema: Schema, definitions: Definitions): Schema {
  let current = schema;
  for (let hops = 0; hops < 16; hops++) {
    if (current.$ref !== undefined) {
      const target = definitions[refName(current.$ref) ?? ''];
      if (!target) return current;
      current = target;
    } else if (current.allOf?.length === 1 && !current.properties && !current.type) {
      current = current.allOf[0]!;
    } else {
      return current;
    }
  }
  return current;
}

/** Every definition name a schema refers to directly (not transitively). */
export function directRefs(schema: Schema, into: Set<string> = new Set()): Set<string> {
  if (schema.$ref !== undefined) {
    const name = refName(schema.$ref);
    if (name) into.add(name);
  }
  for (const sub of schema.allOf ?? []) directRefs(sub, into);
  for (const sub of schema.oneOf ?? []) directRefs(sub, into);
  for (const sub of Object.values(schema.properties ?? {})) directRefs(sub, into);
  if (schema.items) directRefs(schema.items, into);
  if (typeof schema.additionalProperties === 'object') directRefs(schema.additionalProperties, into);
  return into;
}

/** The named definitions and every definition they reach, in first-seen order. */
export function closure(roots: Iterable<string>, definitions: Definitions): string[] {
  const seen = new Set<string>();
  const queue = [...roots];
  while (queue.length > 0) {
    const name = queue.shift()!;
    if (seen.has(name)) continue;
    const schema = definitions[name];
    if (!schema) throw new Error(`OpenAPI: no definition ${name}`);
    seen.add(name);
    for (const next of directRefs(schema)) if (!seen.has(next)) queue.push(next);
  }
  return [...seen];
}
