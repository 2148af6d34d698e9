// autoscaling/v1 HorizontalPodAutoscaler ↔ autoscaling/v2, the version the store keeps, as
// Kubernetes converts between them (pkg/apis/autoscaling/v1/conversion.go):
//  - spec.targetCPUUtilizationPercentage is v2's metric {Resource cpu, Utilization}; the first
//    such metric becomes it, and the other metrics travel in the metrics annotation (placed
//    before the CPU one on the way back). A v1 object with neither gets v2's default, CPU at
//    80% — so it reads back with targetCPUUtilizationPercentage: 80.
//  - status.currentCPUUtilizationPercentage is the (last) current CPU utilization; all current
//    metrics travel in the current-metrics annotation too (the raw values), and win over it
//    on the way back.
//  - the behavior and the conditions travel in their annotations.
// Reading as v1 first drops any round-trip annotations the stored object has; writing v1 reads
// them and drops them. The stored object gets v2's defaults, as Kubernetes applies them when it
// decodes what it stored.
import type { HorizontalPodAutoscaler as V1Autoscaler } from 'kubernetes-types/autoscaling/v1.js';
import type { HorizontalPodAutoscaler as V2Autoscaler, MetricSpec, MetricStatus } from 'kubernetes-types/autoscaling/v2.js';
import type { KubeObject } from '../resource-type.ts';
import { cloneJson } from '../validation/equality.ts';
import {
  behaviorAnnotation,
  conditionsAnnotation,
  decodeAnnotation,
  metricSpecsAnnotation,
  metricStatusesAnnotation,
  readArray,
  withoutRoundTripAnnotations,
} from './hpa-annotations.ts';
import { behaviorToAnnotation, readBehavior } from './hpa-v1-behavior.ts';
import { conditionToV1, metricSpecToV1, metricStatusToV1, readCondition, readMetricSpec, readMetricStatus } from './hpa-v1-metrics.ts';
import { horizontalPodAutoscalerResource } from './horizontal-pod-autoscaler.ts';
import { view } from './object-view.ts';

const kind = 'HorizontalPodAutoscaler';
/** autoscaling.DefaultCPUUtilization: v1 once applied it in the controller; conversion now does. */
const defaultCPUUtilization = 80;

function cpuUtilizationMetric(averageUtilization: number): MetricSpec {
  return { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization } } };
}

function isCPUUtilizationTarget(metric: MetricSpec): boolean {
  return metric.type === 'Resource' && metric.resource?.name === 'cpu' && metric.resource.target?.averageUtilization !== undefined;
}

function withAnnotations(metadata: KubeObject['metadata'], annotations: Record<string, string> | undefined): NonNullable<KubeObject['metadata']> {
  const { annotations: _replaced, ...rest } = metadata ?? {};
  void _replaced;
  return annotations ? { ...rest, annotations } : rest;
}

/** autoscaling/v1 → autoscaling/v2 (the storage version). */
export function hpaV1ToV2(object: KubeObject): KubeObject {
  const copy = cloneJson(object);
  const v1 = view<V1Autoscaler>(copy);
  const spec = v1.spec ?? ({} as NonNullable<V1Autoscaler['spec']>);
  const status = v1.status ?? ({} as NonNullable<V1Autoscaler['status']>);
  const annotations = v1.metadata?.annotations ?? {};

  const metrics: MetricSpec[] = [...(decodeAnnotation(annotations[metricSpecsAnnotation], (json) => readArray(json, readMetricSpec)) ?? [])];
  if (spec.targetCPUUtilizationPercentage !== undefined && spec.targetCPUUtilizationPercentage !== null) metrics.push(cpuUtilizationMetric(spec.targetCPUUtilizationPercentage));
  if (metrics.length === 0) metrics.push(cpuUtilizationMetric(defaultCPUUtilization));
  const behavior = decodeAnnotation(annotations[behaviorAnnotation], readBehavior);

  let currentMetrics: MetricStatus[] | undefined;
  if (status.currentCPUUtilizationPercentage !== undefined && status.currentCPUUtilizationPercentage !== null) {
    currentMetrics = [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: status.currentCPUUtilizationPercentage } } }];
  }
  // The annotation's current metrics carry more (the raw values): they replace the CPU one.
  currentMetrics = decodeAnnotation(annotations[metricStatusesAnnotation], (json) => readArray(json, readMetricStatus)) ?? currentMetrics;
  const conditions = decodeAnnotation(annotations[conditionsAnnotation], (json) => readArray(json, readCondition));

  const v2: V2Autoscaler = {
    apiVersion: 'autoscaling/v2',
    kind,
    spec: {
      scaleTargetRef: spec.scaleTargetRef ?? { kind: '', name: '' },
      ...(spec.minReplicas !== undefined ? { minReplicas: spec.minReplicas } : {}),
      maxReplicas: spec.maxReplicas ?? 0,
      metrics,
      ...(behavior ? { behavior } : {}),
    },
    status: {
      ...(status.observedGeneration !== undefined ? { observedGeneration: status.observedGeneration } : {}),
      ...(status.lastScaleTime !== undefined ? { lastScaleTime: status.lastScaleTime } : {}),
      // v2's currentReplicas is omitempty, its desiredReplicas is not.
      ...(status.currentReplicas ? { currentReplicas: status.currentReplicas } : {}),
      desiredReplicas: status.desiredReplicas ?? 0,
      ...(currentMetrics && currentMetrics.length > 0 ? { currentMetrics } : {}),
      ...(conditions && conditions.length > 0 ? { conditions } : {}),
    },
  };
  const stored: KubeObject = { apiVersion: v2.apiVersion, kind, metadata: withAnnotations(copy.metadata, withoutRoundTripAnnotations(annotations)), spec: v2.spec, status: v2.status };
  horizontalPodAutoscalerResource.defaults(stored);
  return stored;
}

