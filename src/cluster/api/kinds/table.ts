// Building blocks of the `kubectl get` tables: the NAME and AGE columns every kind has (with
// the descriptions Kubernetes takes from ObjectMeta's documentation), the default NAME /
// CREATED AT table of kinds without a printer, and the cell formats the printers share.
// The server always renders every column (as Kubernetes renders with Wide); kubectl hides
// priority-1 columns unless -o wide.
import type { Container } from 'kubernetes-types/core/v1.js';
import type { KubeObject, TableColumn } from '../resource-type.ts';
import { since } from './human-duration.ts';
import { kubeTime } from '../kube-time.ts';

export const nameDescription =
  'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names';
export const creationTimestampDescription =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

export function nameColumn(): TableColumn {
  return { name: 'Name', type: 'string', format: 'name', description: nameDescription, priority: 0 };
}

export function ageColumn(): TableColumn {
  return { name: 'Age', type: 'string', description: creationTimestampDescription, priority: 0 };
}

export function column(name: string, description: string, options: { type?: TableColumn['type']; wide?: boolean } = {}): TableColumn {
  return { name, type: options.type ?? 'string', description, priority: options.wide ? 1 : 0 };
}

export const containersColumn = (wide = true) => column('Containers', 'Names of each container in the template.', { wide });
export const imagesColumn = (wide = true) => column('Images', 'Images referenced by each container in the template.', { wide });

/** The AGE cell. */
export function age(object: KubeObject, now: Date): string {
  return since(object.metadata?.creationTimestamp, now);
}

export function nameOf(object: KubeObject): string {
  return object.metadata?.name ?? '';
}

/** layoutContainerCells: container names and images, comma-separated. */
export function containerCells(containers: Container[] | undefined): [string, string] {
  const list = containers ?? [];
  return [list.map((container) => container.name).join(','), list.map((container) => container.image ?? '').join(',')];
}

/** printBoolPtr: "True", "False", or "<unset>". */
export function boolCell(value: boolean | undefined): string {
  if (value === undefined) return '<unset>';
  return value ? 'True' : 'False';
}

/**
 * The table of kinds Kubernetes has no printer for (Roles, ClusterRoles, LimitRanges): NAME and
 * CREATED AT, the creation time in RFC 3339 (apiserver's default table convertor).
 */
export const defaultTable = {
  columns: [
    nameColumn(),
    { name: 'Created At', type: 'date', description: creationTimestampDescription, priority: 0 },
  ] satisfies TableColumn[],
  row(object: KubeObject): unknown[] {
    const created = object.metadata?.creationTimestamp;
    return [nameOf(object), created ? kubeTime(new Date(created)) : '0001-01-01T00:00:00Z'];
  },
};
