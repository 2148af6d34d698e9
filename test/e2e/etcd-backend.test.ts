// `minato server --datastore-endpoint` on a real etcd (Debian's etcd-server, started by the test
// on loopback): kubectl works the same as on the embedded store, a watch resumes from a
// resourceVersion across a server restart, and Secrets are ciphertext in etcd itself.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { clusterRequest, credentialsFrom, WatchStream } from '../helpers/cluster-client.ts';
import { kubectlVersionsDir } from '../helpers/kubectl-versions.ts';
import { TestClusterServer } from '../helpers/test-cluster-server.ts';
import { etcdMissing, TestEtcd } from '../helpers/test-etcd.ts';

const skip = etcdMissing() || (kubectlVersionsDir() ? false : 'kubectl is not installed');

describe('minato server on etcd', { skip, timeout: 180_000 }, () => {
  let etcd: TestEtcd;
  let server: TestClusterServer;
  const kubectl = async (args: string[], input?: string) => {
    const result = await server.kubectl('32', args, { ...(input !== undefined ? { input } : {}) });
    assert.equal(result.code, 0, `kubectl ${args.join(' ')}: ${result.stderr}\n${server.log.split('\n').slice(-5).join('\n')}`);
    return result.stdout;
  };

  before(async () => {
    etcd = await TestEtcd.start();
    server = new TestClusterServer({ datastoreEndpoint: etcd.endpoint });
    await server.start();
  });

  after(async () => {
    await server?.cleanup();
    await etcd?.stop();
  });

  test('kubectl create, apply, get, scale and delete', async () => {
    assert.match(await kubectl(['get', 'ns']), /^default\s+Active/m);
    await kubectl(['create', 'namespace', 'on-etcd']);
    await kubectl(['create', 'deployment', 'web', '--image=busybox', '--replicas=2', '-n', 'on-etcd']);
    await kubectl(['apply', '-f', '-'], 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: on-etcd}\ndata: {mode: test}\n');
    await kubectl(['scale', 'deploy', 'web', '--replicas=4', '-n', 'on-etcd']);
    assert.equal(await kubectl(['get', 'deploy', 'web', '-n', 'on-etcd', '-o', 'jsonpath={.spec.replicas}']), '4');
    assert.match(await kubectl(['get', 'cm', '-n', 'on-etcd']), /^settings\s+1\s+/m);
    await kubectl(['delete', 'namespace', 'on-etcd', '--timeout=30s']);
    const gone = await server.kubectl('32', ['get', 'ns', 'on-etcd']);
    assert.match(gone.stderr, /not found/);
  });

  test('a watch from a resourceVersion resumes across a server restart', async () => {
    const admin = credentialsFrom(server.kubeconfig);
    const first = await clusterRequest(admin, 'POST', '/api/v1/namespaces/default/configmaps', { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'etcd-1' }, data: { a: '1' } } });
    assert.equal(first.status, 201, first.text);
    await clusterRequest(admin, 'POST', '/api/v1/namespaces/default/configmaps', { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'etcd-2' }, data: { a: '2' } } });
    await server.stop();
    await server.start();
    const after = credentialsFrom(server.kubeconfig);
    const watch = await WatchStream.open(after, `/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${first.json<{ metadata: { resourceVersion: string } }>().metadata.resourceVersion}`);
    const events = await watch.until((all) => all.some((event) => event.object.metadata?.name === 'etcd-2'));
    assert.deepEqual(events.map((event) => `${event.type} ${event.object.metadata?.name}`), ['ADDED etcd-2']);
    watch.stop();
  });

  test('Secrets are ciphertext in etcd', async () => {
    await kubectl(['create', 'secret', 'generic', 'in-etcd', '--from-literal=token=plain-etcd-secret-77']);
    const response = await fetch(`${etcd.endpoint}/v3/kv/range`, {
      method: 'POST',
      body: JSON.stringify({ key: Buffer.from('\0').toString('base64'), range_end: Buffer.from('\0').toString('base64') }),
    });
    const body = (await response.json()) as { kvs: { key: string; value: string }[] };
    const entries = body.kvs.map((kv) => ({ key: Buffer.from(kv.key, 'base64').toString(), value: Buffer.from(kv.value, 'base64') }));
    const secret = entries.find((entry) => entry.key.endsWith('/registry/core/secrets/default/in-etcd'));
    assert.ok(secret, `the secret's key is in etcd: ${entries.map((entry) => entry.key).slice(0, 5).join(', ')}`);
    assert.ok(secret.value.subarray(0, 23).toString() === 'k8s:enc:aesgcm:v1:key1:');
    for (const entry of entries) {
      assert.equal(entry.value.includes(Buffer.from('plain-etcd-secret-77')), false, `${entry.key} holds the plaintext`);
      assert.equal(entry.value.includes(Buffer.from(Buffer.from('plain-etcd-secret-77').toString('base64'))), false);
    }
  });
});
