// Server-side field validation (`?fieldValidation=Strict|Warn`, which kubectl apply/create
// send by default): the fields of a request body that the kind's schema does not declare.
//
// Paths are written the way Kubernetes' strict JSON decoder (sigs.k8s.io/json) writes them:
// fields joined by '.', list items as [index], map keys as .key — e.g. spec.replica,
// spec.template.spec.containers[0].imagePullPolcy. Kubernetes reports each as
// `unknown field "<path>"` (unknownFieldMessage): joined with ", " after
// `strict decoding error: ` in a Strict 400, or one warning header each for Warn.
//
// Free-form places are not looked into: map values of scalars (labels, annotations), objects
// whose schema declares no fields (RawExtension, managedFields[].fieldsV1) and
// x-kubernetes-preserve-unknown-fields. A value of the wrong JSON type is not an unknown
// field; validation reports it.
import { schemaNodeFor } from './patch-schema-for.ts';
import type { SchemaNode } from './schema-node.ts';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function walk(value: unknown, node: SchemaNode, path: string, found: string[]): void {
  if (Array.isArray(value)) {
    const items = node.items();
    if (!items) return;
    for (let i = 0; i < value.length; i++) walk(value[i], items, `${path}[${i}]`, found);
    return;
  }
  if (!isObject(value) || node.type !== 'object' || node.freeForm) return;
  for (const [name, child] of Object.entries(value)) {
    const childPath = path ? `${path}.${name}` : name;
    if (!node.declares(name)) {
      found.push(childPath);
      continue;
    }
    const childNode = node.field(name);
    if (childNode) walk(child, childNode, childPath, found);
  }
}

/**
 * The paths of the fields in `object` that the schema of the kind does not declare, in the
 * order they appear; [] for a kind with no schema (nothing can be said about it).
 */
export function unknownFieldPaths(group: string, version: string, kind: string, object: unknown): string[] {
  const root = schemaNodeFor(group, version, kind);
  const found: string[] = [];
  if (root) walk(object, root, '', found);
  return found;
}

/** Kubernetes' words for one unknown field: `unknown field "spec.replica"`. */
export function unknownFieldMessage(path: string): string {
  return `unknown field ${JSON.stringify(path)}`;
}
