// batch/v1 Job. Unless the user asks for a manual selector, Kubernetes generates the selector
// and the template's labels from the job's uid and name when the job is created.
import type { Job, JobSpec } from 'kubernetes-types/batch/v1.js';
import type { PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import type { FieldError } from '../field-error.ts';
import type { KubeObject, ResourceType } from '../resource-type.ts';
import { invalid, nonNegative, notSupported, required } from '../validation/errors.ts';
import { semanticEqual } from '../validation/equality.ts';
import { formatLabelSelector, selectorMatches, selectorString, validateLabelSelector } from '../validation/label-selector.ts';
import { nameIsDNSSubdomain } from '../validation/names.ts';
import { validatePodTemplateSpec } from '../validation/pod-spec.ts';
import { humanDuration } from './human-duration.ts';
import { validateMeta } from './meta.ts';
import { child, defaultTo, metadataOf, view } from './object-view.ts';
import { defaultPodTemplate } from './pod-defaults.ts';
import { keepStatus, nextGeneration, specChanged, startGeneration } from './strategy.ts';
import { age, ageColumn, column, containerCells, containersColumn, imagesColumn, nameColumn, nameOf } from './table.ts';
import { standardVerbs } from './verbs.ts';

export const controllerUidLabel = 'batch.kubernetes.io/controller-uid';
export const jobNameLabel = 'batch.kubernetes.io/job-name';
const legacyControllerUidLabel = 'controller-uid';
const legacyJobNameLabel = 'job-name';
const completionModes = ['NonIndexed', 'Indexed'];
const jobRestartPolicies = ['OnFailure', 'Never'];

function defaultJob(object: KubeObject): void {
  const spec = child<JobSpec>(object, 'spec');
  if (spec.completions === undefined && spec.parallelism === undefined) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  defaultTo(spec, 'parallelism', 1);
  defaultTo(spec, 'backoffLimit', spec.backoffLimitPerIndex !== undefined ? 2147483647 : 6);
  const templateLabels = spec.template?.metadata?.labels;
  const metadata = metadataOf(object);
  if (templateLabels && Object.keys(metadata.labels ?? {}).length === 0) metadata.labels = { ...templateLabels };
  defaultTo(spec, 'completionMode', 'NonIndexed');
  defaultTo(spec, 'suspend', false);
  for (const rule of spec.podFailurePolicy?.rules ?? []) for (const pattern of rule.onPodConditions ?? []) defaultTo(pattern, 'status', 'True');
  defaultTo(spec, 'podReplacementPolicy', spec.podFailurePolicy ? 'Failed' : 'TerminatingOrFailed');
  defaultTo(spec, 'manualSelector', false);
  // Go's template is a struct, never absent: an omitted one is an empty template, defaulted.
  defaultPodTemplate(child<PodTemplateSpec>(spec, 'template'));
}

/** generateSelector: label the template with the job's name and uid, and select on the uid. */
function generateSelector(object: KubeObject): void {
  const spec = child<JobSpec>(object, 'spec');
  if (spec.manualSelector) return;
  const name = object.metadata?.name ?? '';
  const uid = object.metadata?.uid ?? '';
  const templateMetadata = child<{ labels?: Record<string, string> }>(child(spec, 'template'), 'metadata');
  const labels = (templateMetadata.labels ??= {});
  for (const key of [legacyJobNameLabel, jobNameLabel]) labels[key] ??= name;
  for (const key of [legacyControllerUidLabel, controllerUidLabel]) labels[key] ??= uid;
  const selector = (spec.selector ??= {});
  const matchLabels = (selector.matchLabels ??= {});
  matchLabels[controllerUidLabel] ??= uid;
}

/** The parts of a job spec validated the same way inside a CronJob's jobTemplate. */
export function validateJobSpecCommon(spec: JobSpec | undefined, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const job = spec ?? ({} as JobSpec);
  for (const field of ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished'] as const) {
    errors.push(...nonNegative(`${path}.${field}`, job[field]));
  }
  if (job.completionMode !== undefined) {
    if (!completionModes.includes(job.completionMode)) errors.push(notSupported(`${path}.completionMode`, job.completionMode, completionModes));
    if (job.completionMode === 'Indexed' && job.completions === undefined) errors.push(required(`${path}.completions`, 'when completion mode is Indexed'));
  }
  if (!job.template) return [...errors, required(`${path}.template`)];
  errors.push(...validatePodTemplateSpec(job.template, `${path}.template`));
  const restartPolicy = job.template.spec?.restartPolicy;
  if (!restartPolicy || !jobRestartPolicies.includes(restartPolicy)) {
    errors.push(notSupported(`${path}.template.spec.restartPolicy`, restartPolicy ?? '', jobRestartPolicies));
  }
  return errors;
}

function validateSpec(job: Job): FieldError[] {
  const spec = job.spec ?? ({} as JobSpec);
  const errors = validateJobSpecCommon(spec, 'spec');
  if (!spec.selector) {
    errors.push(required('spec.selector'));
  } else {
    errors.push(...validateLabelSelector(spec.selector, 'spec.selector'));
    if (selectorString(spec.selector) !== undefined && !selectorMatches(spec.selector, spec.template?.metadata?.labels)) {
      errors.push(invalid('spec.template.metadata.labels', spec.template?.metadata?.labels ?? {}, '`selector` does not match template `labels`'));
    }
  }
  if (!spec.manualSelector && spec.selector) {
    const uid = job.metadata?.uid ?? '';
    if (!semanticEqual(spec.selector, { matchLabels: { [controllerUidLabel]: uid } })) errors.push(invalid('spec.selector', spec.selector, '`selector` not auto-generated'));
    const labels = spec.template?.metadata?.labels ?? {};
    for (const key of [controllerUidLabel, legacyControllerUidLabel]) {
      if (key in labels && labels[key] !== uid) errors.push(invalid(`spec.template.metadata.labels[${key}]`, labels[key], `must be '${uid}'`));
    }
  }
  return errors;
}

/** What a running job keeps: its completions, selector, template and completion mode. */
function validateUpdate(spec: JobSpec, old: JobSpec): FieldError[] {
  const errors: FieldError[] = [];
  for (const field of ['completions', 'selector', 'template', 'completionMode', 'podFailurePolicy'] as const) {
    if (!semanticEqual(spec[field], old[field])) errors.push(invalid(`spec.${field}`, spec[field], 'field is immutable'));
  }
  return errors;
}

function hasCondition(job: Job, type: string): boolean {
  const condition = (job.status?.conditions ?? []).find((c) => c.type === type);
  return condition?.status === 'True';
}

/** The STATUS cell (Kubernetes 1.30+): the first of Complete, Failed, Terminating, Suspended, FailureTarget, else Running. */
export function jobStatusCell(job: Job): string {
  if (hasCondition(job, 'Complete')) return 'Complete';
  if (hasCondition(job, 'Failed')) return 'Failed';
  if (job.metadata?.deletionTimestamp) return 'Terminating';
  if (hasCondition(job, 'Suspended')) return 'Suspended';
  if (hasCondition(job, 'FailureTarget')) return 'FailureTarget';
  return 'Running';
}

function completionsCell(job: Job): string {
  const succeeded = job.status?.succeeded ?? 0;
  if (job.spec?.completions !== undefined) return `${succeeded}/${job.spec.completions}`;
  const parallelism = job.spec?.parallelism ?? 0;
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

function durationCell(job: Job, now: Date): string {
  const start = job.status?.startTime;
  if (!start) return '';
  const end = job.status?.completionTime ? Date.parse(job.status.completionTime) : now.getTime();
  return humanDuration(end - Date.parse(start));
}

export const jobResource: ResourceType = {
  group: 'batch',
  version: 'v1',
  kind: 'Job',
  listKind: 'JobList',
  plural: 'jobs',
  singular: 'job',
  namespaced: true,
  shortNames: [],
  categories: ['all'],
  verbs: standardVerbs,
  subresources: { status: true },

  defaults: defaultJob,

  validate(object, old) {
    const job = view<Job>(object);
    const errors: FieldError[] = validateMeta(object, old, { namespaced: true, name: nameIsDNSSubdomain });
    errors.push(...validateSpec(job));
    if (old) errors.push(...validateUpdate(job.spec ?? ({} as JobSpec), view<Job>(old).spec ?? ({} as JobSpec)));
    return errors;
  },

  /**
   * Kubernetes defaults while decoding, so the job's labels come from the template as the user
   * wrote it, before the generated labels are added; defaulting first keeps that order.
   */
  prepareForCreate(object) {
    defaultJob(object);
    generateSelector(object);
    object.status = {};
    startGeneration(object);
  },

  prepareForUpdate(object, old) {
    keepStatus(object, old);
    nextGeneration(object, old, specChanged(object, old));
  },

  selectableFields(object) {
    return { 'status.successful': String(view<Job>(object).status?.succeeded ?? 0) };
  },

  table: {
    columns: [
      nameColumn(),
      column('Status', 'Status of the job.'),
      column('Completions', 'The number of pods which reached phase Succeeded.'),
      column('Duration', 'Time required to complete the job.'),
      ageColumn(),
      containersColumn(),
      imagesColumn(),
      column('Selector', 'A label query over pods that should match the pod count.', { wide: true }),
    ],
    row(object, now) {
      const job = view<Job>(object);
      const [names, images] = containerCells(job.spec?.template?.spec?.containers);
      return [nameOf(object), jobStatusCell(job), completionsCell(job), durationCell(job, now), age(object, now), names, images, formatLabelSelector(job.spec?.selector)];
    },
  },
};
