// The Kubernetes API's semantics that clients (informers, kubectl get -w, controllers) depend
// on, over plain HTTPS against a real `minato server`: watch (initial events, resuming from a
// resourceVersion — also across a server restart —, bookmarks, selectors, 410 Expired after
// compaction), pagination, Tables and aggregated discovery, protobuf answers, authentication
// and RBAC with Kubernetes' Status bodies, Secrets encrypted at rest, and bad input that must
// never hurt the server or its other clients.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { clusterRequest, type ClusterCredentials, credentialsFrom, WatchStream } from '../helpers/cluster-client.ts';
import { TestClusterServer } from '../helpers/test-cluster-server.ts';

const configMap = (name: string, labels: Record<string, string> = {}, data: Record<string, string> = { a: '1' }) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, labels },
  data,
});

describe('minato server: API semantics over HTTPS', { timeout: 300_000 }, () => {
  let tokenFile: string;
  let server: TestClusterServer;
  let admin: ClusterCredentials;
  const api = (method: string, path: string, options: Parameters<typeof clusterRequest>[3] = {}) => clusterRequest(admin, method, path, options);
  const created = async (path: string, body: unknown) => {
    const response = await api('POST', path, { body });
    assert.equal(response.status, 201, response.text);
    return response.json<{ metadata: { resourceVersion: string; uid: string } }>();
  };

  before(async () => {
    server = new TestClusterServer({ extraArgs: ['--watch-bookmark-interval', '1', '--etcd-compaction-interval', '1', '--compaction-retain-revisions', '20'] });
    tokenFile = path.join(server.dir, 'tokens.csv');
    writeFileSync(tokenFile, 'alice-token,alice,1001,"developers"\n');
    server.extraArgs.push('--token-auth-file', tokenFile);
    await server.start();
    admin = credentialsFrom(server.kubeconfig);
    assert.equal((await api('POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'watch' } } })).status, 201);
  });

  after(async () => {
    await server.cleanup();
  });

  test('a watch without resourceVersion sends ADDED for what exists, then the changes; from a resourceVersion, only what came after', async () => {
    await created('/api/v1/namespaces/watch/configmaps', configMap('before'));
    const fromNow = await WatchStream.open(admin, '/api/v1/namespaces/watch/configmaps?watch=true');
    await fromNow.until((events) => events.some((event) => event.type === 'ADDED' && event.object.metadata?.name === 'before'));
    const made = await created('/api/v1/namespaces/watch/configmaps', configMap('during'));
    await api('PATCH', '/api/v1/namespaces/watch/configmaps/during', { raw: '{"data":{"a":"2"}}', contentType: 'application/merge-patch+json' });
    await api('DELETE', '/api/v1/namespaces/watch/configmaps/during');
    const events = await fromNow.until((all) => all.some((event) => event.type === 'DELETED'));
    assert.deepEqual(events.map((event) => `${event.type} ${event.object.metadata?.name}`), ['ADDED before', 'ADDED during', 'MODIFIED during', 'DELETED during']);
    assert.equal(events[1]!.object.kind, 'ConfigMap');
    fromNow.stop();

    const resumed = await WatchStream.open(admin, `/api/v1/namespaces/watch/configmaps?watch=true&resourceVersion=${made.metadata.resourceVersion}`);
    const replay = await resumed.until((all) => all.length >= 2);
    assert.deepEqual(replay.map((event) => `${event.type} ${event.object.metadata?.name}`), ['MODIFIED during', 'DELETED during'], 'only what came after that revision');
    resumed.stop();
  });

  test('a labelSelector watch sees an object leave the selection as DELETED', async () => {
    const watch = await WatchStream.open(admin, '/api/v1/namespaces/watch/configmaps?watch=true&labelSelector=team%3Dblue');
    await created('/api/v1/namespaces/watch/configmaps', configMap('colored', { team: 'blue' }));
    await api('PATCH', '/api/v1/namespaces/watch/configmaps/colored', { raw: '{"metadata":{"labels":{"team":"red"}}}', contentType: 'application/merge-patch+json' });
    await created('/api/v1/namespaces/watch/configmaps', configMap('other', { team: 'red' }));
    const events = await watch.until((all) => all.some((event) => event.type === 'DELETED'));
    assert.deepEqual(events.map((event) => `${event.type} ${event.object.metadata?.name}`), ['ADDED colored', 'DELETED colored']);
    watch.stop();
  });

  test('bookmarks come to watches that allow them, and sendInitialEvents ends its initial events with one', async () => {
    const watch = await WatchStream.open(admin, '/api/v1/namespaces/watch/configmaps?watch=true&allowWatchBookmarks=true&resourceVersion=0');
    const events = await watch.until((all) => all.some((event) => event.type === 'BOOKMARK'), 5000);
    const bookmark = events.find((event) => event.type === 'BOOKMARK')!;
    assert.equal(bookmark.object.kind, 'ConfigMap');
    assert.match(bookmark.object.metadata!.resourceVersion!, /^\d+$/);
    watch.stop();
    const list = await WatchStream.open(admin, '/api/v1/namespaces/watch/configmaps?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true');
    const initial = await list.until((all) => all.some((event) => event.type === 'BOOKMARK' && event.object.metadata?.annotations?.['k8s.io/initial-events-end'] === 'true'));
    const names = initial.filter((event) => event.type === 'ADDED').map((event) => event.object.metadata?.name).sort();
    assert.deepEqual(names, ['before', 'colored', 'other']);
    list.stop();
  });

  test('LIST pages with limit and continue are one snapshot; an expired continue token is 410', async () => {
    for (let i = 0; i < 7; i++) await created('/api/v1/namespaces/watch/configmaps', configMap(`page-${i}`, { paged: 'yes' }));
    const first = await api('GET', '/api/v1/namespaces/watch/configmaps?labelSelector=paged%3Dyes&limit=3');
    const firstPage = first.json<{ metadata: { continue: string; resourceVersion: string }; items: { metadata: { name: string } }[] }>();
    assert.deepEqual(firstPage.items.map((item) => item.metadata.name), ['page-0', 'page-1', 'page-2']);
    await created('/api/v1/namespaces/watch/configmaps', configMap('page-9', { paged: 'yes' }));
    const names: string[] = firstPage.items.map((item) => item.metadata.name);
    let token: string | undefined = firstPage.metadata.continue;
    while (token) {
      const page: { metadata: { continue?: string; resourceVersion: string }; items: { metadata: { name: string } }[] } = (await api('GET', `/api/v1/namespaces/watch/configmaps?labelSelector=paged%3Dyes&limit=3&continue=${encodeURIComponent(token)}`)).json<{ metadata: { continue?: string; resourceVersion: string }; items: { metadata: { name: string } }[] }>();
      assert.equal(page.metadata.resourceVersion, firstPage.metadata.resourceVersion, 'every page at the first page\'s revision');
      names.push(...page.items.map((item) => item.metadata.name));
      token = page.metadata.continue;
    }
    assert.deepEqual(names, ['page-0', 'page-1', 'page-2', 'page-3', 'page-4', 'page-5', 'page-6'], 'page-9 came after the snapshot');
    // Enough writes for compaction (every second, keeping 20 revisions) to pass the token's revision.
    for (let i = 0; i < 30; i++) await api('PATCH', '/api/v1/namespaces/watch/configmaps/page-9', { raw: JSON.stringify({ data: { n: String(i) } }), contentType: 'application/merge-patch+json' });
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const expired = await api('GET', `/api/v1/namespaces/watch/configmaps?limit=3&continue=${encodeURIComponent(firstPage.metadata.continue)}`);
    assert.equal(expired.status, 410, expired.text);
    assert.equal(expired.json<{ reason: string }>().reason, 'Expired');
    assert.match(expired.json<{ message: string }>().message, /The provided continue parameter is too old/);
  });

  test('a watch from a compacted resourceVersion gets one ERROR event with a 410 Expired Status', async () => {
    const watch = await WatchStream.open(admin, '/api/v1/namespaces/watch/configmaps?watch=true&resourceVersion=2');
    const events = await watch.until((all) => all.some((event) => event.type === 'ERROR'));
    assert.equal(events.length, 1);
    const status = events[0]!.object as { kind: string; code: number; reason: string; message: string };
    assert.equal(status.kind, 'Status');
    assert.equal(status.code, 410);
    assert.equal(status.reason, 'Expired');
    assert.match(status.message, /too old resource version: 2/);
    await watch.until(() => watch.ended, 5000).catch(() => undefined);
    assert.equal(watch.ended, true, 'the stream ends after the error');
  });

  test('a watch from a resourceVersion works across a server restart', async () => {
    const before = await created('/api/v1/namespaces/watch/configmaps', configMap('restart-1'));
    await created('/api/v1/namespaces/watch/configmaps', configMap('restart-2'));
    await server.stop();
    await server.start();
    admin = credentialsFrom(server.kubeconfig);
    const watch = await WatchStream.open(admin, `/api/v1/namespaces/watch/configmaps?watch=true&resourceVersion=${before.metadata.resourceVersion}`);
    const events = await watch.until((all) => all.some((event) => event.object.metadata?.name === 'restart-2'));
    assert.deepEqual(events.map((event) => `${event.type} ${event.object.metadata?.name}`), ['ADDED restart-2']);
    watch.stop();
  });

  test('Tables for kubectl get, aggregated discovery, and protobuf for clients that ask only for it', async () => {
    const table = await api('GET', '/api/v1/namespaces/watch/configmaps?limit=2', { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' });
    const body = table.json<{ kind: string; columnDefinitions: { name: string }[]; rows: { cells: unknown[]; object: { kind: string } }[] }>();
    assert.equal(body.kind, 'Table');
    assert.deepEqual(body.columnDefinitions.map((column) => column.name), ['Name', 'Data', 'Age']);
    assert.equal(body.rows[0]!.object.kind, 'PartialObjectMetadata');
    assert.equal(body.rows[0]!.cells[1], 1);

    const discovery = await api('GET', '/apis', { accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json' });
    assert.equal(discovery.headers['content-type'], 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
    const apps = discovery.json<{ items: { metadata: { name: string }; versions: { resources: { resource: string; shortNames?: string[]; categories?: string[] }[] }[] }[] }>().items.find((item) => item.metadata.name === 'apps')!;
    const deployments = apps.versions[0]!.resources.find((resource) => resource.resource === 'deployments')!;
    assert.deepEqual(deployments.shortNames, ['deploy']);
    assert.deepEqual(deployments.categories, ['all']);

    const protobuf = await api('GET', '/api/v1/namespaces/watch/configmaps/before', { accept: 'application/vnd.kubernetes.protobuf' });
    assert.equal(protobuf.headers['content-type'], 'application/vnd.kubernetes.protobuf');
    const bytes = Buffer.from(protobuf.text, 'latin1');
    assert.deepEqual([...bytes.subarray(0, 4)], [0x6b, 0x38, 0x73, 0x00], 'the k8s\\0 magic');
  });

  test('authentication and RBAC: 401 without credentials, 403 with Kubernetes\' message, allowed once bound', async () => {
    const anonymous = await api('GET', '/api/v1/namespaces/watch/configmaps', { as: 'anonymous' });
    assert.equal(anonymous.status, 401);
    assert.deepEqual(anonymous.json(), { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 });
    assert.equal((await api('GET', '/version', { as: 'anonymous' })).status, 200, '/version is public');
    const alice = { token: 'alice-token' };
    const denied = await api('GET', '/api/v1/namespaces/watch/configmaps', { as: alice });
    assert.equal(denied.status, 403);
    assert.equal(denied.json<{ message: string }>().message, 'configmaps is forbidden: User "alice" cannot list resource "configmaps" in API group "" in the namespace "watch"');
    assert.equal((await api('GET', '/api/v1/namespaces/watch/configmaps', { as: { token: 'wrong' } })).status, 401);
    await created('/apis/rbac.authorization.k8s.io/v1/namespaces/watch/rolebindings', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'developers-view' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'developers' }],
    });
    const deadline = Date.now() + 5000;
    let allowed = await api('GET', '/api/v1/namespaces/watch/configmaps', { as: alice });
    while (allowed.status !== 200 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      allowed = await api('GET', '/api/v1/namespaces/watch/configmaps', { as: alice });
    }
    assert.equal(allowed.status, 200, 'the view ClusterRole, bound in the namespace, lets alice list');
    assert.equal((await api('GET', '/api/v1/namespaces/default/configmaps', { as: alice })).status, 403, 'only in that namespace');
    assert.equal((await api('POST', '/api/v1/namespaces/watch/configmaps', { as: alice, body: configMap('by-alice') })).status, 403, 'view does not write');
  });

  test('service-account tokens from TokenRequest authenticate until the account is deleted', async () => {
    const account = await created('/api/v1/namespaces/watch/serviceaccounts', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'robot' } });
    const issued = await api('POST', '/api/v1/namespaces/watch/serviceaccounts/robot/token', { body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 600 } } });
    assert.equal(issued.status, 201, issued.text);
    const token = issued.json<{ status: { token: string } }>().status.token;
    const denied = await api('GET', '/api/v1/namespaces/watch/pods', { as: { token } });
    assert.equal(denied.status, 403);
    assert.match(denied.json<{ message: string }>().message, /User "system:serviceaccount:watch:robot" cannot list resource "pods"/);
    assert.ok(account.metadata.uid);
    await api('DELETE', '/api/v1/namespaces/watch/serviceaccounts/robot');
    const deadline = Date.now() + 5000;
    let after = await api('GET', '/api/v1/namespaces/watch/pods', { as: { token } });
    while (after.status !== 401 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      after = await api('GET', '/api/v1/namespaces/watch/pods', { as: { token } });
    }
    assert.equal(after.status, 401, 'a token of a deleted account proves no one');
    const tooShort = await api('POST', '/api/v1/namespaces/default/serviceaccounts/default/token', { body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 10 } } });
    assert.ok([404, 422].includes(tooShort.status), tooShort.text);
  });

  test('Secrets are encrypted at rest: the store holds no plaintext', async () => {
    const plaintext = 'the-secret-value-9f2c';
    await created('/api/v1/namespaces/watch/secrets', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'hidden' }, stringData: { password: plaintext } });
    const read = (await api('GET', '/api/v1/namespaces/watch/secrets/hidden')).json<{ data: { password: string } }>();
    assert.equal(Buffer.from(read.data.password, 'base64').toString(), plaintext);
    const dbDir = path.join(server.dataDir, 'db');
    const raw = Buffer.concat(readdirSync(dbDir).map((file) => readFileSync(path.join(dbDir, file))));
    assert.equal(raw.includes(Buffer.from(plaintext)), false, 'no plaintext value');
    assert.equal(raw.includes(Buffer.from(Buffer.from(plaintext).toString('base64'))), false, 'no base64 value');
    assert.ok(raw.includes(Buffer.from('k8s:enc:aesgcm:v1:key1:')), 'stored in the aesgcm format');
    assert.ok(raw.includes(Buffer.from('"name":"before"')), 'other kinds are stored as they are (the check reads the right files)');
  });

  test('bad input gets Kubernetes\' Status and never hurts the server', async () => {
    const cases: [string, string, Parameters<typeof clusterRequest>[3], number, string][] = [
      ['POST', '/api/v1/namespaces/watch/configmaps', { raw: '{"apiVersion": "v1", "kind":', contentType: 'application/json' }, 400, 'BadRequest'],
      ['POST', '/api/v1/namespaces/watch/configmaps', { raw: 'apiVersion: v1\nkind: ConfigMap\n  metadata: [broken', contentType: 'application/yaml' }, 400, 'BadRequest'],
      ['POST', '/api/v1/namespaces/watch/configmaps', { body: { apiVersion: 'apps/v1', kind: 'ConfigMap', metadata: { name: 'x' } } }, 400, 'BadRequest'],
      ['POST', '/api/v1/namespaces/watch/configmaps', { raw: 'x', contentType: 'text/plain' }, 415, 'UnsupportedMediaType'],
      ['POST', '/api/v1/namespaces/watch/frobnicators', { body: {} }, 404, 'NotFound'],
      ['POST', '/api/v1/namespaces/watch/configmaps', { body: configMap('Bad_Name') }, 422, 'Invalid'],
      ['POST', '/api/v1/namespaces/nosuch/configmaps', { body: configMap('x') }, 404, 'NotFound'],
      ['PUT', '/api/v1/namespaces/watch/configmaps/before', { body: { ...configMap('before'), metadata: { name: 'before', resourceVersion: '1' } } }, 409, 'Conflict'],
      ['POST', '/api/v1/namespaces/watch/configmaps', { raw: `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"big"},"data":{"a":"${'x'.repeat(3_200_000)}"}}` }, 413, 'RequestEntityTooLarge'],
      ['GET', '/api/v1/namespaces/watch/configmaps?labelSelector=a%3D%3D%3Db', {}, 400, 'BadRequest'],
      ['GET', '/api/v1/pods?fieldSelector=spec.nothing%3Dx', {}, 400, 'BadRequest'],
    ];
    for (const [method, url, options, code, reason] of cases) {
      const response = await api(method, url, options);
      assert.equal(response.status, code, `${method} ${url}: ${response.text.slice(0, 300)}`);
      const status = response.json<{ kind: string; reason: string; code: number }>();
      assert.equal(status.kind, 'Status');
      assert.equal(status.reason, reason, `${method} ${url}`);
      assert.equal(status.code, code);
    }
    const invalid = (await api('POST', '/api/v1/namespaces/watch/configmaps', { body: configMap('Bad_Name') })).json<{ details: { causes: { field: string; reason: string }[] } }>();
    assert.deepEqual(invalid.details.causes.map((cause) => `${cause.reason} ${cause.field}`), ['FieldValueInvalid metadata.name']);
    assert.equal((await api('GET', '/readyz')).status, 200, 'the server still serves');
  });

  test('a watcher that never reads is cut off; everyone else is served meanwhile', async () => {
    const sleeper = await WatchStream.open(admin, '/api/v1/namespaces/watch/configmaps?watch=true&resourceVersion=0');
    // Pause it: its socket fills, then the server's buffer for it.
    (sleeper as unknown as { response: { pause(): void } }).response.pause();
    const value = 'v'.repeat(900_000);
    const started = Date.now();
    for (let i = 0; i < 40; i++) {
      await created('/api/v1/namespaces/watch/configmaps', configMap(`heavy-${i}`, {}, { value }));
      const quick = await api('GET', '/api/v1/namespaces/watch');
      assert.equal(quick.status, 200);
    }
    assert.ok(Date.now() - started < 60_000, 'writes and reads went on');
    // A paused stream reports nothing; let it read what it got, then see that it was ended.
    (sleeper as unknown as { response: { resume(): void } }).response.resume();
    const deadline = Date.now() + 10_000;
    while (!sleeper.ended && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(sleeper.ended, true, 'the stalled watch was ended by the server');
    assert.ok(sleeper.events.filter((event) => event.object.metadata?.name?.startsWith('heavy-')).length < 40, 'it did not get everything');
    assert.match(server.log, /a watcher stopped reading; its watch is ended/);
  });
});
