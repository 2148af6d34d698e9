// The real kubectl (1.32 and 1.33) against the /openapi/v3 documents: `explain` prints their
// descriptions and types, and `create -f` / `apply -f` fetch them, find the fieldValidation
// parameter on the kind's PATCH operation and send ?fieldValidation=Strict. The server here is
// a stand-in: /version, legacy discovery for the few kinds used, the OpenAPI documents, and an
// in-memory echo of create/get/patch — enough for kubectl's requests, which it records.
// Skipped where kubectl is not installed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { createOpenAPIV3Service } from './service.ts';
import { openAPIV3Response } from './http.ts';
import type { OpenAPIResource } from './openapi-resource.ts';
import { kubectlVersionsDir } from '../../../../test/helpers/kubectl-versions.ts';

const run = promisify(execFile);

const kubectlDir = kubectlVersionsDir();

const resources: OpenAPIResource[] = [
  { group: '', version: 'v1', kind: 'Pod', plural: 'pods', namespaced: true, subresources: { status: true } },
  { group: '', version: 'v1', kind: 'Namespace', plural: 'namespaces', namespaced: false, subresources: { status: true } },
  { group: 'apps', version: 'v1', kind: 'Deployment', plural: 'deployments', namespaced: true, subresources: { status: true, scale: {} } },
];
const verbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

function resourceList(groupVersion: string): unknown {
  const [group, version] = groupVersion.includes('/') ? groupVersion.split('/') : ['', groupVersion];
  const entries = resources
    .filter((r) => r.group === group && r.version === version)
    .flatMap((r) => [
      { name: r.plural, singularName: r.kind.toLowerCase(), namespaced: r.namespaced, kind: r.kind, verbs },
      { name: `${r.plural}/status`, singularName: '', namespaced: r.namespaced, kind: r.kind, verbs: ['get', 'patch', 'update'] },
      ...(r.subresources.scale ? [{ name: `${r.plural}/scale`, singularName: '', namespaced: r.namespaced, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] }] : []),
    ]);
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources: entries };
}

interface Logged {
  method: string;
  url: string;
  contentType?: string;
  body?: string;
}

let server: Server;
let address: string;
let work: string;
const log: Logged[] = [];
const objects = new Map<string, Record<string, unknown>>();
const openapi = createOpenAPIV3Service(resources, { serverVersion: 'v1.32.0' });

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks).toString();
  const url = new URL(req.url!, 'http://localhost');
  log.push({ method: req.method!, url: req.url!, ...(req.headers['content-type'] ? { contentType: req.headers['content-type'] } : {}), ...(body ? { body } : {}) });

  const answer = openAPIV3Response(openapi, { path: url.pathname, hash: url.searchParams.get('hash'), headers: req.headers });
  if (answer) {
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body);
    return;
  }
  const p = url.pathname;
  if (p === '/version') return send(res, 200, { major: '1', minor: '32', gitVersion: 'v1.32.0', platform: 'linux/amd64' });
  if (p === '/api') return send(res, 200, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: address }] });
  if (p === '/apis') {
    const apps = { name: 'apps', versions: [{ groupVersion: 'apps/v1', version: 'v1' }], preferredVersion: { groupVersion: 'apps/v1', version: 'v1' } };
    return send(res, 200, { kind: 'APIGroupList', apiVersion: 'v1', groups: [apps] });
  }
  if (p === '/api/v1') return send(res, 200, resourceList('v1'));
  if (p === '/apis/apps/v1') return send(res, 200, resourceList('apps/v1'));
  const collection = '/apis/apps/v1/namespaces/default/deployments';
  if (p === collection && req.method === 'POST') {
    const object = JSON.parse(body) as { metadata: Record<string, unknown> };
    object.metadata = { ...object.metadata, namespace: 'default', uid: '0b6c6f1e-0000-4000-8000-000000000001', resourceVersion: '1', generation: 1, creationTimestamp: '2025-01-01T00:00:00Z' };
    if (url.searchParams.get('dryRun') !== 'All') objects.set(`${collection}/${String(object.metadata.name)}`, object);
    return send(res, 201, object);
  }
  const stored = objects.get(p);
  if (p.startsWith(`${collection}/`) && req.method === 'GET') {
    if (stored) return send(res, 200, stored);
    return send(res, 404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404, message: `deployments.apps "${p.split('/').pop()}" not found`, details: { name: p.split('/').pop(), group: 'apps', kind: 'deployments' } });
  }
  if (p.startsWith(`${collection}/`) && req.method === 'PATCH' && stored) return send(res, 200, stored);
  send(res, 404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404, message: 'the server could not find the requested resource' });
}

before(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'minato-kubectl-openapi-'));
  writeFileSync(path.join(work, 'kubeconfig'), 'apiVersion: v1\nkind: Config\n');
  server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => send(res, 500, { message: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  address = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(work, { recursive: true, force: true });
});

