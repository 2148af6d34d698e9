// The Kubernetes API server's request path: who is asking (authentication), what they ask for
// (request info), whether they may (authorization), then discovery, version, OpenAPI, health, or
// the resource handlers. Every failure is a Status; no request, however malformed, takes the
// server down or holds up the others.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { MinatoError } from '../../util/errors.ts';
import type { Logger } from '../../util/log.ts';
import type { KubeObject, ResourceType } from '../api/resource-type.ts';
import type { Storage } from '../storage/storage.ts';
import {
  aggregatedContentType,
  aggregatedDiscovery,
  aggregatedDiscoveryVersion,
  legacyApiVersions,
  legacyGroup,
  legacyGroupList,
  legacyResourceList,
  versionInfo,
  type DiscoveryEntry,
} from './discovery.ts';
import { sendError, sendJson } from './http-io.ts';
import type { MetricsApi } from './metrics/metrics-api.ts';
import { metricsDiscoveryEntries, metricsGroup } from './metrics/metrics-discovery.ts';
import { NamespaceLifecycle } from './namespace-lifecycle.ts';
import { ObjectStore } from './object-store.ts';
import { parseRequestInfo, type RequestInfo, type ResourceRequest } from './request-info.ts';
import { handleDelete, handleDeleteCollection } from './rest/delete-handlers.ts';
import { handleGet, handleList } from './rest/read-handlers.ts';
import { handleGetScale, handleUpdateScale } from './rest/scale-handlers.ts';
import { defaultWatchSettings, handleWatch, type WatchSettings } from './rest/watch-handler.ts';
import { handlePodBinding } from './rest/pod-binding.ts';
import type { KubeletAccess, KubeletClientCredentials } from './rest/kubelet-proxy.ts';
import { handlePodAttachUpgrade, handlePodExecUpgrade, rejectUpgrade } from './rest/pod-exec.ts';
import { handlePodPortForwardUpgrade } from './rest/pod-portforward.ts';
import { handlePodLog } from './rest/pod-log.ts';
import { handleTokenRequest, type TokenIssuer } from './rest/token-request.ts';
import { InvalidAllocation, ServiceAllocator } from './service-allocator.ts';
import { handleCreate, handlePatch, handleUpdate } from './rest/write-handlers.ts';
import type { RestContext, ServerParts, UserInfo } from './rest-context.ts';
import type { ValueTransformer } from './secret-encryption.ts';
import { errors, statusOf } from './status.ts';
import { ResourceWatchCache } from './watch-cache.ts';

export interface AuthorizationDecision {
  allowed: boolean;
  /** For a denial: Kubernetes' "pods is forbidden: User … cannot list …" message. */
  reason?: string;
  /** For a denial: the whole 403 Status (with details), when the authorizer makes one. */
  status?: unknown;
}

export interface ApiServerOptions {
  storage: Storage;
  resources: ResourceType[];
  /** host:port clients reach the server at (for /api's serverAddressByClientCIDRs). */
  serverAddress: string;
  /** Who sent the request (client certificate, bearer token); undefined: anonymous. */
  authenticate(req: IncomingMessage): Promise<UserInfo | undefined> | UserInfo | undefined;
  authorize(user: UserInfo, request: RequestInfo): AuthorizationDecision;
  /** Signs service-account tokens (TokenRequest); without it the subresource is not served. */
  issueToken?: TokenIssuer;
  /** Hands out Services' cluster IPs and node ports; without it Services get none. */
  serviceAllocator?: ServiceAllocator;
  /** Encryption at rest for a kind (Secrets), if any. */
  transformerFor?(type: ResourceType): ValueTransformer | undefined;
  /** Told about every stored change, after it happened. */
  onWrite?(type: ResourceType, object: KubeObject, deleted: boolean): void;
  watch?: Partial<WatchSettings>;
  /** The API server's client certificate for node agents' kubelet API (pods/log, pods/exec). */
  kubeletClient?: KubeletClientCredentials;
  log: Logger;
  now?: () => Date;
}

/** Subresources that stream from a container: authorised as `create` (kube-apiserver also asks for create on a WebSocket GET). */
const connectSubresources = new Set(['exec', 'attach', 'portforward']);

