// The v1 ↔ v2 conversions of HorizontalPodAutoscalers, with expectations taken from what
// Kubernetes documents and does (pkg/apis/autoscaling/v1/conversion.go and its annotations):
// v1's CPU target is a v2 Resource/cpu/Utilization metric, and what v1 cannot hold travels in
// the autoscaling.alpha.kubernetes.io/* annotations in v1's own (flat) metric form.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../resource-type.ts';
import { horizontalPodAutoscalerV1Resource as v1 } from './horizontal-pod-autoscaler-v1.ts';
import { horizontalPodAutoscalerResource as v2 } from './horizontal-pod-autoscaler.ts';
import { hpaV1ToV2 as toV2, hpaV2ToV1 as toV1 } from './hpa-v1-conversion.ts';
import { create, update } from './testing.ts';

const annotation = {
  metrics: 'autoscaling.alpha.kubernetes.io/metrics',
  currentMetrics: 'autoscaling.alpha.kubernetes.io/current-metrics',
  conditions: 'autoscaling.alpha.kubernetes.io/conditions',
  behavior: 'autoscaling.alpha.kubernetes.io/behavior',
};

const meta = { name: 'web', namespace: 'default', uid: 'u-1', creationTimestamp: '2025-03-01T11:00:00Z' };
const target = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' };
const cpu = (averageUtilization: number) => ({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization } } });

function v1Object(spec: Record<string, unknown>, status: Record<string, unknown> = { currentReplicas: 0, desiredReplicas: 0 }, annotations?: Record<string, string>): KubeObject {
  return { apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { ...meta, ...(annotations ? { annotations } : {}) }, spec: { scaleTargetRef: target, ...spec }, status };
}

function v2Object(spec: Record<string, unknown>, status: Record<string, unknown> = { desiredReplicas: 0 }, annotations?: Record<string, string>): KubeObject {
  return { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { ...meta, ...(annotations ? { annotations } : {}) }, spec: { scaleTargetRef: target, ...spec }, status };
}

test('targetCPUUtilizationPercentage is a CPU utilization metric in v2, and back', () => {
  const object = v1Object({ minReplicas: 1, maxReplicas: 3, targetCPUUtilizationPercentage: 50 });
  const stored = toV2(object);
  assert.deepEqual(stored, v2Object({ minReplicas: 1, maxReplicas: 3, metrics: [cpu(50)] }));
  assert.deepEqual(toV1(stored), object);
});

test('v1 → store (v2) → v1 through the kind, as the server writes and reads it', () => {
  const { object, errors } = create(v1, v1Object({ maxReplicas: 3, targetCPUUtilizationPercentage: 50 }, {}, { team: 'web' }));
  assert.deepEqual(errors, []);
  const { toStorage, fromStorage } = v1.storageConversion!;
  assert.deepEqual(fromStorage(toStorage(object)), object);
  // Through a status with a current CPU utilization as well: v1 → v2 → v1 keeps it, and
  // Kubernetes adds the current-metrics annotation with the raw value v1 has no field for.
  const withStatus = { ...object, status: { currentReplicas: 2, desiredReplicas: 3, currentCPUUtilizationPercentage: 70, lastScaleTime: '2025-03-01T11:30:00Z' } };
  const read = fromStorage(toStorage(withStatus));
  assert.deepEqual(read.status, withStatus.status);
  assert.deepEqual(read.metadata?.annotations, { team: 'web', [annotation.currentMetrics]: '[{"type":"Resource","resource":{"name":"cpu","currentAverageUtilization":70,"currentAverageValue":"0"}}]' });
  // And that annotation read back changes nothing: the round trip is stable from there on.
  assert.deepEqual(fromStorage(toStorage(read)), read);
});

test('a v1 object without a CPU target is stored with the 80% default', () => {
  assert.deepEqual((toV2(v1Object({ minReplicas: 1, maxReplicas: 3 })).spec as { metrics: unknown }).metrics, [cpu(80)]);
});

