import assert from 'node:assert/strict';
import { test } from 'node:test';
import { collectResourceMetrics, nodeUsageOf } from './resource-metrics.ts';
import type { ContainerStats, PodSandbox, RuntimeService } from './runtime-service.ts';

test('node usage: busy /proc/stat ticks in seconds, MemTotal − MemAvailable in bytes', () => {
  const stat = 'cpu  1000 50 300 90000 700 20 30 5 0 0\ncpu0 500 25 150 45000 350 10 15 2 0 0\n';
  const meminfo = 'MemTotal:        8000000 kB\nMemFree:         1000000 kB\nMemAvailable:    6000000 kB\n';
  assert.deepEqual(nodeUsageOf(stat, meminfo, 1234), { timestampMs: 1234, cpuUsageSeconds: (1000 + 50 + 300 + 20 + 30 + 5) / 100, memoryWorkingSetBytes: 2000000 * 1024 });
  assert.throws(() => nodeUsageOf('intr 1\n', meminfo, 0), /no "cpu" line/);
  assert.throws(() => nodeUsageOf(stat, 'MemTotal: 1 kB\n', 0), /MemAvailable/);
});

function fakeRuntime(sandboxes: PodSandbox[], stats: ContainerStats[]): RuntimeService {
  return { listPodSandbox: async () => sandboxes, listContainerStats: async () => stats } as Partial<RuntimeService> as RuntimeService;
}

const sandbox = (id: string, namespace: string, name: string): PodSandbox => ({ id, metadata: { name, namespace, uid: `uid-${id}`, attempt: 0 }, state: 'READY', createdAt: '', labels: {}, annotations: {} });
const stats = (podSandboxId: string, name: string, cpuNs: number, memory: number, timestampMs: number): ContainerStats => ({
  containerId: `${podSandboxId}-${name}`,
  podSandboxId,
  metadata: { name, attempt: 0 },
  timestampMs,
  cpuUsageCoreNanoSeconds: cpuNs,
  memoryWorkingSetBytes: memory,
});

test('containers are labelled with their pod and namespace, and each pod gets the sums of its containers', async () => {
  const runtime = fakeRuntime(
    [sandbox('s1', 'default', 'web'), sandbox('s2', 'kube-system', 'dns')],
    [stats('s1', 'app', 2_500_000_000, 4096, 1000), stats('s1', 'side', 500_000_000, 8192, 1001), stats('s2', 'coredns', 1_000_000_000, 1024, 1002), stats('gone', 'x', 1, 1, 1)],
  );
  const samples = await collectResourceMetrics(runtime, { timestampMs: 999, cpuUsageSeconds: 42, memoryWorkingSetBytes: 1 << 30 });
  const find = (name: string, labels: Record<string, string>) => samples.find((s) => s.name === name && JSON.stringify(s.labels) === JSON.stringify(labels));
  assert.deepEqual(find('node_cpu_usage_seconds_total', {}), { name: 'node_cpu_usage_seconds_total', labels: {}, value: 42, timestampMs: 999 });
  assert.equal(find('node_memory_working_set_bytes', {})?.value, 1 << 30);
  assert.deepEqual(find('container_cpu_usage_seconds_total', { container: 'app', namespace: 'default', pod: 'web' }), { name: 'container_cpu_usage_seconds_total', labels: { container: 'app', namespace: 'default', pod: 'web' }, value: 2.5, timestampMs: 1000 });
  assert.equal(find('container_memory_working_set_bytes', { container: 'side', namespace: 'default', pod: 'web' })?.value, 8192);
  assert.deepEqual(find('pod_cpu_usage_seconds_total', { namespace: 'default', pod: 'web' }), { name: 'pod_cpu_usage_seconds_total', labels: { namespace: 'default', pod: 'web' }, value: 3, timestampMs: 1001 });
  assert.equal(find('pod_memory_working_set_bytes', { namespace: 'kube-system', pod: 'dns' })?.value, 1024);
  assert.equal(samples.filter((s) => s.labels.container === 'x').length, 0, 'a container whose sandbox is not READY is left out');
  assert.equal(find('scrape_error', {})?.value, 0);
});

test('a runtime failure still reports the node, with scrape_error 1', async () => {
  const errors: unknown[] = [];
  const runtime = { listPodSandbox: async () => Promise.reject(new Error('engine gone')) } as Partial<RuntimeService> as RuntimeService;
  const samples = await collectResourceMetrics(runtime, { timestampMs: 1, cpuUsageSeconds: 1, memoryWorkingSetBytes: 1 }, (err) => errors.push(err));
  assert.deepEqual(samples.map((s) => s.name), ['node_cpu_usage_seconds_total', 'node_memory_working_set_bytes', 'scrape_error']);
  assert.equal(samples.at(-1)?.value, 1);
  assert.equal(errors.length, 1);
});
