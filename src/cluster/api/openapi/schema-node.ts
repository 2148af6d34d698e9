// A walkable view of one field's schema: the PatchSchema the patch algorithms read
// (api/patch-schema.ts), and what unknownFieldPaths walks. A field's schema comes in two parts
// — the property as written in its parent (where the x-kubernetes-* list extensions live, and
// the allOf wrapper of a reference) and the definition it resolves to (its type, properties,
// and a struct's x-kubernetes-map-type) — and a node reads each from where it lives.
//
// Nodes are built lazily and cached per parent, so a hot path (status PATCHes from every node
// of a large cluster) walks the same few objects each time without re-resolving references.
import type { PatchSchema } from '../patch-schema.ts';
import { resolve, type Definitions, type Schema } from './schema.ts';

export class SchemaNode implements PatchSchema {
  readonly type?: string;
  readonly patchStrategy?: string;
  readonly patchMergeKey?: string;
  readonly listType?: 'atomic' | 'set' | 'map';
  readonly listMapKeys?: readonly string[];
  readonly mapType?: 'atomic' | 'granular';
  /** The resolved schema declares no fields and no map values: anything goes (RawExtension, FieldsV1, preserve-unknown-fields). */
  readonly freeForm: boolean;
  private readonly resolved: Schema;
  private readonly children = new Map<string, SchemaNode>();
  private valueNode: SchemaNode | undefined;
  private itemNode: SchemaNode | null | undefined;

  private readonly definitions: Readonly<Definitions>;

  constructor(property: Schema, definitions: Readonly<Definitions>) {
    this.definitions = definitions;
    const resolved = resolve(property, definitions);
    this.resolved = resolved;
    if (resolved.type) this.type = resolved.type;
    const strategy = property['x-kubernetes-patch-strategy'] ?? resolved['x-kubernetes-patch-strategy'];
    if (strategy) this.patchStrategy = strategy;
    const mergeKey = property['x-kubernetes-patch-merge-key'];
    if (mergeKey) this.patchMergeKey = mergeKey;
    const listType = property['x-kubernetes-list-type'];
    if (listType) this.listType = listType;
    const mapKeys = property['x-kubernetes-list-map-keys'];
    if (mapKeys) this.listMapKeys = mapKeys;
    const mapType = property['x-kubernetes-map-type'] ?? resolved['x-kubernetes-map-type'];
    if (mapType) this.mapType = mapType;
    this.freeForm =
      resolved['x-kubernetes-preserve-unknown-fields'] === true ||
      resolved.additionalProperties === true ||
      (resolved.type === 'object' && !resolved.properties && resolved.additionalProperties === undefined);
  }

  /** Whether the object declares this field (map keys and free-form objects take any name). */
  declares(name: string): boolean {
    return this.freeForm || this.resolved.properties?.[name] !== undefined || typeof this.resolved.additionalProperties === 'object';
  }

  field(name: string): SchemaNode | undefined {
    const property = this.resolved.properties?.[name];
    if (property) {
      let child = this.children.get(name);
      if (!child) this.children.set(name, (child = new SchemaNode(property, this.definitions)));
      return child;
    }
    // A map: one node for all its values (keys are the user's, so they are not cached one by one).
    const values = this.resolved.additionalProperties;
    if (typeof values !== 'object') return undefined;
    this.valueNode ??= new SchemaNode(values, this.definitions);
    return this.valueNode;
  }

  items(): SchemaNode | undefined {
    if (this.itemNode === undefined) {
      this.itemNode = this.resolved.items ? new SchemaNode(this.resolved.items, this.definitions) : null;
    }
    return this.itemNode ?? undefined;
  }
}
