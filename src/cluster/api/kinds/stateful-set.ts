// apps/v1 StatefulSet.
import type { StatefulSet } from 'kubernetes-types/apps/v1.js';
import type { PersistentVolumeClaimSpec } from 'kubernetes-types/core/v1.js';
import type { PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import type { FieldError } from '../field-error.ts';
import type { KubeObject, ResourceType } from '../resource-type.ts';
import { forbidden, invalid, nonNegative, notSupported } from '../validation/errors.ts';
import { semanticEqual } from '../validation/equality.ts';
import { nameIsDNSSubdomain } from '../validation/names.ts';
import { validateMeta } from './meta.ts';
import { child, defaultTo, view } from './object-view.ts';
import { defaultClaimSpec, validateClaimSpec } from './persistent-volume-claim.ts';
import { defaultPodTemplate } from './pod-defaults.ts';
import { keepStatus, nextGeneration, resetStatus, specChanged, startGeneration } from './strategy.ts';
import { age, ageColumn, column, containerCells, containersColumn, imagesColumn, nameColumn, nameOf } from './table.ts';
import { standardVerbs } from './verbs.ts';
import { noActiveDeadline, replicasScale, validateCounts, validateSelectorAndTemplate } from './workload.ts';

type Spec = NonNullable<StatefulSet['spec']>;

const podManagementPolicies = ['OrderedReady', 'Parallel'];
const updateStrategies = ['OnDelete', 'RollingUpdate'];
const retentionPolicies = ['Retain', 'Delete'];
/** What an update may change; everything else in the spec is fixed at creation. */
const updatableFields = ['replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds'];

function defaultStatefulSet(object: KubeObject): void {
  const spec = child<Spec>(object, 'spec');
  defaultTo(spec, 'podManagementPolicy', 'OrderedReady');
  const strategy = child<NonNullable<Spec['updateStrategy']>>(spec, 'updateStrategy');
  if (!strategy.type) {
    strategy.type = 'RollingUpdate';
    strategy.rollingUpdate ??= {};
  }
  if (strategy.type === 'RollingUpdate' && strategy.rollingUpdate) defaultTo(strategy.rollingUpdate, 'partition', 0);
  const retention = child<NonNullable<Spec['persistentVolumeClaimRetentionPolicy']>>(spec, 'persistentVolumeClaimRetentionPolicy');
  defaultTo(retention, 'whenDeleted', 'Retain');
  defaultTo(retention, 'whenScaled', 'Retain');
  defaultTo(spec, 'replicas', 1);
  defaultTo(spec, 'revisionHistoryLimit', 10);
  // Go's template is a struct, never absent: an omitted one is an empty template, defaulted.
  defaultPodTemplate(child<PodTemplateSpec>(spec, 'template'));
  // The claim templates are PersistentVolumeClaims and get a claim's defaults, status included.
  for (const claim of spec.volumeClaimTemplates ?? []) {
    defaultClaimSpec(child<PersistentVolumeClaimSpec>(claim, 'spec'));
    const status = child<{ phase?: string }>(claim, 'status');
    status.phase ||= 'Pending';
  }
}

function validateSpec(spec: Spec): FieldError[] {
  const errors = [...validateCounts(spec), ...validateSelectorAndTemplate(spec, 'statefulset'), ...noActiveDeadline(spec, 'StatefulSet')];
  if (!spec.podManagementPolicy || !podManagementPolicies.includes(spec.podManagementPolicy)) {
    errors.push(notSupported('spec.podManagementPolicy', spec.podManagementPolicy ?? '', podManagementPolicies));
  }
  const strategy = spec.updateStrategy ?? {};
  if (!strategy.type || !updateStrategies.includes(strategy.type)) {
    errors.push(notSupported('spec.updateStrategy.type', strategy.type ?? '', updateStrategies));
  } else if (strategy.type === 'OnDelete' && strategy.rollingUpdate) {
    errors.push(invalid('spec.updateStrategy.rollingUpdate', strategy.rollingUpdate, "only allowed for updateStrategy 'RollingUpdate'"));
  } else if (strategy.rollingUpdate) {
    errors.push(...nonNegative('spec.updateStrategy.rollingUpdate.partition', strategy.rollingUpdate.partition));
  }
  const retention = spec.persistentVolumeClaimRetentionPolicy ?? {};
  for (const field of ['whenDeleted', 'whenScaled'] as const) {
    const value = retention[field];
    if (value && !retentionPolicies.includes(value)) errors.push(notSupported(`spec.persistentVolumeClaimRetentionPolicy.${field}`, value, retentionPolicies));
  }
  (spec.volumeClaimTemplates ?? []).forEach((claim, index) => {
    errors.push(...validateClaimSpec(claim.spec, `spec.volumeClaimTemplates[${index}].spec`));
  });
  if (spec.ordinals?.start !== undefined) errors.push(...nonNegative('spec.ordinals.start', spec.ordinals.start));
  return errors;
}

function validateUpdate(spec: Spec, old: Spec): FieldError[] {
  const fixed = (value: Spec) => Object.fromEntries(Object.entries(value).filter(([key]) => !updatableFields.includes(key)));
  if (semanticEqual(fixed(spec), fixed(old))) return [];
  const names = updatableFields.map((field) => `'${field}'`);
  return [forbidden('spec', `updates to statefulset spec for fields other than ${names.slice(0, -1).join(', ')} and ${names.at(-1)} are forbidden`)];
}

export const statefulSetResource: ResourceType = {
  group: 'apps',
  version: 'v1',
  kind: 'StatefulSet',
  listKind: 'StatefulSetList',
  plural: 'statefulsets',
  singular: 'statefulset',
  namespaced: true,
  shortNames: ['sts'],
  categories: ['all'],
  verbs: standardVerbs,
  subresources: { status: true, scale: replicasScale },

  defaults: defaultStatefulSet,

  validate(object, old) {
    const spec = view<StatefulSet>(object).spec ?? ({} as Spec);
    const errors: FieldError[] = validateMeta(object, old, { namespaced: true, name: nameIsDNSSubdomain });
    errors.push(...validateSpec(spec));
    if (old) errors.push(...validateUpdate(spec, view<StatefulSet>(old).spec ?? ({} as Spec)));
    return errors;
  },

  prepareForCreate(object) {
    resetStatus(object, { replicas: 0, availableReplicas: 0 });
    startGeneration(object);
  },

  prepareForUpdate(object, old) {
    keepStatus(object, old);
    nextGeneration(object, old, specChanged(object, old));
  },

  table: {
    columns: [nameColumn(), column('Ready', 'Number of the pod with ready state'), ageColumn(), containersColumn(), imagesColumn()],
    row(object, now) {
      const statefulSet = view<StatefulSet>(object);
      const [names, images] = containerCells(statefulSet.spec?.template?.spec?.containers);
      return [nameOf(object), `${statefulSet.status?.readyReplicas ?? 0}/${statefulSet.spec?.replicas ?? 0}`, age(object, now), names, images];
    },
  },
};
