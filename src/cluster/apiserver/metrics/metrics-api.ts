// metrics.k8s.io/v1beta1, what `kubectl top` reads, answered the way metrics-server answers it
// (pkg/api/node.go, pod.go) from the samples the in-process scraper (metrics-scraper.ts) takes of
// the nodes' kubelet /metrics/resource:
//
//   GET /apis/metrics.k8s.io/v1beta1/nodes[?labelSelector=]        NodeMetricsList
//   GET /apis/metrics.k8s.io/v1beta1/nodes/NAME                     NodeMetrics
//   GET /apis/metrics.k8s.io/v1beta1[/namespaces/NS]/pods[?labelSelector=&fieldSelector=]  PodMetricsList
//   GET /apis/metrics.k8s.io/v1beta1/namespaces/NS/pods/NAME        PodMetrics
//
// Lists take the Nodes or Pods the selectors pick and leave out those without metrics yet (and
// pods not Running); a get of an object that does not exist is that object's 404 (`pods "x" not
// found`), of one without metrics metrics-server's (`pods.metrics.k8s.io "ns/x" not found`). Authorization has already happened, as for
// any resource request (view, edit and admin get these through system:aggregated-metrics-reader).
// The API server loads this module on the first metrics request only.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import type { Logger } from '../../../util/log.ts';
import { parseLabelSelector } from '../../api/label-selector-query.ts';
import type { ResourceType } from '../../api/resource-type.ts';
import { parseFieldSelector } from '../field-selector.ts';
import { sendJson } from '../http-io.ts';
import { listObjects } from '../list-objects.ts';
import type { ObjectStore } from '../object-store.ts';
import type { ResourceRequest } from '../request-info.ts';
import { kubeletEndpoint, type KubeletClientCredentials, kubeletTlsOptions } from '../rest/kubelet-proxy.ts';
import { errors, statusError } from '../status.ts';
import { metricsGroup } from './metrics-discovery.ts';
import { metricsList, nodeMetrics, podMetrics } from './metrics-objects.ts';
import { MetricsScraper } from './metrics-scraper.ts';

export interface MetricsApiOptions {
  store: ObjectStore;
  pods: ResourceType;
  nodes: ResourceType;
  /** The API server's client certificate for the kubelet API (as for pods/log and pods/exec). */
  credentials?: KubeletClientCredentials;
  log: Logger;
  now(): Date;
}

/** Largest /metrics/resource body read from a node: about 300 bytes per container, so room for thousands. */
const maxBodyBytes = 4 * 1024 * 1024;
const scrapeTimeoutMs = 10_000;

function isReady(node: Node): boolean {
  return (node.status?.conditions ?? []).some((condition) => condition.type === 'Ready' && condition.status === 'True');
}

/** GET https://node:port/metrics/resource with the API server's kubelet client certificate. */
async function fetchResourceMetrics(node: Node, credentials: KubeletClientCredentials): Promise<string> {
  const endpoint = kubeletEndpoint(node);
  if (!endpoint) throw new Error('the node has no address');
  const { request } = process.getBuiltinModule('node:https') as typeof import('node:https');
  return new Promise<string>((resolve, reject) => {
    const upstream = request({ host: endpoint.host, port: endpoint.port, path: '/metrics/resource', method: 'GET', agent: false, timeout: scrapeTimeoutMs, ...kubeletTlsOptions(credentials) });
    upstream.once('timeout', () => upstream.destroy(new Error(`no answer from ${endpoint.host}:${endpoint.port} within ${scrapeTimeoutMs / 1000}s`)));
    upstream.once('error', reject);
    upstream.once('response', (response: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBodyBytes) upstream.destroy(new Error(`the answer of ${endpoint.host}:${endpoint.port} is larger than ${maxBodyBytes} bytes`));
        else chunks.push(chunk);
      });
      response.once('error', reject);
      response.once('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        if (response.statusCode === 200) resolve(body);
        else reject(new Error(`GET /metrics/resource on ${endpoint.host}:${endpoint.port} answered ${response.statusCode}: ${body.slice(0, 200)}`));
      });
    });
    upstream.end();
  });
}