/** The pods subresources served on an upgraded connection, relayed to the pod's node agent. */
const upgradeHandlers = new Map([
  ['exec', handlePodExecUpgrade],
  ['attach', handlePodAttachUpgrade],
  ['portforward', handlePodPortForwardUpgrade],
]);

const anonymous: UserInfo = { name: 'system:anonymous', groups: ['system:unauthenticated'] };

export class ApiServer {
  readonly store: ObjectStore;
  private readonly options: ApiServerOptions;
  private readonly caches = new Map<ResourceType, ResourceWatchCache>();
  private readonly byPath = new Map<string, ResourceType>();
  readonly parts: ServerParts;
  readonly namespaces: NamespaceLifecycle;
  private readonly watchSettings: WatchSettings;
  private readonly kubelet: KubeletAccess;
  /** What discovery lists: the stored kinds and metrics.k8s.io. */
  private readonly discovered: DiscoveryEntry[];
  /** metrics.k8s.io, loaded on its first request. */
  private metrics: Promise<MetricsApi> | undefined;

  constructor(options: ApiServerOptions) {
    this.options = options;
    this.store = new ObjectStore(options.storage, options.transformerFor, (group, version, plural) => this.resourceType(group, version, plural));
    for (const type of options.resources) this.byPath.set(`${type.group}/${type.version}/${type.plural}`, type);
    this.watchSettings = { ...defaultWatchSettings, ...options.watch };
    this.kubelet = { store: this.store, pods: this.byPath.get('/v1/pods')!, nodes: this.byPath.get('/v1/nodes')!, ...(options.kubeletClient ? { credentials: options.kubeletClient } : {}) };
    this.discovered = [...options.resources, ...metricsDiscoveryEntries];
    this.namespaces = new NamespaceLifecycle(this.store, options.resources, () => this.parts.now());
    this.parts = {
      store: this.store,
      watchCache: (type) => this.watchCache(type),
      admitNamespace: (namespace, type, verb) => this.namespaces.admit(namespace, type, verb),
      admitCreate: (type, object) => this.allocate(type, object),
      admitUpdate: (type, object, old) => this.allocate(type, object, old),
      afterWrite: (type, object, deleted) => {
        if (deleted && this.isServices(type)) {
          void options.serviceAllocator?.release(object).catch((err: unknown) => options.log.warn({ err }, 'a deleted Service\'s allocations will be freed by the next repair'));
        }
        options.onWrite?.(type, object, deleted);
      },
      log: options.log,
      now: options.now ?? (() => new Date()),
    };
  }

  private isServices(type: ResourceType): boolean {
    return type.group === '' && type.plural === 'services';
  }

  private async allocate(type: ResourceType, object: KubeObject, old?: KubeObject): Promise<void> {
    const allocator = this.options.serviceAllocator;
    if (!allocator || !this.isServices(type)) return;
    try {
      await allocator.allocate(object, old);
    } catch (err) {
      if (err instanceof InvalidAllocation) throw errors.invalid({ group: '', kind: 'Service' }, object.metadata?.name ?? '', err.fieldErrors);
      throw err;
    }
  }

  /** Frees cluster IPs and node ports no Service holds (what failed writes and crashes leave). */
  async repairServiceAllocations(olderThanRevision: number): Promise<number> {
    const allocator = this.options.serviceAllocator;
    const type = this.resourceType('', 'v1', 'services');
    if (!allocator || !type) return 0;
    const held = new Map<string, string>();
    const page = await this.store.listPage(type, undefined, {});
    for (const kv of page.items) {
      const service = this.store.decode(type, kv);
      for (const key of ServiceAllocator.keysOf(service)) held.set(key, `${service.metadata?.namespace}/${service.metadata?.name}`);
    }
    return allocator.repair((key, owner) => held.get(key) === owner, olderThanRevision);
  }

  get resources(): ResourceType[] {
    return this.options.resources;
  }

  resourceType(group: string, version: string, plural: string): ResourceType | undefined {
    return this.byPath.get(`${group}/${version}/${plural}`);
  }

  watchCache(type: ResourceType): ResourceWatchCache {
    let cache = this.caches.get(type);
    if (!cache) {
      cache = new ResourceWatchCache(this.store, type, this.options.log.child({ component: 'watch-cache', resource: type.plural }));
      this.caches.set(type, cache);
    }
    return cache;
  }

