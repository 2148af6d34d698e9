// What the metrics scraper keeps between scrapes, as metrics-server's pkg/storage does: per node
// and per container, the last two samples of cumulative CPU seconds (and the memory working set),
// from which usage is a rate — (cpu₂ − cpu₁) / (t₂ − t₁) — over the window t₂ − t₁. One scrape
// alone gives no rate, so a node or container seen only once has no metrics yet. A counter that
// went down (the container restarted) starts over from the new sample.
import type { Sample } from '../../../util/prometheus-text.ts';

export interface Point {
  timestampMs: number;
  cpuSeconds: number;
  memoryBytes: number;
}

/** One node's scrape: its own point and its containers' by "namespace/pod" then container name. */
export interface NodeBatch {
  node?: Point;
  pods: Map<string, Map<string, Point>>;
}

export interface Usage {
  /** When the newer sample was taken. */
  timestampMs: number;
  /** The time between the two samples the rate comes from. */
  windowMs: number;
  cpuNanocores: number;
  memoryBytes: number;
}

export interface PodUsage {
  timestampMs: number;
  windowMs: number;
  containers: { name: string; usage: Usage }[];
}

interface Series {
  prev?: Point;
  last: Point;
}

/** The kubelet's samples (resource-metrics.ts on the agent) as one node's batch; other metrics are ignored. */
export function batchOf(samples: Sample[]): NodeBatch {
  const batch: NodeBatch = { pods: new Map() };
  const nodeParts: Partial<Point> = {};
  const containerParts = new Map<string, Partial<Point> & { pod: string; container: string }>();
  for (const sample of samples) {
    const timestampMs = sample.timestampMs ?? Date.now();
    if (sample.name === 'node_cpu_usage_seconds_total') Object.assign(nodeParts, { cpuSeconds: sample.value, timestampMs });
    else if (sample.name === 'node_memory_working_set_bytes') nodeParts.memoryBytes = sample.value;
    else if (sample.name === 'container_cpu_usage_seconds_total' || sample.name === 'container_memory_working_set_bytes') {
      const { namespace, pod, container } = sample.labels;
      if (!namespace || !pod || !container) continue;
      const podKey = `${namespace}/${pod}`;
      const key = `${podKey}/${container}`;
      const parts = containerParts.get(key) ?? { pod: podKey, container };
      if (sample.name === 'container_cpu_usage_seconds_total') Object.assign(parts, { cpuSeconds: sample.value, timestampMs });
      else parts.memoryBytes = sample.value;
      containerParts.set(key, parts);
    }
  }
  const complete = (parts: Partial<Point>): Point | undefined =>
    parts.cpuSeconds !== undefined && parts.memoryBytes !== undefined && parts.timestampMs !== undefined ? { timestampMs: parts.timestampMs, cpuSeconds: parts.cpuSeconds, memoryBytes: parts.memoryBytes } : undefined;
  const node = complete(nodeParts);
  if (node) batch.node = node;
  for (const parts of containerParts.values()) {
    const point = complete(parts);
    if (!point) continue;
    const containers = batch.pods.get(parts.pod) ?? new Map<string, Point>();
    containers.set(parts.container, point);
    batch.pods.set(parts.pod, containers);
  }
  return batch;
}

/** The series after a new point: the old last becomes prev if it is older; a counter that went down starts over. */
function advance(old: Series | undefined, point: Point): Series {
  if (!old) return { last: point };
  if (point.timestampMs <= old.last.timestampMs) return old; // the same (cached) reading again
  if (point.cpuSeconds < old.last.cpuSeconds) return { last: point };
  return { prev: old.last, last: point };
}

function usageOf(series: Series | undefined): Usage | undefined {
  if (!series?.prev) return undefined;
  const windowMs = series.last.timestampMs - series.prev.timestampMs;
  if (windowMs <= 0) return undefined;
  const cores = (series.last.cpuSeconds - series.prev.cpuSeconds) / (windowMs / 1000);
  return { timestampMs: series.last.timestampMs, windowMs, cpuNanocores: Math.max(0, Math.round(cores * 1e9)), memoryBytes: series.last.memoryBytes };
}

export class MetricsStore {
  private readonly nodes = new Map<string, Series>();
  /** node → "namespace/pod" → container → series */
  private readonly containers = new Map<string, Map<string, Map<string, Series>>>();

  /** A node's new scrape: what it no longer reports is forgotten. */
  storeNode(nodeName: string, batch: NodeBatch): void {
    if (batch.node) this.nodes.set(nodeName, advance(this.nodes.get(nodeName), batch.node));
    else this.nodes.delete(nodeName);
    const old = this.containers.get(nodeName);
    const pods = new Map<string, Map<string, Series>>();
    for (const [pod, points] of batch.pods) {
      const series = new Map<string, Series>();
      for (const [container, point] of points) series.set(container, advance(old?.get(pod)?.get(container), point));
      pods.set(pod, series);
    }
    this.containers.set(nodeName, pods);
  }

  /** Forgets nodes that are gone or not Ready any more. */
  retainNodes(names: ReadonlySet<string>): void {
    for (const name of [...this.nodes.keys(), ...this.containers.keys()]) {
      if (names.has(name)) continue;
      this.nodes.delete(name);
      this.containers.delete(name);
    }
  }

  nodeUsage(nodeName: string): Usage | undefined {
    return usageOf(this.nodes.get(nodeName));
  }

  /** The pod's containers that have a rate (on whichever node runs it); undefined when none has. */
  podUsage(namespace: string, pod: string): PodUsage | undefined {
    const key = `${namespace}/${pod}`;
    for (const pods of this.containers.values()) {
      const series = pods.get(key);
      if (!series) continue;
      const containers = [...series].flatMap(([name, s]) => {
        const usage = usageOf(s);
        return usage ? [{ name, usage }] : [];
      });
      if (containers.length === 0) return undefined;
      const newest = containers.reduce((a, b) => (b.usage.timestampMs > a.usage.timestampMs ? b : a));
      return { timestampMs: newest.usage.timestampMs, windowMs: newest.usage.windowMs, containers: containers.sort((a, b) => a.name.localeCompare(b.name)) };
    }
    return undefined;
  }
}
