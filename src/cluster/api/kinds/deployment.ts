// apps/v1 Deployment.
import type { Deployment } from 'kubernetes-types/apps/v1.js';
import type { PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import type { FieldError } from '../field-error.ts';
import type { KubeObject, ResourceType } from '../resource-type.ts';
import { forbidden, invalid, nonNegative, notSupported, required } from '../validation/errors.ts';
import { semanticEqual } from '../validation/equality.ts';
import { nameIsDNSSubdomain } from '../validation/names.ts';
import { selectorString } from '../validation/label-selector.ts';
import { validateMeta } from './meta.ts';
import { child, defaultTo, view } from './object-view.ts';
import { defaultPodTemplate } from './pod-defaults.ts';
import { keepStatus, nextGeneration, specAndStatusStrategy } from './strategy.ts';
import { age, ageColumn, column, containerCells, containersColumn, imagesColumn, nameColumn, nameOf } from './table.ts';
import { standardVerbs } from './verbs.ts';
import { intOrPercentValue, noActiveDeadline, replicasScale, validateCounts, validateIntOrPercent, validateSelectorAndTemplate } from './workload.ts';

type Spec = NonNullable<Deployment['spec']>;

function defaultDeployment(object: KubeObject): void {
  const spec = child<Spec>(object, 'spec');
  defaultTo(spec, 'replicas', 1);
  const strategy = child<NonNullable<Spec['strategy']>>(spec, 'strategy');
  defaultTo(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') {
    const rollingUpdate = child<NonNullable<typeof strategy.rollingUpdate>>(strategy, 'rollingUpdate');
    defaultTo(rollingUpdate, 'maxUnavailable', '25%');
    defaultTo(rollingUpdate, 'maxSurge', '25%');
  }
  defaultTo(spec, 'revisionHistoryLimit', 10);
  defaultTo(spec, 'progressDeadlineSeconds', 600);
  // Go's template is a struct, never absent: an omitted one is an empty template, defaulted.
  defaultPodTemplate(child<PodTemplateSpec>(spec, 'template'));
}

function validateStrategy(spec: Spec): FieldError[] {
  const strategy = spec.strategy ?? {};
  switch (strategy.type) {
    case 'Recreate':
      return strategy.rollingUpdate ? [forbidden('spec.strategy.rollingUpdate', "may not be specified when strategy `type` is 'Recreate'")] : [];
    case 'RollingUpdate': {
      const rollingUpdate = strategy.rollingUpdate;
      if (!rollingUpdate) return [required('spec.strategy.rollingUpdate', 'this should be defaulted and never be nil')];
      const errors = [
        ...validateIntOrPercent(rollingUpdate.maxUnavailable, 'spec.strategy.rollingUpdate.maxUnavailable', true),
        ...validateIntOrPercent(rollingUpdate.maxSurge, 'spec.strategy.rollingUpdate.maxSurge', false),
      ];
      if (intOrPercentValue(rollingUpdate.maxUnavailable) === 0 && intOrPercentValue(rollingUpdate.maxSurge) === 0) {
        errors.push(invalid('spec.strategy.rollingUpdate.maxUnavailable', rollingUpdate.maxUnavailable, 'may not be 0 when `maxSurge` is 0'));
      }
      return errors;
    }
    default:
      return [notSupported('spec.strategy', strategy, ['Recreate', 'RollingUpdate'])];
  }
}

function validateSpec(spec: Spec): FieldError[] {
  const errors = [...validateCounts(spec), ...validateSelectorAndTemplate(spec, 'deployment'), ...noActiveDeadline(spec, 'ReplicaSet'), ...validateStrategy(spec)];
  if (spec.progressDeadlineSeconds !== undefined) {
    errors.push(...nonNegative('spec.progressDeadlineSeconds', spec.progressDeadlineSeconds));
    if (spec.progressDeadlineSeconds <= (spec.minReadySeconds ?? 0)) {
      errors.push(invalid('spec.progressDeadlineSeconds', spec.progressDeadlineSeconds, 'must be greater than minReadySeconds'));
    }
  }
  return errors;
}

export const deploymentResource: ResourceType = {
  group: 'apps',
  version: 'v1',
  kind: 'Deployment',
  listKind: 'DeploymentList',
  plural: 'deployments',
  singular: 'deployment',
  namespaced: true,
  shortNames: ['deploy'],
  categories: ['all'],
  verbs: standardVerbs,
  subresources: { status: true, scale: replicasScale },

  defaults: defaultDeployment,

  validate(object, old) {
    const spec = view<Deployment>(object).spec ?? ({} as Spec);
    const errors: FieldError[] = validateMeta(object, old, { namespaced: true, name: nameIsDNSSubdomain });
    errors.push(...validateSpec(spec));
    if (old && !semanticEqual(spec.selector, view<Deployment>(old).spec?.selector)) errors.push(invalid('spec.selector', spec.selector, 'field is immutable'));
    return errors;
  },

  prepareForCreate: specAndStatusStrategy.prepareForCreate,

  /** Annotation changes bump the generation too: the controller copies them to the new ReplicaSet. */
  prepareForUpdate(object, old) {
    keepStatus(object, old);
    const changed = !semanticEqual(object.spec, old.spec) || !semanticEqual(object.metadata?.annotations, old.metadata?.annotations);
    nextGeneration(object, old, changed);
  },

  table: {
    columns: [
      nameColumn(),
      column('Ready', 'Number of the pod with ready state'),
      column('Up-to-date', 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.'),
      column('Available', 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.'),
      ageColumn(),
      containersColumn(),
      imagesColumn(),
      column('Selector', 'Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.', { wide: true }),
    ],
    row(object, now) {
      const deployment = view<Deployment>(object);
      const status = deployment.status ?? {};
      const [names, images] = containerCells(deployment.spec?.template?.spec?.containers);
      const selector = selectorString(deployment.spec?.selector);
      return [
        nameOf(object),
        `${status.readyReplicas ?? 0}/${deployment.spec?.replicas ?? 0}`,
        status.updatedReplicas ?? 0,
        status.availableReplicas ?? 0,
        age(object, now),
        names,
        images,
        selector ?? '<invalid>',
      ];
    },
  },
};
