// A minimal Kubernetes API server for driving the real kubectl in tests: legacy discovery
// for apps/v1 deployments (with /scale), one namespace, create/get/patch/update — the patches
// applied with this module's functions and managedFields recorded as Kubernetes records
// them. It records every request, so tests can check what kubectl sent.
import { randomUUID } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { KubeObject } from '../../resource-type.ts';
import { PatchError, applyConflictError, applyPatch, patchTypeOf, recordUpdate } from '../index.ts';
import { type JsonObject, deepEqual } from '../json-value.ts';
import { deploymentSchema } from './kube-schemas.ts';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  contentType: string;
  userAgent: string;
  body: string;
  status: number;
}

const deploymentsPath = /^\/apis\/apps\/v1\/namespaces\/([^/]+)\/deployments(?:\/([^/]+)(?:\/(scale|status))?)?$/;

export class FakeApiServer {
  readonly requests: RecordedRequest[] = [];
  readonly objects = new Map<string, KubeObject>();
  private server: Server | undefined;
  private resourceVersion = 100;
  /** The clock of managedFields; tests move it forward. */
  now = new Date('2025-03-01T10:00:00Z');

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  patches(): RecordedRequest[] {
    return this.requests.filter((r) => r.method === 'PATCH');
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://localhost');
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      contentType: req.headers['content-type'] ?? '',
      userAgent: req.headers['user-agent'] ?? '',
      body,
      status: 0,
    };
    this.requests.push(record);
    let status = 200;
    let payload: unknown;
    try {
      [status, payload] = this.route(record, req);
    } catch (err) {
      if (err instanceof PatchError) [status, payload] = [err.status.code, err.status];
      else [status, payload] = [500, statusBody(500, 'InternalError', String(err))];
    }
    record.status = status;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(payload));
  }

  private route(request: RecordedRequest, req: IncomingMessage): [number, unknown] {
    const { method, path } = request;
    if (method === 'GET' && path === '/version') return [200, { major: '1', minor: '32', gitVersion: 'v1.32.4', platform: 'linux/amd64' }];
    if (method === 'GET' && path === '/api') return [200, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: req.headers.host }] }];
    if (method === 'GET' && path === '/apis') {
      const apps = { groupVersion: 'apps/v1', version: 'v1' };
      return [200, { kind: 'APIGroupList', apiVersion: 'v1', groups: [{ name: 'apps', versions: [apps], preferredVersion: apps }] }];
    }
    if (method === 'GET' && path === '/api/v1') return [200, { kind: 'APIResourceList', groupVersion: 'v1', resources: [] }];
    if (method === 'GET' && path === '/apis/apps/v1') return [200, appsResources];
    const match = deploymentsPath.exec(path);
    if (!match) return [404, statusBody(404, 'NotFound', 'the server could not find the requested resource')];
    const [, namespace, name, subresource] = match;
    if (!name) {
      if (method === 'POST') return this.create(namespace!, JSON.parse(request.body) as KubeObject, managerOf(request));
      return [405, statusBody(405, 'MethodNotAllowed', 'not supported here')];
    }
    const key = `${namespace}/${name}`;
    const current = this.objects.get(key);
    if (subresource === 'scale') return this.scale(request, key, current);
    if (method === 'GET') return current ? [200, current] : [404, notFound(name)];
    if (method === 'PATCH') return this.patch(request, key, namespace!, name, current);
    if (method === 'PUT') {
      if (!current) return [404, notFound(name)];
      const updated = JSON.parse(request.body) as KubeObject;
      return this.store(key, recordUpdate({ old: current, updated, manager: managerOf(request), now: this.now.toISOString(), apiVersion: 'apps/v1', schema: deploymentSchema }), current);
    }
    return [405, statusBody(405, 'MethodNotAllowed', 'not supported here')];
  }

  private create(namespace: string, object: KubeObject, manager: string): [number, unknown] {
    const name = object.metadata?.name ?? '';
    const key = `${namespace}/${name}`;
    if (this.objects.has(key)) return [409, statusBody(409, 'AlreadyExists', `deployments.apps "${name}" already exists`)];
    const created = { ...object, metadata: { ...object.metadata, namespace, uid: randomUUID(), creationTimestamp: this.now.toISOString().replace('.000Z', 'Z'), generation: 1 } } as KubeObject;
    const tracked = recordUpdate({ updated: created, manager, now: this.now.toISOString(), apiVersion: 'apps/v1', schema: deploymentSchema });
    const [, stored] = this.store(key, tracked, undefined);
    return [201, stored];
  }

  private patch(request: RecordedRequest, key: string, namespace: string, name: string, current: KubeObject | undefined): [number, unknown] {
    const apply = patchTypeOf(request.contentType) === 'application/apply-patch+yaml';
    if (!current && !apply) return [404, notFound(name)];
    const result = applyPatch(request.contentType, current, request.body, {
      schema: deploymentSchema,
      manager: managerOf(request),
      force: request.query.get('force') === 'true',
      now: this.now.toISOString(),
      apiVersion: 'apps/v1',
      kind: 'Deployment',
    });
    if (result.conflicts) {
      const error = applyConflictError(result.conflicts);
      return [409, error.status];
    }
    const patched = result.object;
    // A patch that names a resourceVersion is a precondition (kubectl's managedFields migration relies on it).
    const requested = patched.metadata?.resourceVersion;
    if (current && requested !== undefined && requested !== current.metadata?.resourceVersion) {
      return [409, statusBody(409, 'Conflict', `Operation cannot be fulfilled on deployments.apps "${name}": the object has been modified; please apply your changes to the latest version and try again`)];
    }
    if (!current) {
      const created = { ...patched, metadata: { ...patched.metadata, namespace, uid: randomUUID(), creationTimestamp: this.now.toISOString().replace('.000Z', 'Z'), generation: 1 } } as KubeObject;
      const [, stored] = this.store(key, created, undefined);
      return [201, stored];
    }
    return this.store(key, patched, current);
  }

  private scale(request: RecordedRequest, key: string, current: KubeObject | undefined): [number, unknown] {
    if (!current) return [404, notFound(key.split('/')[1]!)];
    const spec = current.spec as JsonObject;
    const scale = {
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: { name: current.metadata?.name, namespace: current.metadata?.namespace, uid: current.metadata?.uid, resourceVersion: current.metadata?.resourceVersion },
      spec: { replicas: spec.replicas ?? 1 },
      status: { replicas: spec.replicas ?? 1, selector: 'app=web' },
    };
    if (request.method === 'GET') return [200, scale];
    const patched =
      request.method === 'PUT' ? (JSON.parse(request.body) as KubeObject) : applyPatch(request.contentType, scale, request.body, { now: this.now.toISOString(), apiVersion: 'autoscaling/v1' }).object;
    const updated = { ...current, spec: { ...spec, replicas: (patched.spec as JsonObject).replicas } } as KubeObject;
    const tracked = recordUpdate({ old: current, updated, manager: managerOf(request), now: this.now.toISOString(), apiVersion: 'apps/v1', subresource: 'scale', schema: deploymentSchema });
    this.store(key, tracked, current);
    return [200, { ...scale, spec: { replicas: (patched.spec as JsonObject).replicas }, metadata: { ...scale.metadata, resourceVersion: tracked.metadata?.resourceVersion } }];
  }

  private store(key: string, object: KubeObject, current: KubeObject | undefined): [number, KubeObject] {
    // Like the API server, a write that changes nothing keeps the resourceVersion.
    const withoutVersion = (o: KubeObject) => ({ ...o, metadata: { ...o.metadata, resourceVersion: '' } }) as unknown as JsonObject;
    const unchanged = current !== undefined && deepEqual(withoutVersion(object), withoutVersion(current));
    const stored = unchanged ? current : ({ ...object, metadata: { ...object.metadata, resourceVersion: String(++this.resourceVersion) } } as KubeObject);
    this.objects.set(key, stored);
    return [200, stored];
  }
}

/** apiserver's managerOrUserAgent: the fieldManager parameter, else the user agent up to its first "/". */
function managerOf(request: RecordedRequest): string {
  return request.query.get('fieldManager') || request.userAgent.split('/')[0]!;
}

function statusBody(code: number, reason: string, message: string) {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
}

const notFound = (name: string) => ({ ...statusBody(404, 'NotFound', `deployments.apps "${name}" not found`), details: { name, group: 'apps', kind: 'deployments' } });

const appsResources = {
  kind: 'APIResourceList',
  apiVersion: 'v1',
  groupVersion: 'apps/v1',
  resources: [
    { name: 'deployments', singularName: 'deployment', namespaced: true, kind: 'Deployment', verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'], shortNames: ['deploy'], categories: ['all'] },
    { name: 'deployments/scale', singularName: '', namespaced: true, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] },
    { name: 'deployments/status', singularName: '', namespaced: true, kind: 'Deployment', verbs: ['get', 'patch', 'update'] },
  ],
};
