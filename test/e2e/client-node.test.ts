// A client library, not kubectl: @kubernetes/client-node (the official JavaScript client)
// against a real `minato server` — typed CRUD with its request objects, a watch, and an
// informer that lists, watches and keeps its cache current.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as k8s from '@kubernetes/client-node';
import { TestClusterServer } from '../helpers/test-cluster-server.ts';

describe('@kubernetes/client-node against minato server', { timeout: 120_000 }, () => {
  const server = new TestClusterServer();
  let config: k8s.KubeConfig;

  before(async () => {
    await server.start();
    config = new k8s.KubeConfig();
    config.loadFromFile(server.kubeconfig);
  });

  after(async () => {
    await server.cleanup();
  });

  test('typed CRUD: namespaces, config maps and deployments', async () => {
    const core = config.makeApiClient(k8s.CoreV1Api);
    const apps = config.makeApiClient(k8s.AppsV1Api);
    const namespaces = await core.listNamespace();
    assert.ok(namespaces.items.some((namespace) => namespace.metadata?.name === 'kube-system'));
    await core.createNamespace({ body: { metadata: { name: 'lib' } } });
    const created = await core.createNamespacedConfigMap({ namespace: 'lib', body: { metadata: { name: 'settings', labels: { app: 'demo' } }, data: { color: 'blue' } } });
    assert.equal(created.data?.color, 'blue');
    assert.match(created.metadata?.uid ?? '', /^[0-9a-f-]{36}$/);
    const read = await core.readNamespacedConfigMap({ name: 'settings', namespace: 'lib' });
    assert.equal(read.metadata?.resourceVersion, created.metadata?.resourceVersion);
    const replaced = await core.replaceNamespacedConfigMap({ name: 'settings', namespace: 'lib', body: { ...read, data: { color: 'green' } } });
    assert.equal(replaced.data?.color, 'green');
    await assert.rejects(
      core.replaceNamespacedConfigMap({ name: 'settings', namespace: 'lib', body: { ...read, data: { color: 'stale' } } }),
      (err: k8s.ApiException<unknown>) => err.code === 409,
      'a stale resourceVersion is a conflict',
    );
    const deployment = await apps.createNamespacedDeployment({
      namespace: 'lib',
      body: {
        metadata: { name: 'web' },
        spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'busybox' }] } } },
      },
    });
    assert.equal(deployment.spec?.strategy?.type, 'RollingUpdate', 'defaulted by the server');
    const scale = await apps.readNamespacedDeploymentScale({ name: 'web', namespace: 'lib' });
    assert.equal(scale.spec?.replicas, 2);
    assert.equal(scale.status?.selector, 'app=web');
    const list = await core.listNamespacedConfigMap({ namespace: 'lib', labelSelector: 'app=demo' });
    assert.deepEqual(list.items.map((item) => item.metadata?.name), ['settings']);
    await core.deleteNamespacedConfigMap({ name: 'settings', namespace: 'lib' });
    await assert.rejects(core.readNamespacedConfigMap({ name: 'settings', namespace: 'lib' }), (err: k8s.ApiException<unknown>) => err.code === 404);
  });

  test('an informer lists, watches, and keeps its cache in step', async () => {
    const core = config.makeApiClient(k8s.CoreV1Api);
    const informer = k8s.makeInformer(config, '/api/v1/namespaces/lib/configmaps', () => core.listNamespacedConfigMap({ namespace: 'lib' }));
    const seen: string[] = [];
    informer.on('add', (object) => seen.push(`add ${object.metadata?.name}`));
    informer.on('update', (object) => seen.push(`update ${object.metadata?.name}`));
    informer.on('delete', (object) => seen.push(`delete ${object.metadata?.name}`));
    await informer.start();
    try {
      await core.createNamespacedConfigMap({ namespace: 'lib', body: { metadata: { name: 'watched' }, data: { n: '1' } } });
      await core.patchNamespacedConfigMap({ name: 'watched', namespace: 'lib', body: [{ op: 'replace', path: '/data/n', value: '2' }] });
      await core.deleteNamespacedConfigMap({ name: 'watched', namespace: 'lib' });
      const deadline = Date.now() + 10_000;
      while (!seen.includes('delete watched') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      assert.deepEqual(seen.filter((entry) => entry.endsWith('watched')), ['add watched', 'update watched', 'delete watched']);
      assert.equal(informer.list('lib').some((object) => object.metadata?.name === 'watched'), false);
    } finally {
      await informer.stop();
    }
  });
});
