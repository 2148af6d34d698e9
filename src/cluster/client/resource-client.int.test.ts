// ResourceClient and RestClient against a real `minato server`: CRUD, status, every patch type,
// deletes with preconditions, the scale and binding subresources, watches, and the ApiError
// predicates — with the admin client certificate from the server's kubeconfig, and with bearer
// tokens.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Deployment } from 'kubernetes-types/apps/v1.js';
import type { ConfigMap, Pod } from 'kubernetes-types/core/v1.js';
import type { Status } from 'kubernetes-types/meta/v1.js';
import { TestClusterServer } from '../../../test/helpers/test-cluster-server.ts';
import { ApiError, isAlreadyExists, isApiError, isBadRequest, isConflict, isForbidden, isGone, isInvalid, isNotFound, isUnauthorized } from './api-error.ts';
import { loadKubeconfig } from './kubeconfig.ts';
import { ResourceClient, type WatchEvent } from './resource-client.ts';
import { resources } from './resources.ts';
import { RestClient, type StreamEnd } from './rest-client.ts';

const ns = 'client-test';

function deployment(name: string, replicas = 1): Deployment {
  return {
    metadata: { name, labels: { app: name } },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'main', image: 'busybox', env: [{ name: 'A', value: '1' }] }] } } },
  };
}

/** The name of an event's object (bookmarks and errors have none). */
function nameIn(event: WatchEvent<ConfigMap>): string | undefined {
  return (event.object as { metadata?: { name?: string } }).metadata?.name;
}

/** Resolves when `predicate` holds for the events so far; rejects after `ms`. */
function eventsUntil(events: WatchEvent<ConfigMap>[], predicate: (events: WatchEvent<ConfigMap>[]) => boolean, ms = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + ms;
    const check = () => {
      if (predicate(events)) resolve();
      else if (Date.now() > deadline) reject(new Error(`timed out; events: ${events.map((event) => `${event.type} ${nameIn(event) ?? ''}`).join(', ')}`));
      else setTimeout(check, 20);
    };
    check();
  });
}

