// `kubectl get` asks for a meta.k8s.io/v1 Table: column definitions and one row per object,
// rendered by the kind's printer (ResourceType.table), each row carrying the object's metadata
// (PartialObjectMetadata) unless the client asked for includeObject=None or Object. Watch events
// of a Table watch carry a one-row Table; only the first one has the column definitions.
import type { KubeObject, ResourceType } from '../api/resource-type.ts';
import { groupVersion } from '../api/resource-type.ts';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export interface Table {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  columnDefinitions: unknown[];
  rows: { cells: unknown[]; object?: unknown }[];
}

export function partialObjectMetadata(type: ResourceType, object: KubeObject): KubeObject {
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: object.metadata ?? {} };
}

function rowObject(type: ResourceType, object: KubeObject, include: IncludeObject): unknown {
  if (include === 'None') return undefined;
  if (include === 'Object') return { ...object, apiVersion: groupVersion(type), kind: type.kind };
  return partialObjectMetadata(type, object);
}

export function toTable(
  type: ResourceType,
  objects: KubeObject[],
  options: { include: IncludeObject; withColumns: boolean; now: Date; listMeta?: Table['metadata'] },
): Table {
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: options.listMeta ?? {},
    columnDefinitions: options.withColumns ? type.table.columns : [],
    rows: objects.map((object) => {
      const row = rowObject(type, object, options.include);
      return { cells: type.table.row(object, options.now), ...(row !== undefined ? { object: row } : {}) };
    }),
  };
}

export function includeObjectParam(value: string | null): IncludeObject {
  return value === 'None' || value === 'Object' ? value : 'Metadata';
}
