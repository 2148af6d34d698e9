import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../resource-type.ts';
import { horizontalPodAutoscalerV1Resource as hpa } from './horizontal-pod-autoscaler-v1.ts';
import { causes, cells, create, messages, update } from './testing.ts';

const metricsAnnotation = 'autoscaling.alpha.kubernetes.io/metrics';
const currentMetricsAnnotation = 'autoscaling.alpha.kubernetes.io/current-metrics';

/** What kubectl 1.32's `kubectl autoscale deployment web --min=1 --max=3 --cpu-percent=50` sends. */
function autoscaler(spec: Record<string, unknown> = {}, annotations?: Record<string, string>): KubeObject {
  return {
    apiVersion: 'autoscaling/v1',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'web', namespace: 'default', ...(annotations ? { annotations } : {}) },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 3, targetCPUUtilizationPercentage: 50, ...spec },
  };
}

test('served as autoscaling/v1 beside v2, converted to and stored as v2', () => {
  assert.equal(hpa.group, 'autoscaling');
  assert.equal(hpa.version, 'v1');
  assert.equal(hpa.plural, 'horizontalpodautoscalers');
  assert.deepEqual(hpa.shortNames, ['hpa']);
  assert.equal(hpa.storageConversion?.storageVersion, 'v2');
});

test('defaults: minReplicas 1; the CPU target is left unset (the conversion supplies 80%)', () => {
  const { object, errors } = create(hpa, autoscaler({ minReplicas: undefined, targetCPUUtilizationPercentage: undefined }));
  assert.deepEqual(errors, []);
  assert.deepEqual(object.spec, { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 3 });
  // Create resets the status to Go's zero value: v1's two counts are always written.
  assert.deepEqual(object.status, { currentReplicas: 0, desiredReplicas: 0 });
  // Read back, the object shows the 80% target Kubernetes' conversion applies.
  const stored = hpa.storageConversion!.toStorage(object);
  assert.equal((hpa.storageConversion!.fromStorage(stored).spec as { targetCPUUtilizationPercentage?: number }).targetCPUUtilizationPercentage, 80);
});

test('validation reports v1 fields at their v1 paths', () => {
  assert.deepEqual(messages(create(hpa, autoscaler({ targetCPUUtilizationPercentage: 0 })).errors), ['spec.targetCPUUtilizationPercentage: Invalid value: 0: must be greater than 0']);
  assert.deepEqual(messages(create(hpa, autoscaler({ minReplicas: 4 })).errors), ['spec.maxReplicas: Invalid value: 3: must be greater than or equal to `minReplicas`']);
  assert.deepEqual(causes(create(hpa, autoscaler({ minReplicas: 0 })).errors), ['spec.minReplicas: FieldValueInvalid']);
  assert.deepEqual(causes(create(hpa, autoscaler({ maxReplicas: 0 })).errors), ['spec.maxReplicas: FieldValueInvalid']);
  assert.deepEqual(causes(create(hpa, autoscaler({ scaleTargetRef: { kind: 'Deployment' } })).errors), ['spec.scaleTargetRef.name: FieldValueRequired']);
  assert.deepEqual(causes(create(hpa, { ...autoscaler(), metadata: { namespace: 'default' } }).errors), ['metadata.name: FieldValueRequired']);
});

test('metrics from the annotation are validated where Kubernetes reports them: the internal spec.metrics', () => {
  const bad = JSON.stringify([{ type: 'Pods', pods: { metricName: '', targetAverageValue: '1k' } }]);
  assert.deepEqual(causes(create(hpa, autoscaler({}, { [metricsAnnotation]: bad })).errors), ['spec.metrics[0].pods.metric.name: FieldValueRequired']);
  // The CPU target follows the annotation's metrics, and keeps its v1 path.
  const good = JSON.stringify([{ type: 'Pods', pods: { metricName: 'qps', targetAverageValue: '1k' } }]);
  assert.deepEqual(causes(create(hpa, autoscaler({ targetCPUUtilizationPercentage: -5 }, { [metricsAnnotation]: good })).errors), ['spec.targetCPUUtilizationPercentage: FieldValueInvalid']);
});

test('kubectl get hpa: the same columns as v2, TARGETS of the converted metrics', () => {
  const { object } = create(hpa, autoscaler());
  assert.deepEqual(cells(hpa, object), { Name: 'web', Reference: 'Deployment/web', Targets: 'cpu: <unknown>/50%', MinPods: '1', MaxPods: 3, Replicas: 0, Age: '60m' });
  object.status = { currentReplicas: 2, desiredReplicas: 2, currentCPUUtilizationPercentage: 42 };
  assert.deepEqual([cells(hpa, object).Targets, cells(hpa, object).Replicas], ['cpu: 42%/50%', 2]);
  // No target at all: the 80% default, as `kubectl get hpa` shows it.
  assert.equal(cells(hpa, create(hpa, autoscaler({ targetCPUUtilizationPercentage: undefined })).object).Targets, 'cpu: <unknown>/80%');
});

test('an update keeps the stored status, including the part v1 holds in annotations', () => {
  const stored: KubeObject = {
    ...autoscaler({}, { team: 'a', [currentMetricsAnnotation]: '[{"type":"Resource","resource":{"name":"cpu","currentAverageUtilization":42,"currentAverageValue":"120m"}}]' }),
    status: { currentReplicas: 2, desiredReplicas: 2, currentCPUUtilizationPercentage: 42 },
  };
  const { object, errors } = update(hpa, stored, { ...autoscaler({ maxReplicas: 5 }, { team: 'b' }), status: { currentReplicas: 9, desiredReplicas: 9 } });
  assert.deepEqual(errors, []);
  assert.deepEqual(object.status, { currentReplicas: 2, desiredReplicas: 2, currentCPUUtilizationPercentage: 42 });
  assert.deepEqual(object.metadata?.annotations, { team: 'b', [currentMetricsAnnotation]: stored.metadata!.annotations![currentMetricsAnnotation] });
  assert.equal((object.spec as { maxReplicas: number }).maxReplicas, 5);
});