  /** Creates what a new cluster has (the default namespaces). */
  async start(): Promise<void> {
    await this.namespaces.start();
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    let user: UserInfo = anonymous;
    try {
      const { url, info, user: authorized } = await this.admitRequest(req);
      user = authorized;
      if (info.kind === 'nonresource') await this.handleNonResource(req, res, info.path, url);
      else await this.handleResource(req, res, info, url.searchParams, user);
    } catch (err) {
      const status = statusOf(err);
      if (status.code >= 500) this.options.log.error({ err, method: req.method, url: req.url, user: user.name }, 'request failed');
      sendError(res, err);
    } finally {
      this.options.log.debug({ method: req.method, url: req.url, user: user.name, status: res.statusCode, ms: Math.round(performance.now() - started) }, 'request');
    }
  }

  /** Authentication and authorization: the request's URL, what it asks for, and who asks. */
  private async admitRequest(req: IncomingMessage): Promise<{ url: URL; info: RequestInfo; user: UserInfo }> {
    const url = new URL(req.url ?? '/', 'https://apiserver');
    const info = parseRequestInfo(req.method ?? 'GET', url.pathname, url.searchParams);
    if (info.kind === 'resource' && info.subresource !== undefined && connectSubresources.has(info.subresource) && info.verb === 'get') info.verb = 'create';
    const authenticated = await this.options.authenticate(req);
    const user = authenticated ?? anonymous;
    const decision = this.options.authorize(user, info);
    if (!decision.allowed) {
      if (!authenticated) throw errors.unauthorized();
      if (decision.status) throw new MinatoError('Forbidden', decision.reason ?? 'forbidden', { details: { kubeStatus: decision.status } });
      throw errors.forbidden(decision.reason ?? 'forbidden');
    }
    return { url, info, user };
  }

