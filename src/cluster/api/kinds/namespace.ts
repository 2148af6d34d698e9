// core/v1 Namespace.
import type { Namespace } from 'kubernetes-types/core/v1.js';
import type { FieldError } from '../field-error.ts';
import type { KubeObject, ResourceType } from '../resource-type.ts';
import { invalid } from '../validation/errors.ts';
import { isQualifiedName, nameIsDNSLabel } from '../validation/names.ts';
import { validateMeta } from './meta.ts';
import { child, metadataOf, view } from './object-view.ts';
import { keepStatus } from './strategy.ts';
import { age, ageColumn, column, nameColumn, nameOf } from './table.ts';
import { verbsWithoutDeleteCollection } from './verbs.ts';

/** Every namespace carries its own name as a label, so selectors can pick namespaces by name. */
export const namespaceNameLabel = 'kubernetes.io/metadata.name';

function labelWithName(object: KubeObject): void {
  const name = object.metadata?.name;
  if (!name) return;
  const metadata = metadataOf(object);
  metadata.labels = { ...metadata.labels, [namespaceNameLabel]: name };
}

export const namespaceResource: ResourceType = {
  group: '',
  version: 'v1',
  kind: 'Namespace',
  listKind: 'NamespaceList',
  plural: 'namespaces',
  singular: 'namespace',
  namespaced: false,
  shortNames: ['ns'],
  categories: [],
  verbs: verbsWithoutDeleteCollection,
  subresources: { status: true, finalize: true },

  defaults(object) {
    labelWithName(object);
    const status = child<{ phase?: string }>(object, 'status');
    status.phase ||= 'Active';
  },

  validate(object, old) {
    const errors: FieldError[] = validateMeta(object, old, { namespaced: false, name: nameIsDNSLabel });
    (view<Namespace>(object).spec?.finalizers ?? []).forEach((finalizer, index) => {
      for (const message of isQualifiedName(finalizer)) errors.push(invalid(`spec.finalizers[${index}]`, finalizer, message));
    });
    return errors;
  },

  /**
   * A new namespace is Active and holds the "kubernetes" finalizer, which the namespace
   * controller removes once it has deleted everything inside (the server's finalize subresource).
   */
  prepareForCreate(object) {
    object.status = { phase: 'Active' };
    const spec = child<{ finalizers?: string[] }>(object, 'spec');
    if (!(spec.finalizers ?? []).includes('kubernetes')) spec.finalizers = [...(spec.finalizers ?? []), 'kubernetes'];
    labelWithName(object);
  },

  /** Finalizers change only through /finalize, the phase only through /status. */
  prepareForUpdate(object, old) {
    keepStatus(object, old);
    const spec = child<{ finalizers?: string[] }>(object, 'spec');
    const oldFinalizers = (old.spec as { finalizers?: string[] } | undefined)?.finalizers;
    if (oldFinalizers === undefined) delete spec.finalizers;
    else spec.finalizers = oldFinalizers;
    labelWithName(object);
  },

  /**
   * /finalize changes spec.finalizers and nothing else (Kubernetes' namespaceFinalizeStrategy):
   * what the namespace controller removes once it has emptied the namespace.
   */
  prepareForSubresourceUpdate(subresource, object, old) {
    if (subresource !== 'finalize') return;
    const finalizers = view<Namespace>(object).spec?.finalizers ?? [];
    object.spec = { ...(old.spec as object), finalizers };
    if (old.status !== undefined) object.status = old.status;
    else delete object.status;
    object.metadata = { ...old.metadata, resourceVersion: object.metadata?.resourceVersion };
  },

  selectableFields(object) {
    return { 'status.phase': view<Namespace>(object).status?.phase ?? '' };
  },

  table: {
    columns: [nameColumn(), column('Status', 'The status of the namespace'), ageColumn()],
    row: (object, now) => [nameOf(object), view<Namespace>(object).status?.phase ?? '', age(object, now)],
  },
};

/** Finalizers a namespace keeps in spec.finalizers (the namespace controller's `kubernetes`): while any is left, a deleted namespace stays, Terminating. */
export function namespaceSpecFinalizers(object: KubeObject): string[] {
  return view<Namespace>(object).spec?.finalizers ?? [];
}