test('v2 metrics v1 cannot express go to the metrics annotation, in v1’s flat form', () => {
  const stored = v2Object({
    minReplicas: 2,
    maxReplicas: 10,
    metrics: [
      { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '512Mi' } } },
      cpu(60),
      { type: 'Pods', pods: { metric: { name: 'packets-per-second' }, target: { type: 'AverageValue', averageValue: '1k' } } },
      { type: 'Object', object: { describedObject: { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', name: 'main' }, metric: { name: 'requests-per-second' }, target: { type: 'Value', value: '10k' } } },
      { type: 'External', external: { metric: { name: 'queue', selector: { matchLabels: { queue: 'jobs' } } }, target: { type: 'AverageValue', averageValue: '30' } } },
    ],
  });
  const read = toV1(stored);
  assert.deepEqual(read.spec, { scaleTargetRef: target, minReplicas: 2, maxReplicas: 10, targetCPUUtilizationPercentage: 60 });
  assert.deepEqual(JSON.parse(read.metadata!.annotations![annotation.metrics]!), [
    { type: 'Resource', resource: { name: 'memory', targetAverageValue: '512Mi' } },
    // A Pods target's average and an Object target's value are Go non-pointers in v1.
    { type: 'Pods', pods: { metricName: 'packets-per-second', targetAverageValue: '1k' } },
    { type: 'Object', object: { target: { kind: 'Ingress', name: 'main', apiVersion: 'networking.k8s.io/v1' }, metricName: 'requests-per-second', targetValue: '10k' } },
    { type: 'External', external: { metricName: 'queue', metricSelector: { matchLabels: { queue: 'jobs' } }, targetAverageValue: '30' } },
  ]);
  // Written back through v1, the metrics return — the CPU one after the others, where
  // Kubernetes puts it — with the target types rebuilt from the values set.
  assert.deepEqual((toV2(read).spec as { metrics: unknown[] }).metrics, [
    { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '512Mi' } } },
    { type: 'Pods', pods: { metric: { name: 'packets-per-second' }, target: { type: 'AverageValue', averageValue: '1k' } } },
    { type: 'Object', object: { describedObject: { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', name: 'main' }, metric: { name: 'requests-per-second' }, target: { type: 'Value', value: '10k' } } },
    { type: 'External', external: { metric: { name: 'queue', selector: { matchLabels: { queue: 'jobs' } } }, target: { type: 'AverageValue', averageValue: '30' } } },
    cpu(60),
  ]);
});

test('a v2 object with extra metrics, read as v1 and written back (kubectl edit/replace), keeps them', () => {
  const stored = create(v2, v2Object({ maxReplicas: 4, metrics: [cpu(70), { type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 60 } } }], behavior: { scaleDown: { stabilizationWindowSeconds: 120 } } })).object;
  const read = v1.storageConversion!.fromStorage(stored);
  // The client changes maxReplicas and sends the rest back as it read it.
  const { object, errors } = update(v1, read, { ...read, spec: { ...(read.spec as object), maxReplicas: 6 } });
  assert.deepEqual(errors, []);
  const written = v1.storageConversion!.toStorage(object);
  const spec = written.spec as Record<string, unknown>;
  assert.equal(spec.maxReplicas, 6);
  assert.deepEqual(spec.metrics, [{ type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 60 } } }, cpu(70)]);
  assert.deepEqual(spec.behavior, (stored.spec as { behavior: unknown }).behavior);
  assert.equal(written.metadata?.annotations, undefined);
});

