// apps/v1 ReplicaSet.
import type { ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import type { FieldError } from '../field-error.ts';
import type { KubeObject, ResourceType } from '../resource-type.ts';
import { invalid } from '../validation/errors.ts';
import { semanticEqual } from '../validation/equality.ts';
import { formatLabelSelector } from '../validation/label-selector.ts';
import { nameIsDNSSubdomain } from '../validation/names.ts';
import { validateMeta } from './meta.ts';
import { child, defaultTo, view } from './object-view.ts';
import { defaultPodTemplate } from './pod-defaults.ts';
import { keepStatus, nextGeneration, resetStatus, specChanged, startGeneration } from './strategy.ts';
import { age, ageColumn, column, containerCells, containersColumn, imagesColumn, nameColumn, nameOf } from './table.ts';
import { standardVerbs } from './verbs.ts';
import { noActiveDeadline, replicasScale, validateCounts, validateSelectorAndTemplate } from './workload.ts';

type Spec = NonNullable<ReplicaSet['spec']>;

export const replicaSetResource: ResourceType = {
  group: 'apps',
  version: 'v1',
  kind: 'ReplicaSet',
  listKind: 'ReplicaSetList',
  plural: 'replicasets',
  singular: 'replicaset',
  namespaced: true,
  shortNames: ['rs'],
  categories: ['all'],
  verbs: standardVerbs,
  subresources: { status: true, scale: replicasScale },

  defaults(object: KubeObject) {
    const spec = child<Spec>(object, 'spec');
    defaultTo(spec, 'replicas', 1);
    // Go's template is a struct, never absent: an omitted one is an empty template, defaulted.
    defaultPodTemplate(child<PodTemplateSpec>(spec, 'template'));
  },

  validate(object, old) {
    const spec = view<ReplicaSet>(object).spec ?? ({} as Spec);
    const errors: FieldError[] = validateMeta(object, old, { namespaced: true, name: nameIsDNSSubdomain });
    // Kubernetes words the empty-selector error for ReplicaSets as for Deployments.
    errors.push(...validateCounts(spec), ...validateSelectorAndTemplate(spec, 'deployment'), ...noActiveDeadline(spec, 'ReplicaSet'));
    if (old && !semanticEqual(spec.selector, view<ReplicaSet>(old).spec?.selector)) errors.push(invalid('spec.selector', spec.selector, 'field is immutable'));
    return errors;
  },

  prepareForCreate(object) {
    resetStatus(object, { replicas: 0 });
    startGeneration(object);
  },

  prepareForUpdate(object, old) {
    keepStatus(object, old);
    nextGeneration(object, old, specChanged(object, old));
  },

  selectableFields(object) {
    return { 'status.replicas': String(view<ReplicaSet>(object).status?.replicas ?? 0) };
  },

  table: {
    columns: [
      nameColumn(),
      column('Desired', 'Replicas is the number of desired replicas.', { type: 'integer' }),
      column('Current', 'Replicas is the most recently observed number of replicas.', { type: 'integer' }),
      column('Ready', 'The number of ready replicas for this replica set.', { type: 'integer' }),
      ageColumn(),
      containersColumn(),
      imagesColumn(),
      column('Selector', 'Selector is a label query over pods that should match the replica count.', { wide: true }),
    ],
    row(object, now) {
      const replicaSet = view<ReplicaSet>(object);
      const [names, images] = containerCells(replicaSet.spec?.template?.spec?.containers);
      return [
        nameOf(object),
        replicaSet.spec?.replicas ?? 0,
        replicaSet.status?.replicas ?? 0,
        replicaSet.status?.readyReplicas ?? 0,
        age(object, now),
        names,
        images,
        formatLabelSelector(replicaSet.spec?.selector),
      ];
    },
  },
};
