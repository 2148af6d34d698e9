// The kubelet's resource metrics endpoint (GET /metrics/resource), what metrics-server — and
// Minato's API server standing in for it — scrapes for `kubectl top`: Prometheus text with the
// kubelet's metric names and labels (pkg/kubelet/metrics/collectors/resource_metrics.go):
//
//   node_cpu_usage_seconds_total                   cumulative CPU seconds of the node
//   node_memory_working_set_bytes                  the node's working set
//   container_cpu_usage_seconds_total{container,pod,namespace}
//   container_memory_working_set_bytes{container,pod,namespace}
//   pod_cpu_usage_seconds_total{pod,namespace}     sums over the pod's containers
//   pod_memory_working_set_bytes{pod,namespace}
//   scrape_error                                   1 when the containers' stats could not be read
//
// Every sample carries the time it was read (ms), from which the reader computes CPU rates.
// Left out: container_start_time_seconds (the scraper detects a restart by the counter going
// down) and node_swap_usage_bytes.
import { promises as fsp } from 'node:fs';
import { formatSamples, type MetricFamilyInfo, type Sample } from '../../util/prometheus-text.ts';
import type { RuntimeService } from './runtime-service.ts';

const families: Record<string, MetricFamilyInfo> = {
  node_cpu_usage_seconds_total: { help: '[STABLE] Cumulative cpu time consumed by the node in core-seconds', type: 'counter' },
  node_memory_working_set_bytes: { help: '[STABLE] Current working set of the node in bytes', type: 'gauge' },
  container_cpu_usage_seconds_total: { help: '[STABLE] Cumulative cpu time consumed by the container in core-seconds', type: 'counter' },
  container_memory_working_set_bytes: { help: '[STABLE] Current working set of the container in bytes', type: 'gauge' },
  pod_cpu_usage_seconds_total: { help: '[STABLE] Cumulative cpu time consumed by the pod in core-seconds', type: 'counter' },
  pod_memory_working_set_bytes: { help: '[STABLE] Current working set of the pod in bytes', type: 'gauge' },
  scrape_error: { help: '[ALPHA] 1 if there was an error while getting container metrics, 0 otherwise', type: 'gauge' },
};

export interface NodeUsage {
  timestampMs: number;
  cpuUsageSeconds: number;
  memoryWorkingSetBytes: number;
}

/** USER_HZ: the unit of /proc/stat, 100 on every Linux architecture Minato runs on. */
const ticksPerSecond = 100;

/**
 * The node's usage from /proc. CPU: the busy fields of /proc/stat's "cpu" line (user, nice,
 * system, irq, softirq, steal; guest time is already inside user) — the kubelet reads the root
 * cgroup's usage instead, which counts the same time. Memory: MemTotal − MemAvailable from
 * /proc/meminfo, not the kubelet's root-cgroup working set (cgroup v2 has no memory.current at the
 * root); both leave out reclaimable page cache, so they come out close.
 */
export function nodeUsageOf(procStat: string, procMeminfo: string, timestampMs: number): NodeUsage {
  const cpuLine = procStat.split('\n').find((line) => line.startsWith('cpu '));
  if (!cpuLine) throw new Error('/proc/stat has no "cpu" line');
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = cpuLine.trim().split(/\s+/).slice(1).map(Number);
  const meminfo = new Map<string, number>();
  for (const line of procMeminfo.split('\n')) {
    const match = /^(\w+):\s+(\d+)\s*kB/.exec(line);
    if (match) meminfo.set(match[1]!, Number(match[2]) * 1024);
  }
  const total = meminfo.get('MemTotal');
  const available = meminfo.get('MemAvailable');
  if (total === undefined || available === undefined) throw new Error('/proc/meminfo lacks MemTotal or MemAvailable');
  return { timestampMs, cpuUsageSeconds: (user + nice + system + irq + softirq + steal) / ticksPerSecond, memoryWorkingSetBytes: total - available };
}

export async function readNodeUsage(): Promise<NodeUsage> {
  const timestampMs = Date.now();
  const [stat, meminfo] = await Promise.all([fsp.readFile('/proc/stat', 'utf8'), fsp.readFile('/proc/meminfo', 'utf8')]);
  return nodeUsageOf(stat, meminfo, timestampMs);
}

/** The samples of one scrape: the node's, then per pod its containers' and its own sums. */
export async function collectResourceMetrics(runtime: RuntimeService, node: NodeUsage, onError?: (err: unknown) => void): Promise<Sample[]> {
  const samples: Sample[] = [
    { name: 'node_cpu_usage_seconds_total', labels: {}, value: node.cpuUsageSeconds, timestampMs: node.timestampMs },
    { name: 'node_memory_working_set_bytes', labels: {}, value: node.memoryWorkingSetBytes, timestampMs: node.timestampMs },
  ];
  let scrapeError = 0;
  try {
    const sandboxes = new Map((await runtime.listPodSandbox({ state: 'READY' })).map((sandbox) => [sandbox.id, sandbox.metadata]));
    const pods = new Map<string, { namespace: string; pod: string; cpu: number; memory: number; timestampMs: number }>();
    for (const stats of await runtime.listContainerStats()) {
      const pod = sandboxes.get(stats.podSandboxId);
      if (!pod) continue;
      const labels = { container: stats.metadata.name, namespace: pod.namespace, pod: pod.name };
      const cpuSeconds = stats.cpuUsageCoreNanoSeconds / 1e9;
      samples.push({ name: 'container_cpu_usage_seconds_total', labels, value: cpuSeconds, timestampMs: stats.timestampMs });
      samples.push({ name: 'container_memory_working_set_bytes', labels, value: stats.memoryWorkingSetBytes, timestampMs: stats.timestampMs });
      const key = `${pod.namespace}/${pod.name}`;
      const sum = pods.get(key) ?? { namespace: pod.namespace, pod: pod.name, cpu: 0, memory: 0, timestampMs: 0 };
      sum.cpu += cpuSeconds;
      sum.memory += stats.memoryWorkingSetBytes;
      sum.timestampMs = Math.max(sum.timestampMs, stats.timestampMs);
      pods.set(key, sum);
    }
    for (const sum of pods.values()) {
      const labels = { namespace: sum.namespace, pod: sum.pod };
      samples.push({ name: 'pod_cpu_usage_seconds_total', labels, value: sum.cpu, timestampMs: sum.timestampMs });
      samples.push({ name: 'pod_memory_working_set_bytes', labels, value: sum.memory, timestampMs: sum.timestampMs });
    }
  } catch (err) {
    onError?.(err);
    scrapeError = 1;
  }
  samples.push({ name: 'scrape_error', labels: {}, value: scrapeError });
  return samples;
}

/** The body of GET /metrics/resource. */
export async function resourceMetricsText(runtime: RuntimeService, onError?: (err: unknown) => void): Promise<string> {
  return formatSamples(await collectResourceMetrics(runtime, await readNodeUsage(), onError), families);
}
