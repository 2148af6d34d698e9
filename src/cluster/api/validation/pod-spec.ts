// Pod specs — of Pods and of the pod templates inside Deployments, Jobs and the rest — and what
// a Pod update may change. The checks are Kubernetes' ValidatePodSpec for the mistakes users
// make; the update rule is ValidatePodUpdate's: only images, activeDeadlineSeconds, additions
// to tolerations and scheduling-gate removals.
import type { PodSpec, PodTemplateSpec, Toleration } from 'kubernetes-types/core/v1.js';
import type { FieldError } from '../field-error.ts';
import { fieldPath } from '../field-error.ts';
import { validateContainers, enumerated } from './containers.ts';
import { forbidden, invalid, notSupported, required } from './errors.ts';
import { cloneJson, differingPaths, semanticEqual } from './equality.ts';
import { validateLabelName, validateLabels } from './label-selector.ts';
import { inclusiveRangeError, isDNS1123Label, isDNS1123Subdomain, isValidLabelValue } from './names.ts';
import { validateAnnotations } from './object-meta.ts';
import { validateVolumes } from './volumes.ts';

export const restartPolicies = ['Always', 'OnFailure', 'Never'];
const dnsPolicies = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const taintEffects = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const maxInt32 = 2147483647;

export function validatePodSpec(spec: PodSpec | undefined, path: string, options: { pod: boolean }): FieldError[] {
  if (!spec) return [required(path)];
  const errors: FieldError[] = [];
  const { errors: volumeErrors, names: volumes } = validateVolumes(spec.volumes, fieldPath.child(path, 'volumes'));
  errors.push(...volumeErrors);
  const names = new Set<string>();
  const hostNetwork = spec.hostNetwork === true;
  errors.push(...validateContainers(spec.initContainers, fieldPath.child(path, 'initContainers'), { volumes, names, hostNetwork, init: true, pod: options.pod }));
  const containersPath = fieldPath.child(path, 'containers');
  if (!spec.containers || spec.containers.length === 0) errors.push(required(containersPath));
  else errors.push(...validateContainers(spec.containers, containersPath, { volumes, names, hostNetwork, init: false, pod: options.pod }));

  errors.push(...enumerated(spec.restartPolicy, fieldPath.child(path, 'restartPolicy'), restartPolicies));
  errors.push(...enumerated(spec.dnsPolicy, fieldPath.child(path, 'dnsPolicy'), dnsPolicies));
  if (spec.dnsPolicy === 'None' && !spec.dnsConfig) {
    errors.push(required(fieldPath.child(path, 'dnsConfig'), 'must provide `dnsConfig` when `dnsPolicy` is None'));
  }
  errors.push(...validateLabels(spec.nodeSelector, fieldPath.child(path, 'nodeSelector')));
  for (const field of ['serviceAccountName', 'nodeName', 'priorityClassName'] as const) {
    const value = spec[field];
    if (value) errors.push(...isDNS1123Subdomain(value).map((message) => invalid(fieldPath.child(path, field), value, message)));
  }
  for (const field of ['hostname', 'subdomain'] as const) {
    const value = spec[field];
    if (value) errors.push(...isDNS1123Label(value).map((message) => invalid(fieldPath.child(path, field), value, message)));
  }
  if (spec.activeDeadlineSeconds !== undefined && (spec.activeDeadlineSeconds < 1 || spec.activeDeadlineSeconds > maxInt32)) {
    errors.push(invalid(fieldPath.child(path, 'activeDeadlineSeconds'), spec.activeDeadlineSeconds, inclusiveRangeError(1, maxInt32)));
  }
  errors.push(...validateTolerations(spec.tolerations, fieldPath.child(path, 'tolerations')));
  return errors;
}