  /** An HTTP upgrade (WebSocket, SPDY): pods/exec, pods/attach and pods/portforward are relayed to the pod's node agent; anything else is refused with a Status. */
  async handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    let user: UserInfo = anonymous;
    socket.on('error', () => undefined);
    try {
      const { url, info, user: authorized } = await this.admitRequest(req);
      user = authorized;
      const streaming = info.kind === 'resource' && info.group === '' && info.resource === 'pods' ? info.subresource : undefined;
      const handler = streaming === undefined ? undefined : upgradeHandlers.get(streaming);
      if (info.kind !== 'resource' || info.namespace === undefined || info.name === undefined || !handler) {
        throw errors.badRequest(`upgrade requests are served only for pods/exec, pods/attach and pods/portforward`);
      }
      await handler(this.kubelet, req, socket, head, info.namespace, info.name, url.searchParams);
      this.options.log.debug({ url: req.url, user: user.name }, `${streaming} relayed`);
    } catch (err) {
      const status = statusOf(err);
      if (status.code >= 500) this.options.log.error({ err, method: req.method, url: req.url, user: user.name }, 'upgrade request failed');
      rejectUpgrade(socket, err);
    }
  }

  private async handleNonResource(req: IncomingMessage, res: ServerResponse, path: string, url: URL): Promise<void> {
    const resources = this.discovered;
    const parts = path.split('/').filter(Boolean);
    if (req.method !== 'GET' && req.method !== 'HEAD') throw errors.methodNotAllowed(`the server does not allow this method on the requested resource`);
    if (path === '/version') return sendJson(res, 200, versionInfo());
    if (['/healthz', '/livez', '/readyz'].includes(path)) {
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
      res.end('ok');
      return;
    }
    if (path === '/api' || path === '/apis') {
      const aggregated = aggregatedDiscoveryVersion(req.headers.accept);
      if (aggregated) return sendJson(res, 200, aggregatedDiscovery(resources, path === '/api', aggregated), { 'Content-Type': aggregatedContentType(aggregated), Vary: 'Accept' });
      return sendJson(res, 200, path === '/api' ? legacyApiVersions(this.options.serverAddress) : legacyGroupList(resources), { Vary: 'Accept' });
    }
    if (parts[0] === 'api' && parts.length === 2) {
      const list = legacyResourceList(resources, '', parts[1]!);
      if (list) return sendJson(res, 200, list);
    }
    if (parts[0] === 'apis' && parts.length === 2) {
      const group = legacyGroup(resources, parts[1]!);
      if (group) return sendJson(res, 200, group);
    }
    if (parts[0] === 'apis' && parts.length === 3) {
      const list = legacyResourceList(resources, parts[1]!, parts[2]!);
      if (list) return sendJson(res, 200, list);
    }
    if (path === '/openapi/v2') {
      const { serveOpenApiV2 } = await import('./openapi-v2.ts');
      return serveOpenApiV2(req, res);
    }
    if (parts[0] === 'openapi' && parts[1] === 'v3') {
      const { serveOpenApiV3 } = await import('./openapi-routes.ts');
      return serveOpenApiV3(req, res, parts.slice(2).join('/'), url, this.options.resources);
    }
    throw notFoundPath();
  }

  private async handleResource(req: IncomingMessage, res: ServerResponse, info: ResourceRequest, query: URLSearchParams, user: UserInfo): Promise<void> {
    if (info.group === metricsGroup) return (await this.metricsApi()).handle(res, info, query);
    const type = this.resourceType(info.group, info.version, info.resource);
    if (!type) throw notFoundPath();
    // A cluster-scoped kind has no namespaced paths (besides a namespace's own subresources).
    if (!type.namespaced && info.namespace !== undefined && !(type.plural === 'namespaces' && type.group === '')) throw notFoundPath();
    if (type.namespaced && info.namespace === undefined && info.verb !== 'list' && info.verb !== 'watch') throw notFoundPath();
    if (info.verb !== 'watch' && !type.verbs.includes(info.verb)) throw errors.methodNotAllowed('the server does not allow this method on the requested resource');
    const ctx: RestContext = { req, res, info, query, user, type, parts: this.parts, warnings: [] };
    const subresource = info.subresource;
    if (subresource === 'token' && type.group === '' && type.plural === 'serviceaccounts' && this.options.issueToken) {
      if (info.verb !== 'create') throw errors.methodNotAllowed('the server does not allow this method on the requested resource');
      return handleTokenRequest(ctx, this.options.issueToken);
    }
    if (subresource === 'binding' && type.group === '' && type.plural === 'pods') {
      if (info.verb !== 'create') throw errors.methodNotAllowed('the server does not allow this method on the requested resource');
      return handlePodBinding(ctx);
    }
    if (subresource === 'log' && type.group === '' && type.plural === 'pods') {
      if (info.verb !== 'get') throw errors.methodNotAllowed('the server does not allow this method on the requested resource');
      return handlePodLog(ctx, this.kubelet);
    }
    if (subresource !== undefined && connectSubresources.has(subresource) && type.group === '' && type.plural === 'pods') throw errors.badRequest('Upgrade request required');
    if (subresource === 'scale') {
      if (info.verb === 'get') return handleGetScale(ctx);
      if (info.verb === 'update' || info.verb === 'patch') return handleUpdateScale(ctx, info.verb);
      throw errors.methodNotAllowed('the server does not allow this method on the requested resource');
    }
    if (subresource !== undefined && !(subresource === 'status' && type.subresources.status) && !(subresource === 'approval' && type.subresources.approval) && !(subresource === 'finalize' && type.subresources.finalize)) throw notFoundPath();
    if (subresource !== undefined && !['get', 'update', 'patch'].includes(info.verb)) throw errors.methodNotAllowed('the server does not allow this method on the requested resource');
    switch (info.verb) {
      case 'get':
        return handleGet(ctx);
      case 'list':
        return handleList(ctx);
      case 'watch':
        return handleWatch(ctx, this.watchSettings);
      case 'create':
        return handleCreate(ctx);
      case 'update':
        return handleUpdate(ctx);
      case 'patch':
        return handlePatch(ctx);
      case 'delete':
        return handleDelete(ctx);
      case 'deletecollection':
        return handleDeleteCollection(ctx);
    }
  }

  private metricsApi(): Promise<MetricsApi> {
    this.metrics ??= import('./metrics/metrics-api.ts').then(({ MetricsApi }) => new MetricsApi({ ...this.kubelet, log: this.options.log, now: () => this.parts.now() }));
    return this.metrics;
  }

  async close(): Promise<void> {
    for (const cache of this.caches.values()) cache.close();
    if (this.metrics) (await this.metrics).close();
  }
}

function notFoundPath() {
  return errors.notFoundPath();
}