test('the behavior annotation holds Kubernetes’ internal type: Go field names, null for unset', () => {
  const stored = create(v2, v2Object({ maxReplicas: 4, behavior: { scaleUp: { selectPolicy: 'Disabled' } } })).object;
  const value = toV1(stored).metadata!.annotations![annotation.behavior]!;
  assert.equal(
    value,
    '{"ScaleUp":{"StabilizationWindowSeconds":0,"SelectPolicy":"Disabled","Policies":[{"Type":"Pods","Value":4,"PeriodSeconds":15},{"Type":"Percent","Value":100,"PeriodSeconds":15}]},' +
      '"ScaleDown":{"StabilizationWindowSeconds":null,"SelectPolicy":"Max","Policies":[{"Type":"Percent","Value":100,"PeriodSeconds":15}]}}',
  );
  // encoding/json matches keys case-insensitively: v2's camelCase is read as well.
  const camel = toV2(v1Object({ maxReplicas: 4 }, undefined, { [annotation.behavior]: '{"scaleDown":{"stabilizationWindowSeconds":30}}' }));
  assert.equal((camel.spec as { behavior: { scaleDown: { stabilizationWindowSeconds: number } } }).behavior.scaleDown.stabilizationWindowSeconds, 30);
  // A behavior that sets neither direction leaves it unset.
  assert.equal((toV2(v1Object({ maxReplicas: 4 }, undefined, { [annotation.behavior]: '{}' })).spec as { behavior?: unknown }).behavior, undefined);
});

test('status: the last current CPU utilization, all current metrics and the conditions in annotations', () => {
  const stored = v2Object({ maxReplicas: 4, metrics: [cpu(50)] }, {
    currentReplicas: 3,
    desiredReplicas: 4,
    currentMetrics: [
      { type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 40, averageValue: '200m' } } },
      { type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 65, averageValue: '325m' } } },
    ],
    conditions: [{ type: 'AbleToScale', status: 'True', lastTransitionTime: '2025-03-01T11:05:00Z', reason: 'SucceededRescale', message: 'the HPA controller was able to update the target scale to 4' }],
  });
  const read = toV1(stored);
  assert.deepEqual(read.status, { currentReplicas: 3, desiredReplicas: 4, currentCPUUtilizationPercentage: 65 });
  assert.deepEqual(JSON.parse(read.metadata!.annotations![annotation.currentMetrics]!), [
    { type: 'Resource', resource: { name: 'cpu', currentAverageUtilization: 40, currentAverageValue: '200m' } },
    { type: 'Resource', resource: { name: 'cpu', currentAverageUtilization: 65, currentAverageValue: '325m' } },
  ]);
  assert.equal(
    read.metadata!.annotations![annotation.conditions],
    '[{"type":"AbleToScale","status":"True","lastTransitionTime":"2025-03-01T11:05:00Z","reason":"SucceededRescale","message":"the HPA controller was able to update the target scale to 4"}]',
  );
  // Written back, the annotations win over currentCPUUtilizationPercentage and restore the status.
  assert.deepEqual(toV2(read).status, stored.status);
});

test('round-trip annotations never reach the store: undecodable ones are dropped, v2 writes drop them too', () => {
  const garbled = toV2(v1Object({ maxReplicas: 4, targetCPUUtilizationPercentage: 50 }, undefined, { [annotation.metrics]: '[{"type":"Pods","pods":{"metricName":7}}]', [annotation.conditions]: 'not json', keep: 'me' }));
  assert.deepEqual((garbled.spec as { metrics: unknown }).metrics, [cpu(50)]);
  assert.deepEqual(garbled.metadata?.annotations, { keep: 'me' });
  // Kubernetes drops them from v2 writes as well, so a stale one cannot shadow the fields.
  const written = create(v2, v2Object({ maxReplicas: 4 }, undefined, { [annotation.metrics]: '[]', [annotation.behavior]: '{}' })).object;
  assert.equal(written.metadata?.annotations, undefined);
  // And reading as v1 rebuilds them from the fields, never passing old ones through.
  assert.equal(toV1(v2Object({ maxReplicas: 4, metrics: [cpu(50)] }, undefined, { [annotation.metrics]: '[{"type":"Pods"}]' })).metadata?.annotations, undefined);
});
