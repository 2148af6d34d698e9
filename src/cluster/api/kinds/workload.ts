// What Deployments, ReplicaSets, StatefulSets and DaemonSets share: a required, non-empty
// selector that matches the pod template's labels, a template whose pods always restart, the
// int-or-percent fields of rolling updates, and the scale subresource's paths.
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import type { PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import type { FieldError } from '../field-error.ts';
import type { ScaleSubresource } from '../resource-type.ts';
import { forbidden, invalid, nonNegative, notSupported, required } from '../validation/errors.ts';
import { isEmptySelector, selectorMatches, selectorString, validateLabelSelector } from '../validation/label-selector.ts';
import { isValidPercent } from '../validation/names.ts';
import { validatePodTemplateSpec } from '../validation/pod-spec.ts';

export const replicasScale: ScaleSubresource = {
  specReplicasPath: 'spec.replicas',
  statusReplicasPath: 'status.replicas',
  labelSelectorPath: 'spec.selector',
};

interface WorkloadSpec {
  selector?: LabelSelector;
  template?: PodTemplateSpec;
  replicas?: number;
  minReadySeconds?: number;
  revisionHistoryLimit?: number;
}

/**
 * The selector and template of a workload (ValidatePodTemplateSpecForReplicaSet and friends):
 * `kind` is the lower-case word of "empty selector is invalid for deployment".
 */
export function validateSelectorAndTemplate(spec: WorkloadSpec, kind: string): FieldError[] {
  const errors: FieldError[] = [];
  if (!spec.selector) {
    errors.push(required('spec.selector'));
  } else {
    errors.push(...validateLabelSelector(spec.selector, 'spec.selector'));
    if (isEmptySelector(spec.selector)) errors.push(invalid('spec.selector', spec.selector, `empty selector is invalid for ${kind}`));
  }
  const template = spec.template;
  if (!template) return [...errors, required('spec.template')];
  if (selectorString(spec.selector) === undefined) {
    errors.push(invalid('spec.selector', spec.selector, 'invalid label selector'));
  } else if (spec.selector && !isEmptySelector(spec.selector) && !selectorMatches(spec.selector, template.metadata?.labels)) {
    errors.push(invalid('spec.template.metadata.labels', template.metadata?.labels ?? {}, '`selector` does not match template `labels`'));
  }
  errors.push(...validatePodTemplateSpec(template, 'spec.template'));
  const restartPolicy = template.spec?.restartPolicy;
  if (restartPolicy && restartPolicy !== 'Always') errors.push(notSupported('spec.template.spec.restartPolicy', restartPolicy, ['Always']));
  return errors;
}

/** Pods of ReplicaSets (and so Deployments) and StatefulSets run until replaced: no deadline. `owner`: "ReplicaSet" or "StatefulSet". */
export function noActiveDeadline(spec: WorkloadSpec, owner: string): FieldError[] {
  if (spec.template?.spec?.activeDeadlineSeconds === undefined) return [];
  return [forbidden('spec.template.spec.activeDeadlineSeconds', `activeDeadlineSeconds in ${owner} is not Supported`)];
}

/** replicas, minReadySeconds and revisionHistoryLimit are never negative. */
export function validateCounts(spec: WorkloadSpec): FieldError[] {
  return [
    ...nonNegative('spec.replicas', spec.replicas),
    ...nonNegative('spec.minReadySeconds', spec.minReadySeconds),
    ...nonNegative('spec.revisionHistoryLimit', spec.revisionHistoryLimit),
  ];
}

/** getIntOrPercentValue: 3 → 3, "25%" → 25, anything else → 0. */
export function intOrPercentValue(value: number | string | undefined): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && isValidPercent(value).length === 0) return Number.parseInt(value, 10);
  return 0;
}

/** ValidatePositiveIntOrPercent, plus IsNotMoreThan100Percent when asked. */
export function validateIntOrPercent(value: number | string | undefined, path: string, atMost100Percent: boolean): FieldError[] {
  if (value === undefined) return [];
  if (typeof value === 'string') {
    const messages = isValidPercent(value);
    if (messages.length > 0) return messages.map((message) => invalid(path, value, message));
    if (atMost100Percent && intOrPercentValue(value) > 100) return [invalid(path, value, 'must not be greater than 100%')];
    return [];
  }
  return nonNegative(path, value);
}
