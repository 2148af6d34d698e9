// batch/v1 CronJob.
import type { CronJob } from 'kubernetes-types/batch/v1.js';
import type { PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import type { FieldError } from '../field-error.ts';
import type { KubeObject, ResourceType } from '../resource-type.ts';
import { CronError, isKnownTimeZone, parseCronSchedule } from '../validation/cron-schedule.ts';
import { invalid, nonNegative, notSupported, required } from '../validation/errors.ts';
import { formatLabelSelector } from '../validation/label-selector.ts';
import { nameIsDNSSubdomain } from '../validation/names.ts';
import { since } from './human-duration.ts';
import { validateJobSpecCommon } from './job.ts';
import { validateMeta } from './meta.ts';
import { child, defaultTo, view } from './object-view.ts';
import { defaultPodTemplate } from './pod-defaults.ts';
import { specAndStatusStrategy } from './strategy.ts';
import { age, ageColumn, boolCell, column, containerCells, containersColumn, imagesColumn, nameColumn, nameOf } from './table.ts';
import { standardVerbs } from './verbs.ts';

type Spec = NonNullable<CronJob['spec']>;

const concurrencyPolicies = ['Allow', 'Forbid', 'Replace'];
/** The controller appends "-<11 characters>" to make job names, which may have 63. */
const maxNameLength = 52;

function validateSchedule(schedule: string | undefined, timeZone: string | undefined, oldSchedule: string | undefined): FieldError[] {
  if (!schedule) return [required('spec.schedule')];
  const errors: FieldError[] = [];
  try {
    parseCronSchedule(schedule);
  } catch (error) {
    if (!(error instanceof CronError)) throw error;
    errors.push(invalid('spec.schedule', schedule, error.message));
  }
  const allowZoneInSchedule = !!oldSchedule && oldSchedule.includes('TZ');
  if (allowZoneInSchedule && schedule.includes('TZ') && timeZone !== undefined) {
    errors.push(invalid('spec.schedule', schedule, 'cannot use both timeZone field and TZ or CRON_TZ in schedule'));
  } else if (!allowZoneInSchedule && schedule.includes('TZ')) {
    errors.push(invalid('spec.schedule', schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'));
  }
  return errors;
}

function validateTimeZone(timeZone: string | undefined): FieldError[] {
  if (timeZone === undefined) return [];
  if (timeZone === '') return [invalid('spec.timeZone', timeZone, 'timeZone must be nil or non-empty string')];
  const badPart = timeZone.split('/').some((part) => part === '.' || part === '..' || part.startsWith('-') || !/^[A-Za-z.+\-_0-9]+$/.test(part));
  if (badPart) return [invalid('spec.timeZone', timeZone, `unknown time zone ${timeZone}`)];
  if (timeZone.toLowerCase() === 'local') return [invalid('spec.timeZone', timeZone, 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones')];
  return isKnownTimeZone(timeZone) ? [] : [invalid('spec.timeZone', timeZone, `unknown time zone ${timeZone}`)];
}

function validateSpec(spec: Spec, oldSpec: Spec | undefined): FieldError[] {
  const errors = [...validateSchedule(spec.schedule, spec.timeZone, oldSpec?.schedule), ...validateTimeZone(spec.timeZone)];
  if (!spec.concurrencyPolicy) errors.push(required('spec.concurrencyPolicy'));
  else if (!concurrencyPolicies.includes(spec.concurrencyPolicy)) errors.push(notSupported('spec.concurrencyPolicy', spec.concurrencyPolicy, concurrencyPolicies));
  for (const field of ['startingDeadlineSeconds', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit'] as const) {
    errors.push(...nonNegative(`spec.${field}`, spec[field]));
  }
  const jobSpec = spec.jobTemplate?.spec;
  errors.push(...validateJobSpecCommon(jobSpec, 'spec.jobTemplate.spec'));
  if (jobSpec?.selector) errors.push(invalid('spec.jobTemplate.spec.selector', jobSpec.selector, '`selector` will be auto-generated'));
  if (jobSpec?.manualSelector) errors.push(notSupported('spec.jobTemplate.spec.manualSelector', jobSpec.manualSelector, ['nil', 'false']));
  return errors;
}

export const cronJobResource: ResourceType = {
  group: 'batch',
  version: 'v1',
  kind: 'CronJob',
  listKind: 'CronJobList',
  plural: 'cronjobs',
  singular: 'cronjob',
  namespaced: true,
  shortNames: ['cj'],
  categories: ['all'],
  verbs: standardVerbs,
  subresources: { status: true },

  // A CronJob's job template gets the pod template's defaults but not a Job's own.
  defaults(object: KubeObject) {
    const spec = child<Spec>(object, 'spec');
    defaultTo(spec, 'concurrencyPolicy', 'Allow');
    defaultTo(spec, 'suspend', false);
    defaultTo(spec, 'successfulJobsHistoryLimit', 3);
    defaultTo(spec, 'failedJobsHistoryLimit', 1);
    defaultPodTemplate(child<PodTemplateSpec>(child(child(spec, 'jobTemplate'), 'spec'), 'template'));
  },

  validate(object, old) {
    const cronJob = view<CronJob>(object);
    const errors: FieldError[] = validateMeta(object, old, { namespaced: true, name: nameIsDNSSubdomain });
    const name = object.metadata?.name ?? '';
    if (name.length > maxNameLength) errors.push(invalid('metadata.name', name, `must be no more than ${maxNameLength} characters`));
    errors.push(...validateSpec(cronJob.spec ?? ({} as Spec), old ? view<CronJob>(old).spec : undefined));
    return errors;
  },

  ...specAndStatusStrategy,

  table: {
    columns: [
      nameColumn(),
      column('Schedule', 'The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.'),
      column('Timezone', 'The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones.'),
      column('Suspend', 'This flag tells the controller to suspend subsequent executions, it does not apply to already started executions.', { type: 'boolean' }),
      column('Active', 'A list of pointers to currently running jobs.', { type: 'integer' }),
      column('Last Schedule', 'Information when was the last time the job was successfully scheduled.'),
      ageColumn(),
      containersColumn(),
      imagesColumn(),
      column('Selector', 'A label query over pods that should match the pod count.', { wide: true }),
    ],
    row(object, now) {
      const cronJob = view<CronJob>(object);
      const jobSpec = cronJob.spec?.jobTemplate?.spec;
      const [names, images] = containerCells(jobSpec?.template?.spec?.containers);
      const lastSchedule = cronJob.status?.lastScheduleTime ? since(cronJob.status.lastScheduleTime, now) : '<none>';
      return [
        nameOf(object),
        cronJob.spec?.schedule ?? '',
        cronJob.spec?.timeZone ?? '<none>',
        boolCell(cronJob.spec?.suspend),
        (cronJob.status?.active ?? []).length,
        lastSchedule,
        age(object, now),
        names,
        images,
        formatLabelSelector(jobSpec?.selector),
      ];
    },
  },
};
