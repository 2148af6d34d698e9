// The node lifecycle controller against a real `minato server`, with the test playing the node
// agents (their Node status and Leases) and the scheduler (binding pods): a node whose lease
// stops being renewed goes Ready=Unknown and gets the unreachable taints, its pods are deleted
// once their (default, here 2 s) toleration runs out — except one that tolerates the taint
// forever — and the ReplicaSet's replacements can go elsewhere; when the lease is renewed and
// Ready=True posted again, the taints go.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { ResourceClient, resources } from '../../client/index.ts';
import { ControllerTestCluster, recordingLog } from '../../../../test/helpers/controller-test-cluster.ts';
import { type RunningControllers, startControllers } from '../index.ts';
import { unreachableTaintKey } from './node-health.ts';

const kubeTime = (date = new Date()) => date.toISOString().replace(/\.\d+Z$/, 'Z');
const microTime = (date = new Date()) => date.toISOString().replace(/Z$/, '000Z');

describe('node lifecycle controller', { timeout: 90_000 }, () => {
  const cluster = new ControllerTestCluster();
  let lifecycle: RunningControllers;
  let nodes: ResourceClient<Node>;
  let leases: ResourceClient<Lease>;
  const renewing = new Set<string>();
  let renewer: ReturnType<typeof setInterval> | undefined;

  /** Plays an agent: the Node with Ready=True posted (or re-posted). */
  const postReady = async (name: string) => {
    for (let attempt = 0; ; attempt++) {
      const node = await nodes.get(undefined, name);
      const conditions = [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: kubeTime(), lastTransitionTime: kubeTime() }];
      try {
        return await nodes.updateStatus({ ...node, status: { ...node.status, conditions } });
      } catch (err) {
        if (attempt > 3) throw err;
      }
    }
  };
  const renew = async (name: string) => {
    const lease = await leases.get('kube-node-lease', name).catch(() => undefined);
    const spec = { holderIdentity: name, leaseDurationSeconds: 40, renewTime: microTime() };
    if (lease) await leases.update({ ...lease, spec: { ...lease.spec, ...spec } });
    else await leases.create('kube-node-lease', { metadata: { name, namespace: 'kube-node-lease' }, spec });
  };
  const bind = (pod: Pod, node: string) =>
    cluster.pods.createSubresource(pod.metadata!.namespace, pod.metadata!.name!, 'binding', { apiVersion: 'v1', kind: 'Binding', metadata: { name: pod.metadata!.name, namespace: pod.metadata!.namespace }, target: { apiVersion: 'v1', kind: 'Node', name: node } });

  before(async () => {
    await cluster.start(['replicaset']);
    lifecycle = startControllers({
      rest: cluster.rest,
      log: recordingLog(cluster.logLines),
      controllers: ['node-lifecycle'],
      nodeLifecycle: { nodeMonitorGracePeriodMs: 2000, defaultUnreachableTolerationSeconds: 2, defaultNotReadyTolerationSeconds: 2 },
    });
    await lifecycle.started;
    nodes = new ResourceClient(cluster.rest, resources.nodes);
    leases = new ResourceClient(cluster.rest, resources.leases);
    for (const name of ['n1', 'n2']) {
      await nodes.create(undefined, { metadata: { name }, spec: {} });
      await postReady(name);
      await renew(name);
      renewing.add(name);
    }
    renewer = setInterval(() => {
      for (const name of renewing) void renew(name).catch(() => undefined);
    }, 300);
    await cluster.namespace('nl');
  });
  after(async () => {
    clearInterval(renewer);
    await lifecycle?.stop();
    await cluster.stop();
  });

  test('a node whose lease stops goes Unknown and tainted, its pods are evicted, and it recovers', async () => {
    await cluster.replicaSets.create('nl', {
      metadata: { name: 'web' },
      spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } },
    });
    const first = await cluster.until('2 pods', async () => {
      const pods = await cluster.podsIn('nl', 'app=web');
      return pods.length === 2 ? pods : undefined;
    });
    for (const pod of first) await bind(pod, 'n1');
    // A pod that tolerates the unreachable taint forever stays.
    await cluster.pods.create('nl', {
      metadata: { name: 'stays' },
      spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'busybox' }], tolerations: [{ key: unreachableTaintKey, operator: 'Exists', effect: 'NoExecute' }] },
    });
    // Healthy for longer than the grace period: nothing happens.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    let n1 = await nodes.get(undefined, 'n1');
    assert.equal(n1.status?.conditions?.find((c) => c.type === 'Ready')?.status, 'True');
    assert.equal(n1.spec?.taints, undefined);

    renewing.delete('n1');
    const stoppedAt = Date.now();
    n1 = await cluster.until('n1 Ready=Unknown and tainted', async () => {
      const node = await nodes.get(undefined, 'n1');
      return node.spec?.taints?.length === 2 ? node : undefined;
    });
    assert.ok(Date.now() - stoppedAt >= 1500, 'not before the grace period');
    const ready = n1.status!.conditions!.find((c) => c.type === 'Ready')!;
    assert.deepEqual([ready.status, ready.reason, ready.message], ['Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.']);
    assert.deepEqual(n1.spec!.taints!.map((t) => `${t.key}:${t.effect}`).sort(), [`${unreachableTaintKey}:NoExecute`, `${unreachableTaintKey}:NoSchedule`]);
    assert.ok(n1.spec!.taints!.every((t) => t.timeAdded), 'timeAdded set');
    assert.equal((await nodes.get(undefined, 'n2')).spec?.taints, undefined, 'the healthy node is left alone');

    const taintedAt = Date.now();
    await cluster.until('the ReplicaSet pods on n1 deleted', async () => {
      const pods = await cluster.podsIn('nl', 'app=web');
      return first.every((old) => { const now = pods.find((p) => p.metadata?.uid === old.metadata?.uid); return !now || now.metadata?.deletionTimestamp; });
    });
    assert.ok(Date.now() - taintedAt >= 1000, 'not before the toleration ran out');
    const replacements = await cluster.until('2 replacement pods', async () => {
      const pods = (await cluster.podsIn('nl', 'app=web')).filter((p) => !p.metadata?.deletionTimestamp);
      return pods.length === 2 && pods.every((p) => !p.spec?.nodeName) ? pods : undefined;
    });
    for (const pod of replacements) await bind(pod, 'n2');
    const stays = await cluster.pods.get('nl', 'stays');
    assert.equal(stays.metadata?.deletionTimestamp, undefined, 'a pod tolerating the taint forever is not evicted');
    const events = (await cluster.events.list('nl')).items.filter((e) => e.reason === 'TaintManagerEviction');
    assert.ok(events.length >= 2, 'eviction events recorded');

    // The agent comes back: lease renewed, Ready=True posted.
    renewing.add('n1');
    await renew('n1');
    await postReady('n1');
    await cluster.until('n1 untainted', async () => (await nodes.get(undefined, 'n1')).spec?.taints?.length === 0);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    n1 = await nodes.get(undefined, 'n1');
    assert.equal(n1.status?.conditions?.find((c) => c.type === 'Ready')?.status, 'True', 'stays Ready while the lease is renewed');
    assert.equal(n1.spec?.taints?.length ?? 0, 0);
    const onN2 = (await cluster.podsIn('nl', 'app=web')).filter((p) => p.spec?.nodeName === 'n2');
    assert.ok(onN2.every((p) => !p.metadata?.deletionTimestamp), 'pods on the healthy node are never evicted');
  });
});