describe('ResourceClient against minato server', { timeout: 120_000 }, () => {
  // The garbage collector finishes orphaning deletions; no other controller touches what the tests write.
  const server = new TestClusterServer({ extraArgs: ['--watch-bookmark-interval', '1', '--controllers', 'garbage-collector,namespace', '--disable-scheduler'] });
  let rest: RestClient;
  let configMaps: ResourceClient<ConfigMap>;
  let deployments: ResourceClient<Deployment>;
  let pods: ResourceClient<Pod>;

  before(async () => {
    writeFileSync(path.join(server.dir, 'tokens.csv'), 'alice-token,alice,uid-alice,"developers"\n');
    server.extraArgs.push('--token-auth-file', path.join(server.dir, 'tokens.csv'));
    await server.start();
    rest = new RestClient(loadKubeconfig(server.kubeconfig), { component: 'client-test' });
    configMaps = new ResourceClient(rest, resources.configMaps);
    deployments = new ResourceClient(rest, resources.deployments);
    pods = new ResourceClient(rest, resources.pods);
    await new ResourceClient(rest, resources.namespaces).create(undefined, { metadata: { name: ns } });
  });

  after(async () => {
    rest?.close();
    await server.cleanup();
  });

  test('create, get, list, update; a stale update is a Conflict, a duplicate AlreadyExists, a missing object NotFound', async () => {
    const created = await configMaps.create(ns, { metadata: { name: 'one', labels: { tier: 'a' } }, data: { k: 'v1' } });
    assert.equal(created.kind, 'ConfigMap');
    assert.equal(created.apiVersion, 'v1');
    assert.match(created.metadata?.uid ?? '', /^[0-9a-f-]{36}$/);
    const read = await configMaps.get(ns, 'one');
    assert.deepEqual(read.data, { k: 'v1' });
    assert.equal(read.metadata?.resourceVersion, created.metadata?.resourceVersion);
    await configMaps.create(ns, { metadata: { name: 'two', labels: { tier: 'b' } } });

    const list = await configMaps.list(ns, { labelSelector: 'tier=a' });
    assert.equal(list.kind, 'ConfigMapList');
    assert.deepEqual(list.items.map((item) => item.metadata?.name), ['one']);
    assert.match(list.metadata.resourceVersion ?? '', /^\d+$/);
    const byField = await configMaps.list(ns, { fieldSelector: 'metadata.name=two' });
    assert.deepEqual(byField.items.map((item) => item.metadata?.name), ['two']);

    const updated = await configMaps.update({ ...read, data: { k: 'v2' } });
    assert.equal(updated.data?.k, 'v2');
    assert.notEqual(updated.metadata?.resourceVersion, read.metadata?.resourceVersion);

    const stale = await configMaps.update({ ...read, data: { k: 'stale' } }).catch((err: unknown) => err);
    assert.ok(stale instanceof ApiError, String(stale));
    assert.equal(stale.code, 409);
    assert.equal(stale.reason, 'Conflict');
    assert.ok(isConflict(stale) && !isAlreadyExists(stale));
    assert.match(stale.message, /the object has been modified/);

    const duplicate = await configMaps.create(ns, { metadata: { name: 'one' } }).catch((err: unknown) => err);
    assert.ok(isAlreadyExists(duplicate) && !isConflict(duplicate), String(duplicate));
    assert.equal((duplicate as ApiError).status.details?.name, 'one');
    assert.equal((duplicate as ApiError).status.details?.kind, 'configmaps');

    const missing = await configMaps.get(ns, 'absent').catch((err: unknown) => err);
    assert.ok(isNotFound(missing), String(missing));
    assert.ok(isApiError(missing));
    assert.equal(missing.status.kind, 'Status');
    assert.equal(missing.status.message, 'configmaps "absent" not found');
    assert.equal(missing.kind, 'NotFound', 'a MinatoError of the matching kind');
    assert.ok(!isConflict(missing) && !isGone(missing));
  });

  test('invalid objects are 422 Invalid with field causes; malformed selectors 400', async () => {
    const invalid = await configMaps.create(ns, { metadata: { name: 'Not_A_Name' } }).catch((err: unknown) => err);
    assert.ok(isInvalid(invalid), String(invalid));
    assert.equal((invalid as ApiError).code, 422);
    assert.ok(((invalid as ApiError).status.details?.causes ?? []).some((cause) => cause.field === 'metadata.name'));
    const bad = await configMaps.list(ns, { labelSelector: 'a in (' }).catch((err: unknown) => err);
    assert.ok(isBadRequest(bad), String(bad));
  });

  test('client-side mistakes fail before any request, with what was wrong', async () => {
    await assert.rejects(configMaps.get(undefined, 'x'), /configmaps are namespaced: a namespace is needed for x/);
    await assert.rejects(new ResourceClient(rest, resources.nodes).get('default', 'n1'), /nodes are cluster-scoped: no namespace \(got "default"\)/);
    await assert.rejects(configMaps.update({ metadata: { name: 'x' } }), /has no metadata.namespace/);
    await assert.rejects(configMaps.update({ metadata: { namespace: ns } }), /has no metadata.name/);
    await assert.rejects(configMaps.create('other', { metadata: { name: 'x', namespace: ns } }), /metadata.namespace "client-test" is not the namespace "other"/);
    await assert.rejects(configMaps.patch(ns, 'one', 'apply', { data: {} }), /needs a fieldManager/);
    await assert.rejects(configMaps.patch(ns, 'one', 'json', { data: {} }), /a JSON patch is a list of operations/);
    assert.throws(() => new ResourceClient(rest, resources.nodes).watch('default', {}, { onEvent: () => undefined }), /cluster-scoped/);
  });

  test('listAll pages through with a limit and returns one snapshot', async () => {
    for (let i = 0; i < 7; i++) await configMaps.create(ns, { metadata: { name: `page-${i}`, labels: { paged: 'yes' } } });
    const first = await configMaps.list(ns, { labelSelector: 'paged=yes', limit: 3 });
    assert.equal(first.items.length, 3);
    assert.ok(first.metadata.continue, 'a continue token');
    const rest2 = await configMaps.list(ns, { labelSelector: 'paged=yes', limit: 3, continue: first.metadata.continue! });
    assert.deepEqual(rest2.items.map((item) => item.metadata?.name), ['page-3', 'page-4', 'page-5']);
    const all = await configMaps.listAll(ns, { labelSelector: 'paged=yes' }, 2);
    assert.deepEqual(all.items.map((item) => item.metadata?.name), ['page-0', 'page-1', 'page-2', 'page-3', 'page-4', 'page-5', 'page-6']);
    assert.equal(all.metadata.continue, undefined);
    assert.match(all.metadata.resourceVersion ?? '', /^\d+$/);
    const everywhere = await configMaps.listAll(undefined, { labelSelector: 'paged=yes' }, 500);
    assert.equal(everywhere.items.length, 7, 'all namespaces');
  });

  test('updateStatus changes only the status; update changes only the rest', async () => {
    const created = await deployments.create(ns, deployment('web', 2));
    assert.equal(created.spec?.strategy?.type, 'RollingUpdate', 'defaulted by the server');
    const withStatus = await deployments.updateStatus({ ...created, spec: { ...created.spec!, replicas: 9 }, status: { replicas: 2, readyReplicas: 1, observedGeneration: 1 } });
    assert.equal(withStatus.status?.readyReplicas, 1);
    assert.equal(withStatus.spec?.replicas, 2, 'the spec is not changed through /status');
    const updated = await deployments.update({ ...withStatus, spec: { ...withStatus.spec!, replicas: 3 }, status: { replicas: 0 } });
    assert.equal(updated.spec?.replicas, 3);
    assert.equal(updated.status?.readyReplicas, 1, 'the status is not changed through the main resource');
    assert.equal(updated.metadata?.generation, 2);
  });

  test('patch: merge, strategic merge, JSON patch, server-side apply', async () => {
    await configMaps.create(ns, { metadata: { name: 'patched' }, data: { a: '1', b: '2' } });
    const merged = await configMaps.patch(ns, 'patched', 'merge', { data: { b: null, c: '3' } });
    assert.deepEqual(merged.data, { a: '1', c: '3' });
    const jsonPatched = await configMaps.patch(ns, 'patched', 'json', [{ op: 'replace', path: '/data/a', value: 'one' }, { op: 'add', path: '/metadata/labels', value: { via: 'json' } }]);
    assert.deepEqual(jsonPatched.data, { a: 'one', c: '3' });
    assert.deepEqual(jsonPatched.metadata?.labels, { via: 'json' });
    const failedTest = await configMaps.patch(ns, 'patched', 'json', [{ op: 'test', path: '/data/a', value: 'nope' }]).catch((err: unknown) => err);
    assert.ok(isApiError(failedTest) && failedTest.code >= 400, String(failedTest));

    await deployments.create(ns, deployment('strategic'));
    const strategic = await deployments.patch(ns, 'strategic', 'strategic', { spec: { template: { spec: { containers: [{ name: 'main', env: [{ name: 'B', value: '2' }] }] } } } });
    const container = strategic.spec?.template.spec?.containers[0];
    assert.equal(strategic.spec?.template.spec?.containers.length, 1, 'containers merged by name');
    assert.equal(container?.image, 'busybox', 'fields not in the patch are kept');
    assert.deepEqual(container?.env?.map((env) => env.name).sort(), ['A', 'B'], 'env merged by name');

    const applied = await configMaps.patch(ns, 'applied', 'apply', { metadata: { name: 'applied' }, data: { owner: 'me' } }, { fieldManager: 'client-test' });
    assert.deepEqual(applied.data, { owner: 'me' }, 'apply creates what does not exist');
    assert.ok(applied.metadata?.managedFields?.some((entry) => entry.manager === 'client-test' && entry.operation === 'Apply'));
    const conflict = await configMaps.patch(ns, 'applied', 'apply', { metadata: { name: 'applied' }, data: { owner: 'someone-else' } }, { fieldManager: 'other' }).catch((err: unknown) => err);
    assert.ok(isConflict(conflict), `a field another manager owns is a conflict: ${String(conflict)}`);
    const forced = await configMaps.patch(ns, 'applied', 'apply', { metadata: { name: 'applied' }, data: { owner: 'someone-else' } }, { fieldManager: 'other', force: true });
    assert.equal(forced.data?.owner, 'someone-else');

    const statusPatched = await deployments.patch(ns, 'strategic', 'merge', { status: { availableReplicas: 1 } }, { subresource: 'status' });
    assert.equal(statusPatched.status?.availableReplicas, 1);
    const dry = await configMaps.patch(ns, 'patched', 'merge', { data: { dry: 'run' } }, { dryRun: true });
    assert.equal(dry.data?.dry, 'run');
    assert.equal((await configMaps.get(ns, 'patched')).data?.dry, undefined, 'a dry run stores nothing');
  });

  test('delete: uid and resourceVersion preconditions, dryRun, propagationPolicy', async () => {
    const created = await configMaps.create(ns, { metadata: { name: 'doomed' } });
    const wrongUid = await configMaps.delete(ns, 'doomed', { preconditions: { uid: '00000000-0000-0000-0000-000000000000' } }).catch((err: unknown) => err);
    assert.ok(isConflict(wrongUid), String(wrongUid));
    assert.match((wrongUid as Error).message, /Precondition failed: UID in precondition/);
    const wrongVersion = await configMaps.delete(ns, 'doomed', { preconditions: { resourceVersion: '1' } }).catch((err: unknown) => err);
    assert.ok(isConflict(wrongVersion), String(wrongVersion));
    await configMaps.delete(ns, 'doomed', { dryRun: true });
    await configMaps.get(ns, 'doomed');
    const answer = (await configMaps.delete(ns, 'doomed', { preconditions: { uid: created.metadata!.uid!, resourceVersion: created.metadata!.resourceVersion! }, propagationPolicy: 'Background', gracePeriodSeconds: 0 })) as Status;
    assert.equal(answer.kind, 'Status');
    assert.equal(answer.status, 'Success');
    assert.ok(isNotFound(await configMaps.get(ns, 'doomed').catch((err: unknown) => err)));
    assert.ok(isNotFound(await configMaps.delete(ns, 'doomed').catch((err: unknown) => err)));

    await deployments.create(ns, deployment('orphaning'));
    const marked = (await deployments.delete(ns, 'orphaning', { propagationPolicy: 'Orphan' })) as Deployment | Status;
    // The garbage collector orphans the dependents and then lets the object go.
    assert.ok(marked.kind === 'Deployment' || marked.kind === 'Status', JSON.stringify(marked));
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && !isNotFound(await deployments.get(ns, 'orphaning').catch((err: unknown) => err))) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.ok(isNotFound(await deployments.get(ns, 'orphaning').catch((err: unknown) => err)), 'the orphaning deletion finished');
  });

  test('the scale subresource', async () => {
    await deployments.create(ns, deployment('scaled', 2));
    const scale = await deployments.getScale(ns, 'scaled');
    assert.equal(scale.kind, 'Scale');
    assert.equal(scale.spec?.replicas, 2);
    const updated = await deployments.updateScale(ns, 'scaled', { ...scale, spec: { replicas: 5 } });
    assert.equal(updated.spec?.replicas, 5);
    assert.equal((await deployments.get(ns, 'scaled')).spec?.replicas, 5);
  });

  test('createSubresource: a TokenRequest for a service account', async () => {
    const serviceAccounts = new ResourceClient(rest, resources.serviceAccounts);
    await serviceAccounts.create(ns, { metadata: { name: 'robot' } });
    const answer = await serviceAccounts.createSubresource<{ kind: string; status: { token: string } }>(ns, 'robot', 'token', { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 600 } });
    assert.equal(answer.kind, 'TokenRequest');
    assert.match(answer.status.token, /^[\w-]+\.[\w-]+\.[\w-]+$/, 'a JWT');
  });

  test("a pod's binding (createSubresource) sets spec.nodeName and PodScheduled, once", async () => {
    await pods.create(ns, { metadata: { name: 'to-bind' }, spec: { containers: [{ name: 'main', image: 'busybox' }] } });
    const binding = { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'to-bind' }, target: { apiVersion: 'v1', kind: 'Node', name: 'node-1' } };
    const answer = await pods.createSubresource<{ kind: string; status: string }>(ns, 'to-bind', 'binding', binding);
    assert.deepEqual([answer.kind, answer.status], ['Status', 'Success']);
    const bound = await pods.get(ns, 'to-bind');
    assert.equal(bound.spec?.nodeName, 'node-1');
    assert.equal(bound.status?.conditions?.find((condition) => condition.type === 'PodScheduled')?.status, 'True');
    const again = await pods.createSubresource(ns, 'to-bind', 'binding', { ...binding, target: { ...binding.target, name: 'node-2' } }).then(
      () => assert.fail('a second binding was accepted'),
      (err: unknown) => err,
    );
    assert.ok(isConflict(again), String(again));
    assert.match((again as Error).message, /pod to-bind is already assigned to node "node-1"/);
    await pods.create(ns, { metadata: { name: 'recreated' }, spec: { containers: [{ name: 'main', image: 'busybox' }] } });
    const stale = await pods.createSubresource(ns, 'recreated', 'binding', { ...binding, metadata: { name: 'recreated', uid: 'uid-of-an-older-pod' } }).then(
      () => assert.fail('a binding for another uid was accepted'),
      (err: unknown) => err,
    );
    assert.ok(isConflict(stale), String(stale));
    assert.match((stale as Error).message, /Precondition failed: UID in precondition: uid-of-an-older-pod/);
  });

  test('DELETE with dryRun in the DeleteOptions body (kubectl delete --dry-run=server) deletes nothing', async () => {
    await configMaps.create(ns, { metadata: { name: 'dry-delete' } });
    await rest.request('DELETE', `/api/v1/namespaces/${ns}/configmaps/dry-delete`, { body: { kind: 'DeleteOptions', apiVersion: 'v1', dryRun: ['All'] } });
    assert.equal((await configMaps.get(ns, 'dry-delete')).metadata?.name, 'dry-delete', 'still there');
  });

  test('watch: typed ADDED, MODIFIED, DELETED and BOOKMARK events; stop() ends it', async () => {
    const start = await configMaps.list(ns, { limit: 1 });
    const events: WatchEvent<ConfigMap>[] = [];
    let opened = false;
    const watch = configMaps.watch(ns, { resourceVersion: start.metadata.resourceVersion!, allowWatchBookmarks: true, labelSelector: 'watched=yes' }, { onEvent: (event) => events.push(event), onOpen: () => (opened = true) });
    await configMaps.create(ns, { metadata: { name: 'w1', labels: { watched: 'yes' } }, data: { n: '1' } });
    await configMaps.create(ns, { metadata: { name: 'unwatched' } });
    await configMaps.patch(ns, 'w1', 'merge', { data: { n: '2' } });
    await configMaps.delete(ns, 'w1');
    await eventsUntil(events, (all) => all.some((event) => event.type === 'DELETED'));
    const changes = events.filter((event) => event.type !== 'BOOKMARK');
    assert.deepEqual(changes.map((event) => [event.type, nameIn(event)]), [['ADDED', 'w1'], ['MODIFIED', 'w1'], ['DELETED', 'w1']]);
    const modified = changes[1]!.object as ConfigMap;
    assert.equal(modified.data?.n, '2');
    assert.equal(modified.kind, 'ConfigMap');
    assert.ok(opened);
    await eventsUntil(events, (all) => all.some((event) => event.type === 'BOOKMARK'), 5000);
    const bookmark = events.find((event) => event.type === 'BOOKMARK')!;
    assert.match(bookmark.object.metadata?.resourceVersion ?? '', /^\d+$/);
    watch.stop();
    assert.deepEqual(await watch.ended, { reason: 'stopped' });
  });

  test('watch: the server ends it at timeoutSeconds (closed); a watch of all namespaces', async () => {
    const events: WatchEvent<ConfigMap>[] = [];
    let end: StreamEnd | undefined;
    const watch = configMaps.watch(undefined, { resourceVersion: '0', timeoutSeconds: 1 }, { onEvent: (event) => events.push(event), onEnd: (how) => (end = how) });
    assert.deepEqual(await watch.ended, { reason: 'closed' });
    assert.deepEqual(end, { reason: 'closed' });
    assert.ok(events.length > 0 && events.every((event) => event.type === 'ADDED'), 'resourceVersion 0: the existing objects first');
    assert.ok(events.some((event) => (event.object as ConfigMap).metadata?.namespace === ns));
  });

  test('watch: a request the server refuses ends as failed with the ApiError', async () => {
    const watch = configMaps.watch(ns, { labelSelector: 'a in (' }, { onEvent: () => assert.fail('no events') });
    const end = await watch.ended;
    assert.equal(end.reason, 'failed');
    assert.ok(end.reason === 'failed' && isBadRequest(end.error), JSON.stringify(end));
  });

  test('bearer tokens: a known token is that user (403 without RBAC rights), an unknown one 401', async () => {
    const config = loadKubeconfig(server.kubeconfig);
    const alice = new RestClient({ server: config.server, ca: config.ca!, token: 'alice-token' }, { component: 'client-test' });
    const nobody = new RestClient({ server: config.server, ca: config.ca!, token: 'wrong' }, { component: 'client-test' });
    try {
      const forbidden = await new ResourceClient(alice, resources.configMaps).get(ns, 'one').catch((err: unknown) => err);
      assert.ok(isForbidden(forbidden), String(forbidden));
      assert.match((forbidden as Error).message, /User "alice" cannot get resource "configmaps"/);
      const unauthorized = await new ResourceClient(nobody, resources.configMaps).get(ns, 'one').catch((err: unknown) => err);
      assert.ok(isUnauthorized(unauthorized), String(unauthorized));
    } finally {
      alice.close();
      nobody.close();
    }
  });

  test('rest: non-resource paths, and a closed client fails fast', async () => {
    const version = await rest.request<{ major: string; gitVersion: string }>('GET', '/version');
    assert.match(version.gitVersion, /^v1\./);
    assert.equal(await rest.request('GET', '/healthz'), 'ok');
    const other = new RestClient(loadKubeconfig(server.kubeconfig), { component: 'client-test' });
    other.close();
    await assert.rejects(other.request('GET', '/version'), /the client is closed/);
  });
});
