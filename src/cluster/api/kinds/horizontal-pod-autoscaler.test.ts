import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../resource-type.ts';
import { horizontalPodAutoscalerResource as hpa } from './horizontal-pod-autoscaler.ts';
import { causes, cells, create, messages } from './testing.ts';

function autoscaler(spec: Record<string, unknown> = {}): KubeObject {
  return { metadata: { name: 'web', namespace: 'default' }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, maxReplicas: 5, ...spec } };
}

test('an autoscaler without metrics targets 80% CPU from one replica', () => {
  const { object, errors } = create(hpa, autoscaler());
  assert.deepEqual(errors, []);
  const spec = object.spec as Record<string, unknown>;
  assert.equal(spec.minReplicas, 1);
  assert.deepEqual(spec.metrics, [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }]);
  assert.equal(spec.behavior, undefined);
});

test('a given behavior is completed with the default scaling policies', () => {
  const { object } = create(hpa, autoscaler({ behavior: { scaleDown: { stabilizationWindowSeconds: 60 } } }));
  assert.deepEqual((object.spec as { behavior: unknown }).behavior, {
    scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] },
    scaleDown: { stabilizationWindowSeconds: 60, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] },
  });
});

test('common mistakes in autoscalers', () => {
  assert.deepEqual(messages(create(hpa, autoscaler({ minReplicas: 3, maxReplicas: 2 })).errors), ['spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`']);
  assert.deepEqual(causes(create(hpa, autoscaler({ minReplicas: 0 })).errors), ['spec.minReplicas: FieldValueInvalid']);
  assert.deepEqual(causes(create(hpa, autoscaler({ scaleTargetRef: { kind: 'Deployment' } })).errors), ['spec.scaleTargetRef.name: FieldValueRequired']);
  assert.deepEqual(causes(create(hpa, autoscaler({ metrics: [{ type: 'Resource' }] })).errors), ['spec.metrics[0].resource: FieldValueRequired']);
  assert.deepEqual(causes(create(hpa, autoscaler({ metrics: [{ type: 'Memory' }] })).errors), ['spec.metrics[0].type: FieldValueNotSupported']);
});

test('kubectl get hpa: REFERENCE, TARGETS as current/target, MINPODS, MAXPODS, REPLICAS', () => {
  const { object } = create(hpa, autoscaler({ minReplicas: 2, metrics: [
    { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } },
    { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '512Mi' } } },
  ] }));
  assert.deepEqual(cells(hpa, object), { Name: 'web', Reference: 'Deployment/web', Targets: 'cpu: <unknown>/80%, memory: <unknown>/512Mi', MinPods: '2', MaxPods: 5, Replicas: 0, Age: '60m' });
  object.status = {
    currentReplicas: 3,
    currentMetrics: [
      { type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 42 } } },
      { type: 'Resource', resource: { name: 'memory', current: { averageValue: '300Mi' } } },
    ],
  };
  assert.deepEqual([cells(hpa, object).Targets, cells(hpa, object).Replicas], ['cpu: 42%/80%, memory: 300Mi/512Mi', 3]);
});