/** autoscaling/v2 (as stored) → autoscaling/v1. */
export function hpaV2ToV1(object: KubeObject): KubeObject {
  const copy = cloneJson(object);
  const v2 = view<V2Autoscaler>(copy);
  const spec = v2.spec ?? ({} as NonNullable<V2Autoscaler['spec']>);
  const status = v2.status ?? ({} as NonNullable<V2Autoscaler['status']>);
  const annotations: Record<string, string> = { ...withoutRoundTripAnnotations(v2.metadata?.annotations) };

  const metrics = spec.metrics ?? [];
  const cpuTarget = metrics.find(isCPUUtilizationTarget)?.resource?.target?.averageUtilization;
  // Every CPU utilization target is left out of the annotation, not only the first (as in Kubernetes).
  const others = metrics.filter((metric) => !isCPUUtilizationTarget(metric));
  if (others.length > 0) annotations[metricSpecsAnnotation] = JSON.stringify(others.map(metricSpecToV1));
  // All current metrics, the CPU one included: the annotation keeps its raw value as well.
  const currentMetrics = status.currentMetrics ?? [];
  if (currentMetrics.length > 0) annotations[metricStatusesAnnotation] = JSON.stringify(currentMetrics.map(metricStatusToV1));
  if (spec.behavior) annotations[behaviorAnnotation] = behaviorToAnnotation(spec.behavior);
  if ((status.conditions ?? []).length > 0) annotations[conditionsAnnotation] = JSON.stringify(status.conditions!.map(conditionToV1));

  // The last current CPU utilization wins: Kubernetes' loop does not stop at the first.
  let currentCPU: number | undefined;
  for (const metric of currentMetrics) {
    if (metric.type === 'Resource' && metric.resource?.name === 'cpu' && metric.resource.current?.averageUtilization !== undefined) currentCPU = metric.resource.current.averageUtilization;
  }

  const v1: V1Autoscaler = {
    apiVersion: 'autoscaling/v1',
    kind,
    spec: {
      scaleTargetRef: spec.scaleTargetRef ?? { kind: '', name: '' },
      ...(spec.minReplicas !== undefined ? { minReplicas: spec.minReplicas } : {}),
      maxReplicas: spec.maxReplicas ?? 0,
      ...(cpuTarget !== undefined ? { targetCPUUtilizationPercentage: cpuTarget } : {}),
    },
    // v1's replica counts are not omitempty: always there, 0 when unset.
    status: {
      ...(status.observedGeneration !== undefined ? { observedGeneration: status.observedGeneration } : {}),
      ...(status.lastScaleTime !== undefined ? { lastScaleTime: status.lastScaleTime } : {}),
      currentReplicas: status.currentReplicas ?? 0,
      desiredReplicas: status.desiredReplicas ?? 0,
      ...(currentCPU !== undefined ? { currentCPUUtilizationPercentage: currentCPU } : {}),
    },
  };
  const metadata = withAnnotations(copy.metadata, Object.keys(annotations).length > 0 ? annotations : undefined);
  return { apiVersion: v1.apiVersion, kind, metadata, spec: v1.spec, status: v1.status };
}
