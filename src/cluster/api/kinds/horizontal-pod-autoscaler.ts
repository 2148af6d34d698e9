// autoscaling/v2 HorizontalPodAutoscaler.
import type { HorizontalPodAutoscaler, HPAScalingRules, MetricSpec, MetricStatus, MetricTarget } from 'kubernetes-types/autoscaling/v2.js';
import type { FieldError } from '../field-error.ts';
import type { KubeObject, ResourceType } from '../resource-type.ts';
import { invalid, notSupported, required } from '../validation/errors.ts';
import { isDNS1123Subdomain, nameIsDNSSubdomain } from '../validation/names.ts';
import { Quantity } from '../validation/quantity.ts';
import { canonicalQuantity, validateQuantity } from '../validation/resources.ts';
import { withoutRoundTripAnnotations } from './hpa-annotations.ts';
import { validateMeta } from './meta.ts';
import { child, defaultTo, view } from './object-view.ts';
import { keepStatus } from './strategy.ts';
import { age, ageColumn, column, nameColumn, nameOf } from './table.ts';
import { standardVerbs } from './verbs.ts';

type Spec = NonNullable<HorizontalPodAutoscaler['spec']>;

const metricTypes = ['ContainerResource', 'External', 'Object', 'Pods', 'Resource'];
const targetTypes = ['AverageValue', 'Utilization', 'Value'];
const selectPolicies = ['Disabled', 'Max', 'Min'];
const policyTypes = ['Percent', 'Pods'];
const defaultCPUUtilization = 80;

/** Behavior defaults, filled in only when a behavior is given (GenerateHPAScaleUpRules / ScaleDownRules). */
function defaultRules(rules: HPAScalingRules | undefined, scaleUp: boolean): HPAScalingRules {
  const result: HPAScalingRules = { ...rules };
  if (!result.policies || result.policies.length === 0) {
    result.policies = scaleUp
      ? [
          { type: 'Pods', value: 4, periodSeconds: 15 },
          { type: 'Percent', value: 100, periodSeconds: 15 },
        ]
      : [{ type: 'Percent', value: 100, periodSeconds: 15 }];
  }
  if (result.selectPolicy === undefined) result.selectPolicy = 'Max';
  if (scaleUp && result.stabilizationWindowSeconds === undefined) result.stabilizationWindowSeconds = 0;
  return result;
}

function canonicalTarget(target: MetricTarget | undefined): void {
  if (!target) return;
  if (target.value !== undefined) target.value = canonicalQuantity(target.value) as string;
  if (target.averageValue !== undefined) target.averageValue = canonicalQuantity(target.averageValue) as string;
}

function defaultAutoscaler(object: KubeObject): void {
  // v1's round-trip annotations never reach the store: Kubernetes' conversion from v2 drops
  // them too, so they cannot shadow the fields (this runs on every write, like that conversion).
  const annotations = object.metadata?.annotations;
  if (annotations) {
    const kept = withoutRoundTripAnnotations(annotations);
    if (kept) object.metadata!.annotations = kept;
    else delete object.metadata!.annotations;
  }
  const spec = child<Spec>(object, 'spec');
  defaultTo(spec, 'minReplicas', 1);
  if (!spec.metrics || spec.metrics.length === 0) {
    spec.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: defaultCPUUtilization } } }];
  }
  for (const metric of spec.metrics) {
    canonicalTarget(metric.resource?.target);
    canonicalTarget(metric.containerResource?.target);
    canonicalTarget(metric.pods?.target);
    canonicalTarget(metric.object?.target);
    canonicalTarget(metric.external?.target);
  }
  if (spec.behavior) {
    spec.behavior.scaleUp = defaultRules(spec.behavior.scaleUp, true);
    spec.behavior.scaleDown = defaultRules(spec.behavior.scaleDown, false);
  }
}

