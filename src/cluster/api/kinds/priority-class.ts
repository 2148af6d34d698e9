// scheduling.k8s.io/v1 PriorityClass: a cluster-wide name for a pod priority. Names starting
// with "system-" belong to the two classes Kubernetes defines itself (with their exact value
// and not the global default); other classes may not go above one billion. After creation
// only its description, globalDefault, labels and annotations may change: value and
// preemptionPolicy are immutable. As in Kubernetes, an update is not checked against the
// creation rules again (ValidatePriorityClassUpdate).
import type { PriorityClass } from 'kubernetes-types/scheduling/v1.js';
import type { FieldError } from '../field-error.ts';
import type { ResourceType } from '../resource-type.ts';
import { fieldImmutable, forbidden, invalid, notSupported, required } from '../validation/errors.ts';
import { nameIsDNSSubdomain } from '../validation/names.ts';
import { validateMeta } from './meta.ts';
import { defaultTo, view } from './object-view.ts';
import { startGeneration } from './strategy.ts';
import { age, ageColumn, column, nameColumn, nameOf } from './table.ts';
import { standardVerbs } from './verbs.ts';

const systemPrefix = 'system-';
/** scheduling.HighestUserDefinablePriority; SystemCriticalPriority is twice it. */
const highestUserDefinablePriority = 1_000_000_000;
const systemCriticalPriority = 2 * highestUserDefinablePriority;
const preemptionPolicies = ['PreemptLowerPriority', 'Never'];

/**
 * The system priority classes (pkg/apis/scheduling: SystemPriorityClasses). The API server
 * creates them at start-up and refuses to delete them; validation allows the "system-" prefix
 * only for them.
 */
export const systemPriorityClasses: readonly Readonly<PriorityClass>[] = [
  {
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    metadata: { name: 'system-node-critical' },
    value: systemCriticalPriority + 1000,
    description: 'Used for system critical pods that must not be moved from their current node.',
  },
  {
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    metadata: { name: 'system-cluster-critical' },
    value: systemCriticalPriority,
    description: 'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.',
  },
];

/** IsKnownSystemPriorityClass: why a "system-" class is not one of them, or undefined when it is. */
function notASystemClass(priorityClass: PriorityClass, name: string): string | undefined {
  const system = systemPriorityClasses.find((candidate) => candidate.metadata?.name === name);
  if (!system) return `${name} is not a known system priority class`;
  if (system.value !== priorityClass.value) return `value of ${name} PriorityClass must be ${system.value}`;
  if ((system.globalDefault ?? false) !== (priorityClass.globalDefault ?? false)) return `globalDefault of ${name} PriorityClass must be ${system.globalDefault ?? false}`;
  return undefined;
}

/** ValidatePreemptionPolicy. */
function validatePreemptionPolicy(policy: string | undefined): FieldError[] {
  if (policy === undefined || policy === null) return [];
  if (policy === '') return [required('preemptionPolicy')];
  return preemptionPolicies.includes(policy) ? [] : [notSupported('preemptionPolicy', policy, preemptionPolicies)];
}

function validateNew(priorityClass: PriorityClass): FieldError[] {
  const errors: FieldError[] = [];
  const name = priorityClass.metadata?.name ?? '';
  // Go's decoder refuses anything but an int32 here; stand in for it.
  if (!Number.isInteger(priorityClass.value) || priorityClass.value < -(2 ** 31) || priorityClass.value >= 2 ** 31) {
    errors.push(invalid('value', priorityClass.value, 'must be a 32-bit integer'));
  } else if (name.startsWith(systemPrefix)) {
    const reason = notASystemClass(priorityClass, name);
    if (reason) errors.push(forbidden('metadata.name', `priority class names with '${systemPrefix}' prefix are reserved for system use only. error: ${reason}`));
  } else if (priorityClass.value > highestUserDefinablePriority) {
    errors.push(forbidden('value', `maximum allowed value of a user defined priority is ${highestUserDefinablePriority}`));
  }
  errors.push(...validatePreemptionPolicy(priorityClass.preemptionPolicy));
  return errors;
}

function validateUpdate(priorityClass: PriorityClass, old: PriorityClass): FieldError[] {
  const errors: FieldError[] = [];
  if (priorityClass.value !== old.value) errors.push(forbidden('value', 'may not be changed in an update.'));
  if (priorityClass.preemptionPolicy !== old.preemptionPolicy) errors.push(invalid('preemptionPolicy', priorityClass.preemptionPolicy ?? null, fieldImmutable));
  return errors;
}

export const priorityClassResource: ResourceType = {
  group: 'scheduling.k8s.io',
  version: 'v1',
  kind: 'PriorityClass',
  listKind: 'PriorityClassList',
  plural: 'priorityclasses',
  singular: 'priorityclass',
  namespaced: false,
  shortNames: ['pc'],
  categories: [],
  verbs: standardVerbs,
  subresources: {},

  defaults(object) {
    const priorityClass = view<PriorityClass>(object);
    // value is a Go int32 without omitempty: an object sent without it decodes as 0.
    defaultTo(priorityClass, 'value', 0);
    defaultTo(priorityClass, 'preemptionPolicy', 'PreemptLowerPriority');
  },

  validate(object, old) {
    const priorityClass = view<PriorityClass>(object);
    const errors: FieldError[] = validateMeta(object, old, { namespaced: false, name: nameIsDNSSubdomain });
    errors.push(...(old ? validateUpdate(priorityClass, view<PriorityClass>(old)) : validateNew(priorityClass)));
    return errors;
  },

  /** Generation 1 on create; Kubernetes' strategy never bumps it. */
  prepareForCreate: startGeneration,

  table: {
    columns: [
      nameColumn(),
      column('Value', 'value represents the integer value of this priority class. This is the actual priority that pods receive when they have the name of this class in their pod spec.', { type: 'integer' }),
      column(
        'Global-Default',
        'globalDefault specifies whether this PriorityClass should be considered as the default priority for pods that do not have any priority class. Only one PriorityClass can be marked as `globalDefault`. However, if more than one PriorityClasses exists with their `globalDefault` field set to true, the smallest value of such global default PriorityClasses will be used as the default priority.',
        { type: 'boolean' },
      ),
      ageColumn(),
      // Added in Kubernetes 1.32, after AGE, and rendered only in wide tables — which the server always renders.
      column('PreemptionPolicy', 'preemptionPolicy is the Policy for preempting pods with lower priority. One of Never, PreemptLowerPriority. Defaults to PreemptLowerPriority if unset.'),
    ],
    row(object, now) {
      const priorityClass = view<PriorityClass>(object);
      return [nameOf(object), priorityClass.value ?? 0, priorityClass.globalDefault ?? false, age(object, now), priorityClass.preemptionPolicy ?? ''];
    },
  },
};
