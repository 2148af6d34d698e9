// apps/v1 DaemonSet. Kubernetes keeps a template generation for DaemonSets and shows it in
// apps/v1 as the annotation deprecated.daemonset.template.generation.
import type { DaemonSet } from 'kubernetes-types/apps/v1.js';
import type { PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import type { FieldError } from '../field-error.ts';
import type { KubeObject, ResourceType } from '../resource-type.ts';
import { invalid, notSupported, required } from '../validation/errors.ts';
import { semanticEqual } from '../validation/equality.ts';
import { formatLabelSelector, formatLabels } from '../validation/label-selector.ts';
import { nameIsDNSSubdomain } from '../validation/names.ts';
import { validateMeta } from './meta.ts';
import { child, defaultTo, metadataOf, view } from './object-view.ts';
import { defaultPodTemplate } from './pod-defaults.ts';
import { keepStatus, nextGeneration, resetStatus, specChanged, startGeneration } from './strategy.ts';
import { age, ageColumn, column, containerCells, containersColumn, imagesColumn, nameColumn, nameOf } from './table.ts';
import { standardVerbs } from './verbs.ts';
import { intOrPercentValue, validateCounts, validateIntOrPercent, validateSelectorAndTemplate } from './workload.ts';

type Spec = NonNullable<DaemonSet['spec']>;

export const templateGenerationAnnotation = 'deprecated.daemonset.template.generation';
const updateStrategies = ['OnDelete', 'RollingUpdate'];

function defaultDaemonSet(object: KubeObject): void {
  const spec = child<Spec>(object, 'spec');
  const strategy = child<NonNullable<Spec['updateStrategy']>>(spec, 'updateStrategy');
  defaultTo(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') {
    const rollingUpdate = child<NonNullable<typeof strategy.rollingUpdate>>(strategy, 'rollingUpdate');
    defaultTo(rollingUpdate, 'maxUnavailable', 1);
    defaultTo(rollingUpdate, 'maxSurge', 0);
  }
  defaultTo(spec, 'revisionHistoryLimit', 10);
  // Go's template is a struct, never absent: an omitted one is an empty template, defaulted.
  defaultPodTemplate(child<PodTemplateSpec>(spec, 'template'));
}

function validateSpec(spec: Spec): FieldError[] {
  const errors = [...validateCounts(spec), ...validateSelectorAndTemplate(spec, 'daemonset')];
  if (spec.template?.spec?.activeDeadlineSeconds !== undefined) {
    errors.push(invalid('spec.template.spec.activeDeadlineSeconds', spec.template.spec.activeDeadlineSeconds, 'activeDeadlineSeconds must be nil for daemon sets'));
  }
  const strategy = spec.updateStrategy ?? {};
  if (!strategy.type || !updateStrategies.includes(strategy.type)) {
    errors.push(notSupported('spec.updateStrategy.type', strategy.type ?? '', updateStrategies));
  } else if (strategy.type === 'RollingUpdate') {
    const rollingUpdate = strategy.rollingUpdate;
    if (!rollingUpdate) {
      errors.push(required('spec.updateStrategy.rollingUpdate'));
    } else {
      const path = 'spec.updateStrategy.rollingUpdate';
      errors.push(...validateIntOrPercent(rollingUpdate.maxUnavailable, `${path}.maxUnavailable`, true));
      errors.push(...validateIntOrPercent(rollingUpdate.maxSurge, `${path}.maxSurge`, true));
      const unavailable = intOrPercentValue(rollingUpdate.maxUnavailable) !== 0;
      const surge = intOrPercentValue(rollingUpdate.maxSurge) !== 0;
      if (unavailable && surge) errors.push(invalid(`${path}.maxSurge`, rollingUpdate.maxSurge, 'may not be set when maxUnavailable is non-zero'));
      if (!unavailable && !surge) errors.push(required(`${path}.maxUnavailable`, 'cannot be 0 when maxSurge is 0'));
    }
  }
  return errors;
}

function templateGeneration(object: KubeObject): number {
  return Number.parseInt(object.metadata?.annotations?.[templateGenerationAnnotation] ?? '0', 10) || 0;
}

function setTemplateGeneration(object: KubeObject, generation: number): void {
  const metadata = metadataOf(object);
  metadata.annotations = { ...metadata.annotations, [templateGenerationAnnotation]: String(generation) };
}

export const daemonSetResource: ResourceType = {
  group: 'apps',
  version: 'v1',
  kind: 'DaemonSet',
  listKind: 'DaemonSetList',
  plural: 'daemonsets',
  singular: 'daemonset',
  namespaced: true,
  shortNames: ['ds'],
  categories: ['all'],
  verbs: standardVerbs,
  subresources: { status: true },

  defaults: defaultDaemonSet,

  validate(object, old) {
    const spec = view<DaemonSet>(object).spec ?? ({} as Spec);
    const errors: FieldError[] = validateMeta(object, old, { namespaced: true, name: nameIsDNSSubdomain });
    errors.push(...validateSpec(spec));
    if (old && !semanticEqual(spec.selector, view<DaemonSet>(old).spec?.selector)) errors.push(invalid('spec.selector', spec.selector, 'field is immutable'));
    return errors;
  },

  prepareForCreate(object) {
    resetStatus(object, { currentNumberScheduled: 0, desiredNumberScheduled: 0, numberMisscheduled: 0, numberReady: 0 });
    startGeneration(object);
    setTemplateGeneration(object, 1);
  },

  prepareForUpdate(object, old) {
    keepStatus(object, old);
    nextGeneration(object, old, specChanged(object, old));
    const templateChanged = !semanticEqual((object.spec as Spec | undefined)?.template, (old.spec as Spec | undefined)?.template);
    const generation = templateGeneration(old) + (templateChanged ? 1 : 0);
    if (generation > 0) setTemplateGeneration(object, generation);
  },

  table: {
    columns: [
      nameColumn(),
      column('Desired', 'The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod).', { type: 'integer' }),
      column('Current', 'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.', { type: 'integer' }),
      column('Ready', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready.', { type: 'integer' }),
      column('Up-to-date', 'The total number of nodes that are running updated daemon pod', { type: 'integer' }),
      column('Available', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)', { type: 'integer' }),
      column('Node Selector', "NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node's labels for the pod to be scheduled on that node."),
      ageColumn(),
      containersColumn(),
      imagesColumn(),
      column('Selector', 'A label query over pods that are managed by the daemon set.', { wide: true }),
    ],
    row(object, now) {
      const daemonSet = view<DaemonSet>(object);
      const status = daemonSet.status;
      const [names, images] = containerCells(daemonSet.spec?.template?.spec?.containers);
      return [
        nameOf(object),
        status?.desiredNumberScheduled ?? 0,
        status?.currentNumberScheduled ?? 0,
        status?.numberReady ?? 0,
        status?.updatedNumberScheduled ?? 0,
        status?.numberAvailable ?? 0,
        formatLabels(daemonSet.spec?.template?.spec?.nodeSelector),
        age(object, now),
        names,
        images,
        formatLabelSelector(daemonSet.spec?.selector),
      ];
    },
  },
};