function validateTarget(target: MetricTarget | undefined, path: string): FieldError[] {
  if (!target) return [required(path)];
  const errors: FieldError[] = [];
  if (!target.type) errors.push(required(`${path}.type`));
  else if (!targetTypes.includes(target.type)) errors.push(notSupported(`${path}.type`, target.type, targetTypes));
  if (target.averageUtilization !== undefined && target.averageUtilization < 1) {
    errors.push(invalid(`${path}.averageUtilization`, target.averageUtilization, 'must be greater than 0'));
  }
  for (const field of ['value', 'averageValue'] as const) {
    const value = target[field];
    if (value === undefined) continue;
    const { quantity, errors: quantityErrors } = validateQuantity(value, `${path}.${field}`);
    errors.push(...quantityErrors);
    if (quantity && quantity.sign() <= 0) errors.push(invalid(`${path}.${field}`, quantity.toString(), 'must be positive'));
  }
  if (target.type === 'Utilization' && target.averageUtilization === undefined) errors.push(required(`${path}.averageUtilization`, 'must set either a target raw value or a target utilization'));
  if (target.type === 'Value' && target.value === undefined) errors.push(required(`${path}.value`, 'must set either a target value for metric or a per-pod target'));
  if (target.type === 'AverageValue' && target.averageValue === undefined) errors.push(required(`${path}.averageValue`, 'must set either a target value for metric or a per-pod target'));
  return errors;
}

function validateMetric(metric: MetricSpec, path: string): FieldError[] {
  if (!metric.type) return [required(`${path}.type`, 'must specify a metric source type')];
  if (!metricTypes.includes(metric.type)) return [notSupported(`${path}.type`, metric.type, metricTypes)];
  const field = (metric.type.charAt(0).toLowerCase() + metric.type.slice(1)) as 'resource' | 'containerResource' | 'pods' | 'object' | 'external';
  const source = metric[field] as { target?: MetricTarget; name?: string; metric?: { name?: string } } | undefined;
  if (!source) return [required(`${path}.${field}`, 'must populate information for the given metric source')];
  const errors: FieldError[] = [];
  if (field === 'resource' || field === 'containerResource') {
    if (!source.name) errors.push(required(`${path}.${field}.name`));
  } else if (!source.metric?.name) {
    errors.push(required(`${path}.${field}.metric.name`, 'must specify a metric name'));
  }
  errors.push(...validateTarget(source.target, `${path}.${field}.target`));
  return errors;
}

function validateRules(rules: HPAScalingRules | undefined, path: string): FieldError[] {
  if (!rules) return [];
  const errors: FieldError[] = [];
  if (rules.selectPolicy && !selectPolicies.includes(rules.selectPolicy)) errors.push(notSupported(`${path}.selectPolicy`, rules.selectPolicy, selectPolicies));
  if (rules.stabilizationWindowSeconds !== undefined && (rules.stabilizationWindowSeconds < 0 || rules.stabilizationWindowSeconds > 3600)) {
    errors.push(invalid(`${path}.stabilizationWindowSeconds`, rules.stabilizationWindowSeconds, 'must be less than or equal to 3600 and greater than or equal to 0'));
  }
  (rules.policies ?? []).forEach((policy, index) => {
    const policyPath = `${path}.policies[${index}]`;
    if (!policyTypes.includes(policy.type)) errors.push(notSupported(`${policyPath}.type`, policy.type, policyTypes));
    if (!(policy.value > 0)) errors.push(invalid(`${policyPath}.value`, policy.value, 'must be greater than zero'));
    if (!(policy.periodSeconds > 0) || policy.periodSeconds > 1800) {
      errors.push(invalid(`${policyPath}.periodSeconds`, policy.periodSeconds, 'must be greater than zero and less than or equal to 1800'));
    }
  });
  return errors;
}

function validateSpec(spec: Spec): FieldError[] {
  const errors: FieldError[] = [];
  const target = spec.scaleTargetRef ?? ({} as Spec['scaleTargetRef']);
  if (!target.kind) errors.push(required('spec.scaleTargetRef.kind'));
  else if (target.kind.includes('/')) errors.push(invalid('spec.scaleTargetRef.kind', target.kind, "may not contain '/'"));
  if (!target.name) errors.push(required('spec.scaleTargetRef.name'));
  else errors.push(...isDNS1123Subdomain(target.name).map((message) => invalid('spec.scaleTargetRef.name', target.name, message)));
  if (spec.minReplicas !== undefined && spec.minReplicas < 1) errors.push(invalid('spec.minReplicas', spec.minReplicas, 'must be greater than or equal to 1'));
  if (spec.maxReplicas === undefined || spec.maxReplicas < 1) errors.push(invalid('spec.maxReplicas', spec.maxReplicas ?? 0, 'must be greater than 0'));
  else if (spec.minReplicas !== undefined && spec.maxReplicas < spec.minReplicas) errors.push(invalid('spec.maxReplicas', spec.maxReplicas, 'must be greater than or equal to `minReplicas`'));
  (spec.metrics ?? []).forEach((metric, index) => errors.push(...validateMetric(metric, `spec.metrics[${index}]`)));
  errors.push(...validateRules(spec.behavior?.scaleUp, 'spec.behavior.scaleUp'));
  errors.push(...validateRules(spec.behavior?.scaleDown, 'spec.behavior.scaleDown'));
  return errors;
}

