// For tests: the least API server the real kubectl needs to run `kubectl create <generator>`
// and `kubectl autoscale` against it — legacy discovery (JSON, so kubectl never takes the
// aggregated v2 path), one Deployment to GET, and 201 for every POST — recording each request
// so a test can decode the protobuf bodies kubectl sent.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeKubernetesProtobuf, isProtobufContentType } from '../../src/cluster/api/protobuf/index.ts';

export interface RecordedRequest {
  method: string;
  url: string;
  accept: string | undefined;
  contentType: string | undefined;
  body: Buffer;
}

interface Resource {
  name: string;
  kind: string;
  namespaced: boolean;
  shortNames?: string[];
}

const verbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

/** The resources kubectl's generators create, and those `create role --resource` and `autoscale` look up. */
const discovery: Record<string, Resource[]> = {
  v1: [
    { name: 'namespaces', kind: 'Namespace', namespaced: false, shortNames: ['ns'] },
    { name: 'pods', kind: 'Pod', namespaced: true, shortNames: ['po'] },
    { name: 'secrets', kind: 'Secret', namespaced: true },
    { name: 'configmaps', kind: 'ConfigMap', namespaced: true, shortNames: ['cm'] },
    { name: 'services', kind: 'Service', namespaced: true, shortNames: ['svc'] },
    { name: 'serviceaccounts', kind: 'ServiceAccount', namespaced: true, shortNames: ['sa'] },
    { name: 'serviceaccounts/token', kind: 'TokenRequest', namespaced: true },
    { name: 'resourcequotas', kind: 'ResourceQuota', namespaced: true, shortNames: ['quota'] },
  ],
  'apps/v1': [
    { name: 'deployments', kind: 'Deployment', namespaced: true, shortNames: ['deploy'] },
    { name: 'deployments/scale', kind: 'Scale', namespaced: true },
  ],
  'batch/v1': [
    { name: 'jobs', kind: 'Job', namespaced: true },
    { name: 'cronjobs', kind: 'CronJob', namespaced: true, shortNames: ['cj'] },
  ],
  'autoscaling/v2': [{ name: 'horizontalpodautoscalers', kind: 'HorizontalPodAutoscaler', namespaced: true, shortNames: ['hpa'] }],
  'autoscaling/v1': [{ name: 'horizontalpodautoscalers', kind: 'HorizontalPodAutoscaler', namespaced: true, shortNames: ['hpa'] }],
  'networking.k8s.io/v1': [{ name: 'ingresses', kind: 'Ingress', namespaced: true, shortNames: ['ing'] }],
  'policy/v1': [{ name: 'poddisruptionbudgets', kind: 'PodDisruptionBudget', namespaced: true, shortNames: ['pdb'] }],
  'scheduling.k8s.io/v1': [{ name: 'priorityclasses', kind: 'PriorityClass', namespaced: false, shortNames: ['pc'] }],
  'rbac.authorization.k8s.io/v1': [
    { name: 'roles', kind: 'Role', namespaced: true },
    { name: 'rolebindings', kind: 'RoleBinding', namespaced: true },
    { name: 'clusterroles', kind: 'ClusterRole', namespaced: false },
    { name: 'clusterrolebindings', kind: 'ClusterRoleBinding', namespaced: false },
  ],
};

/** What `kubectl autoscale deployment web` reads first. */
const webDeployment = {
  kind: 'Deployment',
  apiVersion: 'apps/v1',
  metadata: { name: 'web', namespace: 'default', uid: '6b1c1a53-6f52-4d0e-9a51-1a4e0f4b2c11', resourceVersion: '7', creationTimestamp: '2026-01-02T03:04:05Z' },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'busybox', image: 'busybox' }] } },
  },
};

function groupList() {
  const byGroup = new Map<string, string[]>();
  for (const groupVersion of Object.keys(discovery).filter((gv) => gv.includes('/'))) {
    const [group, version] = groupVersion.split('/') as [string, string];
    byGroup.set(group, [...(byGroup.get(group) ?? []), version]);
  }
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: [...byGroup].map(([name, versions]) => ({
      name,
      versions: versions.map((version) => ({ groupVersion: `${name}/${version}`, version })),
      preferredVersion: { groupVersion: `${name}/${versions[0]}`, version: versions[0] },
    })),
  };
}

function resourceList(groupVersion: string, resources: Resource[]) {
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion,
    resources: resources.map((resource) => ({
      name: resource.name,
      singularName: resource.name.includes('/') ? '' : resource.kind.toLowerCase(),
      namespaced: resource.namespaced,
      kind: resource.kind,
      verbs: resource.name.includes('/') ? ['create', 'get'] : verbs,
      ...(resource.shortNames ? { shortNames: resource.shortNames } : {}),
    })),
  };
}

/** A GET's answer, or undefined for 404. */
function answerGet(path: string): unknown {
  if (path === '/version') return { major: '1', minor: '32', gitVersion: 'v1.32.0', platform: 'linux/amd64' };
  if (path === '/api') return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1' }] };
  if (path === '/apis') return groupList();
  if (path === '/api/v1') return resourceList('v1', discovery['v1']!);
  const groupVersion = /^\/apis\/([^/]+\/[^/]+)$/.exec(path)?.[1];
  if (groupVersion && discovery[groupVersion]) return resourceList(groupVersion, discovery[groupVersion]);
  if (path === '/apis/apps/v1/namespaces/default/deployments/web') return webDeployment;
  return undefined;
}

/** A POST's answer: the object back, as an API server would, with what kubectl prints from it. */
function answerPost(request: RecordedRequest): unknown {
  const object = isProtobufContentType(request.contentType)
    ? decodeKubernetesProtobuf(request.body).object
    : (JSON.parse(request.body.toString('utf8')) as Record<string, unknown>);
  if (object['kind'] === 'TokenRequest') object['status'] = { token: 'recorded-token', expirationTimestamp: '2026-01-02T04:04:05Z' };
  return object;
}

function send(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

const notFound = { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404, message: 'not found' };

export interface RecordingApiServer {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startRecordingApiServer(): Promise<RecordingApiServer> {
  const requests: RecordedRequest[] = [];
  const handle = (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const request: RecordedRequest = { method: req.method ?? '', url: req.url ?? '', accept: req.headers.accept, contentType: req.headers['content-type'], body };
    requests.push(request);
    const path = request.url.split('?')[0]!;
    if (request.method === 'GET') {
      const answer = answerGet(path);
      send(res, answer === undefined ? 404 : 200, answer ?? notFound);
    } else if (request.method === 'POST') {
      try {
        send(res, 201, answerPost(request));
      } catch (err) {
        send(res, 400, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'BadRequest', code: 400, message: String(err) });
      }
    } else {
      send(res, 405, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'MethodNotAllowed', code: 405, message: 'not here' });
    }
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => handle(req, res, Buffer.concat(chunks)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
