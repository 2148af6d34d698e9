// `minato server` is the whole control plane, as k3s's server: the API server, the controllers
// (a Deployment gets its ReplicaSet and pods; a deleted namespace is emptied and goes) and the
// scheduler; --disable-controller-manager leaves the controllers out (nothing acts on the
// Deployment, and a deleted namespace stays Terminating).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { Namespace } from 'kubernetes-types/core/v1.js';
import { isNotFound, loadKubeconfig, ResourceClient, resources, RestClient } from '../../src/cluster/client/index.ts';
import { TestClusterServer } from '../helpers/test-cluster-server.ts';

const deployment: Deployment = {
  metadata: { name: 'web' },
  spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } },
};

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

for (const disabled of [false, true]) {
  describe(`minato server${disabled ? ' --disable-controller-manager --disable-scheduler' : ''}`, { timeout: 60_000 }, () => {
    const server = new TestClusterServer(disabled ? { extraArgs: ['--disable-controller-manager', '--disable-scheduler'] } : {});
    let rest: RestClient;
    before(async () => {
      await server.start();
      rest = new RestClient(loadKubeconfig(server.kubeconfig), { component: 'control-plane-test' });
    });
    after(async () => {
      rest?.close();
      await server.cleanup();
    });

    test(disabled ? 'nothing acts on a Deployment or a deleted namespace' : 'its controllers act on a Deployment and empty a deleted namespace', async () => {
      const namespaces = new ResourceClient<Namespace>(rest, resources.namespaces);
      const replicaSets = new ResourceClient<ReplicaSet>(rest, resources.replicaSets);
      await namespaces.create(undefined, { metadata: { name: 'cp' } });
      await new ResourceClient(rest, resources.deployments).create('cp', deployment);
      if (disabled) {
        await new Promise((resolve) => setTimeout(resolve, 1500));
        assert.equal((await replicaSets.list('cp')).items.length, 0);
      } else {
        await until('the ReplicaSet and its pods', async () => (await new ResourceClient(rest, resources.pods).list('cp')).items.length === 2);
      }
      await namespaces.delete(undefined, 'cp');
      if (disabled) {
        await new Promise((resolve) => setTimeout(resolve, 1500));
        assert.equal((await namespaces.get(undefined, 'cp')).status?.phase, 'Terminating');
      } else {
        await until('the namespace gone', () => namespaces.get(undefined, 'cp').then(() => false, (err: unknown) => isNotFound(err)));
      }
    });
  });
}
