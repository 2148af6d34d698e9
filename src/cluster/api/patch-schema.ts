// What the patch algorithms need to know about an object's shape: for each field, the schema of
// its value, and for lists how they merge — the OpenAPI extensions Kubernetes publishes
// (x-kubernetes-patch-strategy, x-kubernetes-patch-merge-key, x-kubernetes-list-type,
// x-kubernetes-list-map-keys, x-kubernetes-map-type). The OpenAPI module (api/openapi) builds
// these from its schemas; the patch module (api/patch) walks them; tests may build them by hand.

export interface PatchSchema {
  /** 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean', or undefined when free-form. */
  readonly type?: string;
  /** The schema of an object's field (a declared property, or the additionalProperties of a map). */
  field(name: string): PatchSchema | undefined;
  /** The schema of an array's items. */
  items(): PatchSchema | undefined;
  /** For arrays: 'merge', 'replace', 'retainKeys', 'merge,retainKeys'; for objects: 'retainKeys' (strategic merge patch). */
  readonly patchStrategy?: string;
  /** For arrays merged by key (strategic merge patch): the key field, e.g. 'name', 'containerPort'. */
  readonly patchMergeKey?: string;
  /** For arrays (server-side apply): 'atomic' | 'set' | 'map'. */
  readonly listType?: 'atomic' | 'set' | 'map';
  /** For listType 'map': the key fields. */
  readonly listMapKeys?: readonly string[];
  /** For objects and maps (server-side apply): 'atomic' | 'granular'. */
  readonly mapType?: 'atomic' | 'granular';
}