export function validateTolerations(tolerations: Toleration[] | undefined, path: string): FieldError[] {
  const errors: FieldError[] = [];
  (tolerations ?? []).forEach((toleration, index) => {
    const tolerationPath = fieldPath.index(path, index);
    const operatorPath = fieldPath.child(tolerationPath, 'operator');
    if (toleration.key) errors.push(...validateLabelName(toleration.key, fieldPath.child(tolerationPath, 'key')));
    if (!toleration.key && toleration.operator !== 'Exists') {
      errors.push(invalid(operatorPath, toleration.operator ?? '', 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    }
    if (toleration.tolerationSeconds !== undefined && toleration.effect !== 'NoExecute') {
      errors.push(invalid(fieldPath.child(tolerationPath, 'effect'), toleration.effect ?? '', "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
    switch (toleration.operator ?? '') {
      case 'Equal':
      case '': {
        const messages = isValidLabelValue(toleration.value ?? '');
        if (messages.length > 0) errors.push(invalid(operatorPath, toleration.value ?? '', messages.join(';')));
        break;
      }
      case 'Exists':
        if (toleration.value) errors.push(invalid(operatorPath, toleration, "value must be empty when `operator` is 'Exists'"));
        break;
      default:
        errors.push(notSupported(operatorPath, toleration.operator, ['Equal', 'Exists']));
    }
    if (toleration.effect && !taintEffects.includes(toleration.effect)) {
      errors.push(notSupported(fieldPath.child(tolerationPath, 'effect'), toleration.effect, taintEffects));
    }
  });
  return errors;
}

/** A pod template (metadata labels and annotations, then the spec); templates carry no name. */
export function validatePodTemplateSpec(template: PodTemplateSpec | undefined, path: string): FieldError[] {
  if (!template) return [required(path)];
  const errors: FieldError[] = [];
  errors.push(...validateLabels(template.metadata?.labels, fieldPath.child(path, 'metadata.labels')));
  errors.push(...validateAnnotations(template.metadata?.annotations, fieldPath.child(path, 'metadata.annotations')));
  errors.push(...validatePodSpec(template.spec, fieldPath.child(path, 'spec'), { pod: false }));
  return errors;
}

const updatablePodSpecFields = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
];

/** ValidatePodUpdate's rule for the spec. */
export function validatePodSpecUpdate(spec: PodSpec | undefined, old: PodSpec | undefined): FieldError[] {
  const errors: FieldError[] = [];
  const next = spec ?? ({} as PodSpec);
  const previous = old ?? ({} as PodSpec);
  if (next.activeDeadlineSeconds !== undefined) {
    if (previous.activeDeadlineSeconds !== undefined && next.activeDeadlineSeconds > previous.activeDeadlineSeconds) {
      errors.push(invalid('spec.activeDeadlineSeconds', next.activeDeadlineSeconds, 'must be less than or equal to previous value'));
    }
  } else if (previous.activeDeadlineSeconds !== undefined) {
    errors.push(invalid('spec.activeDeadlineSeconds', null, 'must not update from a positive integer to nil value'));
  }
  const removedTolerations = (previous.tolerations ?? []).some((toleration) => !(next.tolerations ?? []).some((t) => semanticEqual(t, toleration)));
  if (removedTolerations) errors.push(forbidden('spec.tolerations', 'existing toleration can not be modified except its tolerationSeconds'));

  // Replace what may change with the old values; anything still different is forbidden.
  const munged = cloneJson(next);
  munged.containers = (munged.containers ?? []).map((container, index) => ({ ...container, image: previous.containers?.[index]?.image ?? container.image }));
  if (munged.initContainers) {
    munged.initContainers = munged.initContainers.map((container, index) => ({ ...container, image: previous.initContainers?.[index]?.image ?? container.image }));
  }
  munged.activeDeadlineSeconds = previous.activeDeadlineSeconds;
  munged.tolerations = previous.tolerations;
  if ((previous.terminationGracePeriodSeconds ?? 0) < 0 && munged.terminationGracePeriodSeconds === 1) {
    munged.terminationGracePeriodSeconds = previous.terminationGracePeriodSeconds;
  }
  const gatesRemovedOnly = (next.schedulingGates ?? []).every((gate) => (previous.schedulingGates ?? []).some((g) => g.name === gate.name));
  if (gatesRemovedOnly) munged.schedulingGates = previous.schedulingGates;
  else errors.push(forbidden('spec.schedulingGates', 'only deletion is allowed, but found new scheduling gate'));
  if (!semanticEqual(munged, previous)) {
    const changed = differingPaths(previous, munged).map((changedPath) => `spec.${changedPath}`);
    errors.push(forbidden('spec', `pod updates may not change fields other than ${updatablePodSpecFields.join(',')}\n  changed: ${changed.join(', ')}`));
  }
  return errors;
}