function quantityText(value: string | undefined): string {
  return Quantity.parse(value)?.toString() ?? value ?? '0';
}

/** formatHPAMetrics: "cpu: 42%/80%", "<unknown>" for what the controller has not measured, two metrics at most. */
export function targetsCell(specs: MetricSpec[] | undefined, statuses: MetricStatus[] | undefined): string {
  const metrics = specs ?? [];
  if (metrics.length === 0) return '<none>';
  const list = metrics.map((metric, index) => {
    const status = statuses?.[index];
    switch (metric.type) {
      case 'External':
      case 'Object': {
        const source = metric.type === 'External' ? metric.external : metric.object;
        const current = metric.type === 'External' ? status?.external?.current : status?.object?.current;
        if (source?.target?.averageValue !== undefined) {
          return `${current?.averageValue !== undefined ? quantityText(current.averageValue) : '<unknown>'}/${quantityText(source.target.averageValue)} (avg)`;
        }
        return `${current ? quantityText(current.value) : '<unknown>'}/${quantityText(source?.target?.value)}`;
      }
      case 'Pods':
        return `${status?.pods ? quantityText(status.pods.current?.averageValue) : '<unknown>'}/${quantityText(metric.pods?.target?.averageValue)}`;
      case 'Resource':
      case 'ContainerResource': {
        const source = metric.type === 'Resource' ? metric.resource : metric.containerResource;
        const current = metric.type === 'Resource' ? status?.resource : status?.containerResource;
        if (source?.target?.averageValue !== undefined) {
          return `${source.name}: ${current ? quantityText(current.current?.averageValue) : '<unknown>'}/${quantityText(source.target.averageValue)}`;
        }
        const utilization = current?.current?.averageUtilization;
        const target = source?.target?.averageUtilization;
        return `${source?.name ?? ''}: ${utilization !== undefined ? `${utilization}%` : '<unknown>'}/${target !== undefined ? `${target}%` : '<auto>'}`;
      }
      default:
        return '<unknown type>';
    }
  });
  const shown = list.slice(0, 2).join(', ');
  return list.length > 2 ? `${shown} + ${list.length - 2} more...` : shown;
}

export const horizontalPodAutoscalerResource: ResourceType = {
  group: 'autoscaling',
  version: 'v2',
  kind: 'HorizontalPodAutoscaler',
  listKind: 'HorizontalPodAutoscalerList',
  plural: 'horizontalpodautoscalers',
  singular: 'horizontalpodautoscaler',
  namespaced: true,
  shortNames: ['hpa'],
  categories: ['all'],
  verbs: standardVerbs,
  subresources: { status: true },

  defaults: defaultAutoscaler,

  validate: (object, old) => [...validateMeta(object, old, { namespaced: true, name: nameIsDNSSubdomain }), ...validateSpec(view<HorizontalPodAutoscaler>(object).spec ?? ({} as Spec))],

  prepareForCreate(object) {
    object.status = { desiredReplicas: 0 };
  },

  prepareForUpdate(object, old) {
    keepStatus(object, old);
  },

  table: {
    columns: [
      nameColumn(),
      column('Reference', 'scaleTargetRef points to the target resource to scale, and is used to the pods for which metrics should be collected, as well as to actually change the replica count.'),
      column('Targets', 'metrics contains the specifications for which to use to calculate the desired replica count.'),
      column('MinPods', 'minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down.'),
      column('MaxPods', 'maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up.'),
      column('Replicas', 'currentReplicas is current number of replicas of pods managed by this autoscaler.'),
      ageColumn(),
    ],
    row(object, now) {
      const autoscaler = view<HorizontalPodAutoscaler>(object);
      const spec = autoscaler.spec;
      return [
        nameOf(object),
        `${spec?.scaleTargetRef?.kind ?? ''}/${spec?.scaleTargetRef?.name ?? ''}`,
        targetsCell(spec?.metrics, autoscaler.status?.currentMetrics),
        spec?.minReplicas !== undefined ? String(spec.minReplicas) : '<unset>',
        spec?.maxReplicas ?? 0,
        autoscaler.status?.currentReplicas ?? 0,
        age(object, now),
      ];
    },
  },
};
