// The metrics.k8s.io/v1beta1 objects as metrics-server writes them (pkg/api): NodeMetrics and
// PodMetrics with metadata taken from the Node or Pod (name, namespace, labels; creationTimestamp
// is the time of the answer), `timestamp` (the newer sample, RFC 3339), `window` (a Go duration,
// "15.012s") and usage quantities in Kubernetes' canonical form — CPU from nanocores
// (resource.NewScaledQuantity(n, Nano): "123456789n", "250m", "2"), memory from bytes in binary SI
// (resource.NewQuantity(b, BinarySI): "524288Ki", "1Gi").
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { Quantity } from '../../api/validation/quantity.ts';
import type { PodUsage, Usage } from './metrics-store.ts';
import { kubeTime } from '../../api/kube-time.ts';

export const metricsGroupVersion = 'metrics.k8s.io/v1beta1';

export interface ResourceUsage {
  cpu: string;
  memory: string;
}

export interface NodeMetrics {
  kind: 'NodeMetrics';
  apiVersion: typeof metricsGroupVersion;
  metadata: { name: string; creationTimestamp: string; labels?: Record<string, string> };
  timestamp: string;
  window: string;
  usage: ResourceUsage;
}

export interface PodMetrics {
  kind: 'PodMetrics';
  apiVersion: typeof metricsGroupVersion;
  metadata: { name: string; namespace: string; creationTimestamp: string; labels?: Record<string, string> };
  timestamp: string;
  window: string;
  containers: { name: string; usage: ResourceUsage }[];
}

export function cpuQuantity(nanocores: number): string {
  return new Quantity(BigInt(Math.max(0, Math.round(nanocores))), 'DecimalSI').toString();
}

export function memoryQuantity(bytes: number): string {
  return new Quantity(BigInt(Math.max(0, Math.round(bytes))) * 1_000_000_000n, 'BinarySI').toString();
}

/** A duration as Go's time.Duration.String() writes it (metav1.Duration): "15s", "15.012s", "1m0.5s". */
export function goDuration(ms: number): string {
  const total = Math.round(ms);
  if (total === 0) return '0s';
  const sign = total < 0 ? '-' : '';
  const abs = Math.abs(total);
  if (abs < 1000) return `${sign}${abs}ms`;
  const hours = Math.floor(abs / 3_600_000);
  const minutes = Math.floor((abs % 3_600_000) / 60_000);
  const seconds = ((abs % 60_000) / 1000).toFixed(3).replace(/\.?0+$/, '');
  return `${sign}${hours > 0 ? `${hours}h` : ''}${hours > 0 || minutes > 0 ? `${minutes}m` : ''}${seconds}s`;
}

function timestampOf(ms: number): string {
  return kubeTime(ms);
}

function usageOf(usage: Pick<Usage, 'cpuNanocores' | 'memoryBytes'>): ResourceUsage {
  return { cpu: cpuQuantity(usage.cpuNanocores), memory: memoryQuantity(usage.memoryBytes) };
}

export function nodeMetrics(node: Node, usage: Usage, now: Date): NodeMetrics {
  const labels = node.metadata?.labels;
  return {
    kind: 'NodeMetrics',
    apiVersion: metricsGroupVersion,
    metadata: { name: node.metadata?.name ?? '', creationTimestamp: timestampOf(now.getTime()), ...(labels ? { labels } : {}) },
    timestamp: timestampOf(usage.timestampMs),
    window: goDuration(usage.windowMs),
    usage: usageOf(usage),
  };
}

export function podMetrics(pod: Pod, usage: PodUsage, now: Date): PodMetrics {
  const labels = pod.metadata?.labels;
  return {
    kind: 'PodMetrics',
    apiVersion: metricsGroupVersion,
    metadata: { name: pod.metadata?.name ?? '', namespace: pod.metadata?.namespace ?? '', creationTimestamp: timestampOf(now.getTime()), ...(labels ? { labels } : {}) },
    timestamp: timestampOf(usage.timestampMs),
    window: goDuration(usage.windowMs),
    containers: usage.containers.map((container) => ({ name: container.name, usage: usageOf(container.usage) })),
  };
}

export function metricsList<T>(kind: 'NodeMetricsList' | 'PodMetricsList', items: T[]): { kind: string; apiVersion: string; metadata: Record<string, never>; items: T[] } {
  return { kind, apiVersion: metricsGroupVersion, metadata: {}, items };
}
