import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Sample } from '../../../util/prometheus-text.ts';
import { batchOf, MetricsStore } from './metrics-store.ts';

function scrape(t: number, nodeCpu: number, containers: [pod: string, container: string, cpu: number, memory: number][]): Sample[] {
  return [
    { name: 'node_cpu_usage_seconds_total', labels: {}, value: nodeCpu, timestampMs: t },
    { name: 'node_memory_working_set_bytes', labels: {}, value: 1 << 30, timestampMs: t },
    ...containers.flatMap(([pod, container, cpu, memory]): Sample[] => [
      { name: 'container_cpu_usage_seconds_total', labels: { container, namespace: 'default', pod }, value: cpu, timestampMs: t },
      { name: 'container_memory_working_set_bytes', labels: { container, namespace: 'default', pod }, value: memory, timestampMs: t },
    ]),
    { name: 'pod_cpu_usage_seconds_total', labels: { namespace: 'default', pod: 'ignored' }, value: 1, timestampMs: t },
    { name: 'scrape_error', labels: {}, value: 0 },
  ];
}

test('batchOf groups the container samples by pod and ignores other metrics', () => {
  const batch = batchOf(scrape(1000, 5, [['web', 'app', 1, 4096], ['web', 'side', 2, 8192]]));
  assert.deepEqual(batch.node, { timestampMs: 1000, cpuSeconds: 5, memoryBytes: 1 << 30 });
  assert.deepEqual([...batch.pods.keys()], ['default/web']);
  assert.deepEqual(batch.pods.get('default/web')?.get('side'), { timestampMs: 1000, cpuSeconds: 2, memoryBytes: 8192 });
});

test('one scrape gives no metrics; two give the CPU rate over the window between them', () => {
  const store = new MetricsStore();
  store.storeNode('n1', batchOf(scrape(10_000, 100, [['web', 'app', 10, 4096]])));
  assert.equal(store.nodeUsage('n1'), undefined, 'metrics-server needs two scrapes for a rate');
  assert.equal(store.podUsage('default', 'web'), undefined);
  store.storeNode('n1', batchOf(scrape(12_000, 103, [['web', 'app', 10.4, 8192]])));
  assert.deepEqual(store.nodeUsage('n1'), { timestampMs: 12_000, windowMs: 2000, cpuNanocores: 1_500_000_000, memoryBytes: 1 << 30 });
  assert.deepEqual(store.podUsage('default', 'web'), {
    timestampMs: 12_000,
    windowMs: 2000,
    containers: [{ name: 'app', usage: { timestampMs: 12_000, windowMs: 2000, cpuNanocores: 200_000_000, memoryBytes: 8192 } }],
  });
  assert.equal(store.podUsage('default', 'other'), undefined);
});

test('a restarted container (counter went down) and a repeated reading start no bogus rate', () => {
  const store = new MetricsStore();
  store.storeNode('n1', batchOf(scrape(1000, 1, [['web', 'app', 50, 1]])));
  store.storeNode('n1', batchOf(scrape(2000, 2, [['web', 'app', 0.1, 1]])));
  assert.equal(store.podUsage('default', 'web'), undefined);
  store.storeNode('n1', batchOf(scrape(2000, 2, [['web', 'app', 0.1, 1]])));
  assert.equal(store.podUsage('default', 'web'), undefined, 'the same timestamp again is not a second sample');
  store.storeNode('n1', batchOf(scrape(3000, 3, [['web', 'app', 0.2, 1]])));
  assert.equal(store.podUsage('default', 'web')?.containers[0]?.usage.cpuNanocores, 100_000_000);
});

test('containers a node no longer reports, and nodes no longer retained, are forgotten', () => {
  const store = new MetricsStore();
  store.storeNode('n1', batchOf(scrape(1000, 1, [['web', 'app', 1, 1]])));
  store.storeNode('n1', batchOf(scrape(2000, 2, [['web', 'app', 2, 1]])));
  store.storeNode('n1', batchOf(scrape(3000, 3, [])));
  assert.equal(store.podUsage('default', 'web'), undefined);
  assert.ok(store.nodeUsage('n1'));
  store.retainNodes(new Set());
  assert.equal(store.nodeUsage('n1'), undefined);
});
