// metrics.k8s.io/v1beta1 as discovery lists it — what `kubectl top` looks for before anything
// else ("Metrics API not available" without it). Kept apart from the API itself (metrics-api.ts)
// so that serving discovery does not load the scraper.
import type { DiscoveryEntry } from '../discovery.ts';

export const metricsGroup = 'metrics.k8s.io';
export const metricsVersion = 'v1beta1';

const common = { group: metricsGroup, version: metricsVersion, singular: '', verbs: ['get', 'list'], shortNames: [], categories: [], subresources: {} };

export const metricsDiscoveryEntries: DiscoveryEntry[] = [
  { ...common, kind: 'NodeMetrics', plural: 'nodes', namespaced: false },
  { ...common, kind: 'PodMetrics', plural: 'pods', namespaced: true },
];