function deployment(image: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: ${image}
        ports:
        - containerPort: 80
`;
}

for (const version of ['1.32', '1.33']) {
  const binary = kubectlDir && path.join(kubectlDir, `kubectl.${version}`);
  const skip = binary ? false : 'kubectl is not installed';

  // kubectl keeps the documents in its cache directory under their hashed URLs: each test
  // starts with an empty one, so its first command fetches what it needs.
  const kubectl = async (cacheName: string, ...args: string[]) => {
    const cache = path.join(work, `cache-${version}-${cacheName}`);
    const env = { ...process.env, KUBECONFIG: path.join(work, 'kubeconfig'), HOME: work };
    const { stdout } = await run(binary!, ['--server', `http://${address}`, '--cache-dir', cache, ...args], { env, timeout: 60_000 });
    return stdout;
  };

  test(`kubectl ${version} explain prints the descriptions and types of the documents`, { skip }, async () => {
    const strategy = await kubectl('explain', 'explain', 'deployment.spec.strategy');
    assert.match(strategy, /GROUP:\s+apps/);
    assert.match(strategy, /KIND:\s+Deployment/);
    assert.match(strategy, /FIELD: strategy <DeploymentStrategy>/);
    assert.match(strategy, /The deployment strategy to use to replace existing pods with new ones\./);
    assert.match(strategy, /rollingUpdate\s+<RollingUpdateDeployment>/);

    const rolling = await kubectl('explain', 'explain', 'deployment.spec.strategy.rollingUpdate');
    assert.match(rolling, /maxSurge\s+<IntOrString>/);

    const policy = await kubectl('explain', 'explain', 'pods.spec.containers.imagePullPolicy');
    assert.match(policy, /KIND:\s+Pod/);
    assert.match(policy, /FIELD: imagePullPolicy <string>/);
    assert.match(policy, /Image pull policy\. One of Always, Never, IfNotPresent\./);

    const containers = await kubectl('explain', 'explain', 'pods.spec.containers');
    assert.match(containers, /FIELD: containers <\[\]Container>/);
    assert.match(containers, /name\s+<string> -required-/);
    assert.match(containers, /resources\s+<ResourceRequirements>/);

    const limits = await kubectl('explain', 'explain', 'pods.spec.containers.resources.limits');
    assert.match(limits, /FIELD: limits <map\[string\]Quantity>/);

    const metadata = await kubectl('explain', 'explain', 'pods.metadata.creationTimestamp');
    assert.match(metadata, /FIELD: creationTimestamp <string>/);
  });

  test(`kubectl ${version} create -f and apply -f fetch the documents and send fieldValidation=Strict`, { skip }, async () => {
    objects.clear();
    const file = path.join(work, `deploy-${version}.yaml`);
    writeFileSync(file, deployment('busybox:1'));
    log.length = 0;
    assert.match(await kubectl('write', 'create', '-f', file), /deployment.apps\/web created/);
    const urls = log.map((entry) => `${entry.method} ${entry.url}`);
    assert.ok(urls.some((url) => /^GET \/openapi\/v3(\?|$)/.test(url)), urls.join('\n'));
    assert.ok(urls.some((url) => /^GET \/openapi\/v3\/apis\/apps\/v1\?hash=[0-9A-F]{128}(&|$)/.test(url)), urls.join('\n'));
    assert.ok(!urls.some((url) => url.startsWith('GET /openapi/v2')), 'no fallback to OpenAPI v2');
    const post = log.find((entry) => entry.method === 'POST');
    assert.ok(post, urls.join('\n'));
    assert.match(post.url, /[?&]fieldValidation=Strict(&|$)/);

    // apply: GET (404) then POST with the last-applied annotation; the documents come from the cache now.
    objects.clear();
    log.length = 0;
    assert.match(await kubectl('write', 'apply', '-f', file, '--dry-run=server'), /deployment.apps\/web created \(server dry run\)/);
    const dryRun = log.find((entry) => entry.method === 'POST');
    assert.ok(dryRun);
    assert.match(dryRun.url, /[?&]dryRun=All(&|$)/);
    assert.match(dryRun.url, /[?&]fieldValidation=Strict(&|$)/);

    log.length = 0;
    assert.match(await kubectl('write', 'apply', '-f', file), /deployment.apps\/web created/);
    const applied = log.find((entry) => entry.method === 'POST');
    assert.ok(applied);
    assert.match(applied.url, /fieldManager=kubectl-client-side-apply/);
    assert.match(applied.url, /[?&]fieldValidation=Strict(&|$)/);
    assert.match(applied.body!, /kubectl.kubernetes.io\/last-applied-configuration/);

    // A second apply with a new image: a strategic merge patch keyed by container name.
    writeFileSync(file, deployment('busybox:2'));
    log.length = 0;
    assert.match(await kubectl('write', 'apply', '-f', file), /deployment.apps\/web configured/);
    const patch = log.find((entry) => entry.method === 'PATCH');
    assert.ok(patch, log.map((entry) => `${entry.method} ${entry.url}`).join('\n'));
    assert.equal(patch.contentType, 'application/strategic-merge-patch+json');
    assert.match(patch.url, /[?&]fieldValidation=Strict(&|$)/);
    const body = JSON.parse(patch.body!) as { spec: { template: { spec: Record<string, unknown> } } };
    assert.deepEqual(body.spec.template.spec['$setElementOrder/containers'], [{ name: 'web' }]);
    assert.deepEqual(body.spec.template.spec.containers, [{ image: 'busybox:2', name: 'web' }]);
  });
}
