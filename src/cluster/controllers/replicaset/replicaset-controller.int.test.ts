// The ReplicaSet controller against a real `minato server` (no scheduler or node agent: the
// test marks pods Ready itself): pods created with owner references and template labels,
// replacement of deleted and failed pods, scaling (not-ready pods deleted first), adoption of
// an orphan, release of a relabelled pod, status following readiness, events.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { ControllerTestCluster } from '../../../../test/helpers/controller-test-cluster.ts';
import { podIsActive } from '../pod-readiness.ts';

const replicaSet = (name: string, replicas: number, minReadySeconds = 0): ReplicaSet => ({
  metadata: { name, labels: { app: name } },
  spec: {
    replicas,
    minReadySeconds,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name, tier: 'web' }, annotations: { note: 'from-template' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } },
  },
});

describe('ReplicaSet controller against minato server', { timeout: 180_000 }, () => {
  const cluster = new ControllerTestCluster();
  const ns = 'rs-test';
  const active = async (selector: string) => (await cluster.podsIn(ns, selector)).filter(podIsActive);
  const count = (selector: string, n: number) => cluster.until(`${n} active pods (${selector})`, async () => {
    const pods = await active(selector);
    return pods.length === n ? pods : undefined;
  });

  before(async () => {
    await cluster.start(['replicaset']);
    await cluster.namespace(ns);
  });
  after(async () => {
    await cluster.stop();
  });

  test('creates the pods with owner references, template labels and annotations; events', async () => {
    const rs = await cluster.replicaSets.create(ns, replicaSet('web', 3));
    const pods = await count('app=web', 3);
    for (const pod of pods) {
      assert.match(pod.metadata!.name!, /^web-[a-z0-9]{5}$/);
      assert.deepEqual(pod.metadata!.labels, { app: 'web', tier: 'web' });
      assert.equal(pod.metadata!.annotations?.note, 'from-template');
      assert.deepEqual(pod.metadata!.ownerReferences, [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: rs.metadata!.uid, controller: true, blockOwnerDeletion: true }]);
    }
    const status = await cluster.until('status.replicas 3', async () => {
      const fresh = await cluster.replicaSets.get(ns, 'web');
      return fresh.status?.replicas === 3 && fresh.status.observedGeneration === fresh.metadata?.generation ? fresh.status : undefined;
    });
    assert.equal(status.fullyLabeledReplicas, 3);
    assert.equal(status.readyReplicas ?? 0, 0);
    assert.equal(status.availableReplicas ?? 0, 0);
    const events = await cluster.until('3 SuccessfulCreate events', async () => {
      const list = (await cluster.events.list(ns)).items.filter((event) => event.involvedObject.name === 'web' && event.reason === 'SuccessfulCreate');
      return list.length === 3 ? list : undefined;
    });
    assert.deepEqual(events.map((event) => event.message).sort(), pods.map((pod) => `Created pod: ${pod.metadata!.name}`).sort());
    assert.equal(events[0]!.source?.component, 'replicaset-controller');
    assert.equal(events[0]!.involvedObject.kind, 'ReplicaSet');
  });

  test('status follows readiness', async () => {
    const pods = await active('app=web');
    await cluster.setReady(pods[0]!);
    await cluster.setReady(pods[1]!);
    await cluster.until('2 ready', async () => {
      const s = (await cluster.replicaSets.get(ns, 'web')).status;
      return s?.readyReplicas === 2 && s.availableReplicas === 2;
    });
    await cluster.setReady(pods[1]!, false);
    await cluster.until('1 ready', async () => {
      const s = (await cluster.replicaSets.get(ns, 'web')).status;
      return s?.readyReplicas === 1 && s.availableReplicas === 1;
    });
  });

  test('replaces a deleted pod and a failed one', async () => {
    const before = await active('app=web');
    await cluster.pods.delete(ns, before[2]!.metadata!.name!);
    const after = await cluster.until('a replacement', async () => {
      const pods = await active('app=web');
      return pods.length === 3 && !pods.some((pod) => pod.metadata!.name === before[2]!.metadata!.name) ? pods : undefined;
    });
    const failed = after.find((pod) => pod.status?.conditions?.find((c) => c.type === 'Ready')?.status !== 'True')!;
    await cluster.setPhase(failed, 'Failed');
    await cluster.until('a replacement for the failed pod', async () => {
      const pods = await active('app=web');
      return pods.length === 3 && !pods.some((pod) => pod.metadata!.name === failed.metadata!.name);
    });
    // The failed pod is left as it is (the pod garbage collector's business), not counted.
    assert.equal((await cluster.pods.get(ns, failed.metadata!.name!)).status?.phase, 'Failed');
    assert.equal((await cluster.settle(async () => (await cluster.replicaSets.get(ns, 'web')).status?.replicas)), 3);
  });

  test('scales up, then down deleting not-ready pods before ready ones', async () => {
    await cluster.replicaSets.patch(ns, 'web', 'merge', { spec: { replicas: 5 } });
    let pods = await count('app=web', 5);
    const readyNames = new Set<string>();
    for (const pod of pods.slice(0, 2)) {
      await cluster.setReady(pod);
      readyNames.add(pod.metadata!.name!);
    }
    // Only the two just marked are ready (the earlier ready pod may be among them or not).
    pods = await active('app=web');
    const ready = pods.filter((pod) => pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
    assert.ok(ready.length >= 2);
    await cluster.replicaSets.patch(ns, 'web', 'merge', { spec: { replicas: ready.length } });
    const left = await count('app=web', ready.length);
    assert.deepEqual(left.map((pod) => pod.metadata!.name).sort(), ready.map((pod) => pod.metadata!.name).sort(), 'the ready pods are kept');
    const deletes = await cluster.until('SuccessfulDelete events', async () => {
      const list = (await cluster.events.list(ns)).items.filter((event) => event.reason === 'SuccessfulDelete');
      return list.length >= pods.length - ready.length ? list : undefined;
    });
    assert.match(deletes[0]!.message!, /^Deleted pod: web-/);
    await cluster.replicaSets.patch(ns, 'web', 'merge', { spec: { replicas: 0 } });
    await count('app=web', 0);
    await cluster.until('status 0', async () => (await cluster.replicaSets.get(ns, 'web')).status?.replicas === 0);
  });

  test('adopts an orphan that matches and releases a pod relabelled out of the selector', async () => {
    const orphan = await cluster.pods.create(ns, { metadata: { name: 'stray', labels: { app: 'adopt' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });
    const rs = await cluster.replicaSets.create(ns, replicaSet('adopt', 2));
    const adopted = await cluster.until('the orphan adopted', async () => {
      const pod = await cluster.pods.get(ns, 'stray');
      return pod.metadata?.ownerReferences?.[0]?.uid === rs.metadata!.uid ? pod : undefined;
    });
    assert.deepEqual(adopted.metadata!.ownerReferences, [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'adopt', uid: rs.metadata!.uid, controller: true, blockOwnerDeletion: true }]);
    assert.equal(adopted.metadata!.uid, orphan.metadata!.uid);
    const pods = await count('app=adopt', 2);
    assert.ok(pods.some((pod) => pod.metadata!.name === 'stray'), 'the orphan counts as one of the 2');
    const status = await cluster.settle(async () => (await cluster.replicaSets.get(ns, 'adopt')).status);
    assert.equal(status?.replicas, 2);
    assert.equal(status?.fullyLabeledReplicas, 1, 'the orphan lacks the template label tier=web');

    await cluster.pods.patch(ns, 'stray', 'merge', { metadata: { labels: { app: 'elsewhere' } } });
    await cluster.until('the relabelled pod released', async () => {
      const pod = await cluster.pods.get(ns, 'stray');
      return (pod.metadata?.ownerReferences ?? []).length === 0;
    });
    const replaced = await count('app=adopt', 2);
    assert.ok(!replaced.some((pod) => pod.metadata!.name === 'stray'));
    assert.ok(replaced.every((pod: Pod) => pod.metadata!.ownerReferences?.[0]?.uid === rs.metadata!.uid));
  });

  test('minReadySeconds: available only after the pods have been ready that long', async () => {
    await cluster.replicaSets.create(ns, replicaSet('slow', 1, 2));
    const [pod] = await count('app=slow', 1);
    await cluster.setReady(pod!);
    const status = await cluster.until('ready but not yet available', async () => {
      const s = (await cluster.replicaSets.get(ns, 'slow')).status;
      return s?.readyReplicas === 1 ? s : undefined;
    });
    assert.equal(status.availableReplicas ?? 0, 0);
    await cluster.until('available after minReadySeconds', async () => (await cluster.replicaSets.get(ns, 'slow')).status?.availableReplicas === 1, 10_000);
  });
});
