import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cpuQuantity, goDuration, memoryQuantity, metricsList, nodeMetrics, podMetrics } from './metrics-objects.ts';

test('CPU quantities are canonical from nanocores, memory quantities binary SI from bytes', () => {
  assert.equal(cpuQuantity(123_456_789), '123456789n');
  assert.equal(cpuQuantity(250_000_000), '250m');
  assert.equal(cpuQuantity(2_000_000_000), '2');
  assert.equal(cpuQuantity(5_000), '5u');
  assert.equal(cpuQuantity(0), '0');
  assert.equal(memoryQuantity(4096), '4Ki');
  assert.equal(memoryQuantity(512 * 1024 * 1024), '512Mi');
  assert.equal(memoryQuantity(1_073_741_824), '1Gi');
  assert.equal(memoryQuantity(4097), '4097');
  assert.equal(memoryQuantity(1000), '1k'); // below 1024 Kubernetes writes decimal SI
});

test('windows are written as Go durations', () => {
  assert.equal(goDuration(15_000), '15s');
  assert.equal(goDuration(15_012), '15.012s');
  assert.equal(goDuration(1_000), '1s');
  assert.equal(goDuration(60_500), '1m0.5s');
  assert.equal(goDuration(3_600_000), '1h0m0s');
  assert.equal(goDuration(250), '250ms');
  assert.equal(goDuration(0), '0s');
});

test('NodeMetrics and PodMetrics carry the object\'s name and labels, timestamp, window and usage', () => {
  const now = new Date('2026-11-22T07:00:30.500Z');
  const usage = { timestampMs: Date.parse('2026-11-22T07:00:29.900Z'), windowMs: 15_010, cpuNanocores: 150_000_000, memoryBytes: 256 * 1024 * 1024 };
  assert.deepEqual(nodeMetrics({ metadata: { name: 'n1', labels: { 'kubernetes.io/hostname': 'n1' } } }, usage, now), {
    kind: 'NodeMetrics',
    apiVersion: 'metrics.k8s.io/v1beta1',
    metadata: { name: 'n1', creationTimestamp: '2026-11-22T07:00:30Z', labels: { 'kubernetes.io/hostname': 'n1' } },
    timestamp: '2026-11-22T07:00:29Z',
    window: '15.01s',
    usage: { cpu: '150m', memory: '256Mi' },
  });
  const pod = podMetrics({ metadata: { name: 'web', namespace: 'default' } }, { timestampMs: usage.timestampMs, windowMs: 15_000, containers: [{ name: 'app', usage: { ...usage, cpuNanocores: 1_234_567 } }] }, now);
  assert.deepEqual(pod, {
    kind: 'PodMetrics',
    apiVersion: 'metrics.k8s.io/v1beta1',
    metadata: { name: 'web', namespace: 'default', creationTimestamp: '2026-11-22T07:00:30Z' },
    timestamp: '2026-11-22T07:00:29Z',
    window: '15s',
    containers: [{ name: 'app', usage: { cpu: '1234567n', memory: '256Mi' } }],
  });
  assert.deepEqual(metricsList('PodMetricsList', [pod]), { kind: 'PodMetricsList', apiVersion: 'metrics.k8s.io/v1beta1', metadata: {}, items: [pod] });
});