export class MetricsApi {
  private readonly options: MetricsApiOptions;
  readonly scraper: MetricsScraper;

  constructor(options: MetricsApiOptions) {
    this.options = options;
    const credentials = options.credentials;
    this.scraper = new MetricsScraper({
      readyNodes: async () => (await this.list(options.nodes, undefined, new URLSearchParams())).filter((node) => isReady(node as Node)) as Node[],
      fetchMetrics: (node) => (credentials ? fetchResourceMetrics(node, credentials) : Promise.reject(new Error('this API server has no client certificate for node agents'))),
      log: options.log.child({ component: 'metrics-scraper' }),
    });
  }

  private async list(type: ResourceType, namespace: string | undefined, query: URLSearchParams) {
    const page = await listObjects(this.options.store, type, {
      ...(namespace !== undefined ? { namespace } : {}),
      labelSelector: parseLabelSelector(query.get('labelSelector')),
      fieldSelector: parseFieldSelector(query.get('fieldSelector')),
    });
    return page.items;
  }

  async handle(res: ServerResponse, info: ResourceRequest, query: URLSearchParams): Promise<void> {
    if (info.group !== metricsGroup || info.version !== 'v1beta1' || !['nodes', 'pods'].includes(info.resource) || info.subresource !== undefined) throw errors.notFoundPath();
    if (info.resource === 'nodes' && info.namespace !== undefined) throw errors.notFoundPath();
    if (info.resource === 'pods' && info.name !== undefined && info.namespace === undefined) throw errors.notFoundPath();
    if (info.verb !== 'get' && info.verb !== 'list') throw errors.methodNotAllowed('the server does not allow this method on the requested resource');
    if (!this.options.credentials) throw statusError(503, 'ServiceUnavailable', 'this API server has no client certificate for node agents: metrics.k8s.io is not available');
    await this.scraper.ready();
    const store = this.scraper.store;
    const now = this.options.now();
    if (info.resource === 'nodes') {
      if (info.name !== undefined) {
        const node = (await this.options.store.get(this.options.nodes, undefined, info.name))?.object as Node | undefined;
        if (!node) throw errors.notFound({ group: '', plural: 'nodes' }, info.name);
        const usage = store.nodeUsage(info.name);
        if (!usage) throw errors.notFound({ group: metricsGroup, plural: 'nodes' }, info.name);
        return sendJson(res, 200, nodeMetrics(node, usage, now));
      }
      const nodes = (await this.list(this.options.nodes, undefined, query)) as Node[];
      const items = nodes.flatMap((node) => {
        const usage = store.nodeUsage(node.metadata?.name ?? '');
        return usage ? [nodeMetrics(node, usage, now)] : [];
      });
      return sendJson(res, 200, metricsList('NodeMetricsList', items));
    }
    if (info.name !== undefined) {
      const namespace = info.namespace!;
      const pod = (await this.options.store.get(this.options.pods, namespace, info.name))?.object as Pod | undefined;
      if (!pod) throw errors.notFound({ group: '', plural: 'pods' }, info.name);
      const usage = pod.status?.phase === 'Running' ? store.podUsage(namespace, info.name) : undefined;
      if (!usage) throw errors.notFound({ group: metricsGroup, plural: 'pods' }, `${namespace}/${info.name}`);
      return sendJson(res, 200, podMetrics(pod, usage, now));
    }
    const pods = (await this.list(this.options.pods, info.namespace, query)) as Pod[];
    const items = pods.flatMap((pod) => {
      // As metrics-server: only Running pods have metrics (a finished pod's last samples may linger).
      const usage = pod.status?.phase === 'Running' ? store.podUsage(pod.metadata?.namespace ?? '', pod.metadata?.name ?? '') : undefined;
      return usage ? [podMetrics(pod, usage, now)] : [];
    });
    return sendJson(res, 200, metricsList('PodMetricsList', items));
  }

  close(): void {
    this.scraper.stop();
  }
}
