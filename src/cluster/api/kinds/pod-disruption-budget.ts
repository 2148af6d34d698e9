// policy/v1 PodDisruptionBudget. Kubernetes defaults nothing in it (no defaulting function for
// policy/v1, and unhealthyPodEvictionPolicy stays unset: "IfHealthyBudget" is only what an
// unset policy means). Its strategy resets the status on create, keeps it on update, and bumps
// the generation when the spec changes. Its validation does not check the name beyond what
// every object's does (a path segment), as Kubernetes' ValidatePodDisruptionBudget doesn't.
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import type { FieldError } from '../field-error.ts';
import type { KubeObject, ResourceType } from '../resource-type.ts';
import { invalid, nonNegative, notSupported } from '../validation/errors.ts';
import { validateLabelSelector } from '../validation/label-selector.ts';
import { nameIsPathSegment } from '../validation/names.ts';
import { validateMeta } from './meta.ts';
import { view } from './object-view.ts';
import { keepStatus, nextGeneration, specChanged, startGeneration } from './strategy.ts';
import { age, ageColumn, column, nameColumn, nameOf } from './table.ts';
import { standardVerbs } from './verbs.ts';
import { validateIntOrPercent } from './workload.ts';

type Spec = NonNullable<PodDisruptionBudget['spec']>;
type Status = NonNullable<PodDisruptionBudget['status']>;

/** Sorted, as Kubernetes lists them (sets.List). */
const evictionPolicies = ['AlwaysAllow', 'IfHealthyBudget'];

/** ValidatePositiveIntOrPercent and IsNotMoreThan100Percent; anything but an int or a string is neither. */
function validateBound(value: unknown, path: string): FieldError[] {
  if (value === undefined || value === null) return [];
  if (typeof value !== 'number' && typeof value !== 'string') return [invalid(path, value, "must be an integer or percentage (e.g '5%')")];
  return validateIntOrPercent(value, path, true);
}

function validateSpec(spec: Spec): FieldError[] {
  const errors: FieldError[] = [];
  const hasMin = spec.minAvailable !== undefined && spec.minAvailable !== null;
  const hasMax = spec.maxUnavailable !== undefined && spec.maxUnavailable !== null;
  if (hasMin && hasMax) errors.push(invalid('spec', spec, 'minAvailable and maxUnavailable cannot be both set'));
  errors.push(...validateBound(spec.minAvailable, 'spec.minAvailable'));
  errors.push(...validateBound(spec.maxUnavailable, 'spec.maxUnavailable'));
  errors.push(...validateLabelSelector(spec.selector, 'spec.selector'));
  const policy = spec.unhealthyPodEvictionPolicy;
  if (policy !== undefined && policy !== null && !evictionPolicies.includes(policy)) errors.push(notSupported('spec.unhealthyPodEvictionPolicy', policy, evictionPolicies));
  return errors;
}

/** ValidatePodDisruptionBudgetStatusUpdate's counts (its conditions are not checked here). */
function validateStatus(status: Status | undefined): FieldError[] {
  return (['disruptionsAllowed', 'currentHealthy', 'desiredHealthy', 'expectedPods'] as const).flatMap((name) => nonNegative(`status.${name}`, status?.[name]));
}

/** IntOrString.String(): an int in decimal, a string as it is; "N/A" when unset (printPodDisruptionBudget). */
function boundCell(value: number | string | undefined): string {
  return value === undefined || value === null ? 'N/A' : String(value);
}

export const podDisruptionBudgetResource: ResourceType = {
  group: 'policy',
  version: 'v1',
  kind: 'PodDisruptionBudget',
  listKind: 'PodDisruptionBudgetList',
  plural: 'poddisruptionbudgets',
  singular: 'poddisruptionbudget',
  namespaced: true,
  shortNames: ['pdb'],
  categories: [],
  verbs: standardVerbs,
  subresources: { status: true },

  defaults() {},

  validate(object, old) {
    const budget = view<PodDisruptionBudget>(object);
    return [...validateMeta(object, old, { namespaced: true, name: nameIsPathSegment }), ...validateSpec(budget.spec ?? {}), ...validateStatus(budget.status)];
  },

  /** Go's zero status: the four counts are not omitempty. */
  prepareForCreate(object: KubeObject) {
    object.status = { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 };
    startGeneration(object);
  },

  prepareForUpdate(object, old) {
    keepStatus(object, old);
    nextGeneration(object, old, specChanged(object, old));
  },

  table: {
    columns: [
      nameColumn(),
      column('Min Available', 'The minimum number of pods that must be available.'),
      column('Max Unavailable', 'The maximum number of pods that may be unavailable.'),
      column('Allowed Disruptions', 'Calculated number of pods that may be disrupted at this time.', { type: 'integer' }),
      ageColumn(),
    ],
    row(object, now) {
      const budget = view<PodDisruptionBudget>(object);
      return [nameOf(object), boundCell(budget.spec?.minAvailable), boundCell(budget.spec?.maxUnavailable), budget.status?.disruptionsAllowed ?? 0, age(object, now)];
    },
  },
};
