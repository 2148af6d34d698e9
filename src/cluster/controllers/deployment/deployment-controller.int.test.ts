// The Deployment and ReplicaSet controllers together against a real `minato server`, driven
// by the real kubectl 1.32 where users would use it (rollout status / undo / restart / pause /
// resume, scale). No scheduler or node agent runs: the test plays the kubelet and marks pods
// Ready, one at a time during a rollout, checking at every step that the pods stay within
// replicas + maxSurge and the available ones never drop below replicas − maxUnavailable.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Deployment } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { isNotFound } from '../../client/index.ts';
import { ControllerTestCluster } from '../../../../test/helpers/controller-test-cluster.ts';
import { kubectlVersionsDir } from '../../../../test/helpers/kubectl-versions.ts';
import { podIsActive, podIsReady } from '../pod-readiness.ts';

const skip = kubectlVersionsDir() ? false : 'kubectl 1.32 is not installed';

const deployment = (name: string, replicas: number, image: string, extra: Partial<NonNullable<Deployment['spec']>> = {}): Deployment => ({
  metadata: { name },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image }] } },
    ...extra,
  },
});

describe('Deployment controller against minato server (kubectl 1.32)', { skip, timeout: 300_000 }, () => {
  const cluster = new ControllerTestCluster();
  const ns = 'deploy-test';
  const kubectl = async (...args: string[]) => {
    const result = await cluster.server.kubectl('32', ['-n', ns, ...args], { timeoutMs: 60_000 });
    return result;
  };
  const kubectlOk = async (...args: string[]) => {
    const result = await kubectl(...args);
    assert.equal(result.code, 0, `kubectl ${args.join(' ')}: ${result.stdout}\n${result.stderr}\n${cluster.logLines.slice(-10).join('\n')}`);
    return result.stdout;
  };
  const activePods = async (app: string) => (await cluster.podsIn(ns, `app=${app}`)).filter(podIsActive);
  const setsOf = async (app: string) => (await cluster.replicaSets.list(ns, { labelSelector: `app=${app}` })).items;
  const imageOf = (item: { spec?: { template?: { spec?: { containers?: { image?: string }[] } } } }) => item.spec?.template?.spec?.containers?.[0]?.image;
  const snapshot = async (app: string) => {
    const [pods, sets] = await Promise.all([activePods(app), setsOf(app)]);
    return {
      pods: pods.map((pod) => `${pod.metadata!.name}:${podIsReady(pod)}`).sort(),
      sets: sets.map((rs) => `${rs.metadata!.name}:${rs.spec?.replicas}:${rs.status?.replicas ?? 0}:${rs.status?.availableReplicas ?? 0}`).sort(),
    };
  };
  const complete = async (name: string) => {
    const d = await cluster.deployments.get(ns, name);
    const s = d.status ?? {};
    const want = d.spec?.replicas ?? 1;
    return (s.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0) && s.updatedReplicas === want && (s.replicas ?? 0) === want && (s.availableReplicas ?? 0) === want ? d : undefined;
  };
  /** Marks every active pod of `app` Ready until the Deployment is complete. */
  const readyUntilComplete = async (name: string) => {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const done = await complete(name);
      if (done) return done;
      if (Date.now() > deadline) throw new Error(`${name} never completed: ${JSON.stringify(await snapshot(name))}\n${cluster.logLines.slice(-10).join('\n')}`);
      // A pod may be deleted (its ReplicaSet scaled down) between the list and the update.
      for (const pod of await activePods(name)) if (!podIsReady(pod)) await cluster.setReady(pod).catch((err: unknown) => assert.ok(isNotFound(err), String(err)));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  before(async () => {
    await cluster.start();
    await cluster.namespace(ns);
  });
  after(async () => {
    await cluster.stop();
  });

  let firstHash = '';

  test('creates its ReplicaSet and pods; status and conditions; rollout status succeeds', async () => {
    const created = await cluster.deployments.create(ns, deployment('web', 4, 'busybox:1', { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } } }));
    const [rs] = await cluster.until('the ReplicaSet', async () => {
      const sets = await setsOf('web');
      return sets.length === 1 ? sets : undefined;
    });
    firstHash = rs!.metadata!.labels!['pod-template-hash']!;
    assert.ok(firstHash);
    assert.equal(rs!.metadata!.name, `web-${firstHash}`);
    assert.deepEqual(rs!.spec!.selector, { matchLabels: { app: 'web', 'pod-template-hash': firstHash } });
    assert.deepEqual(rs!.spec!.template!.metadata!.labels, { app: 'web', 'pod-template-hash': firstHash });
    assert.equal(rs!.metadata!.annotations!['deployment.kubernetes.io/revision'], '1');
    assert.equal(rs!.metadata!.annotations!['deployment.kubernetes.io/desired-replicas'], '4');
    assert.equal(rs!.metadata!.annotations!['deployment.kubernetes.io/max-replicas'], '5');
    assert.deepEqual(rs!.metadata!.ownerReferences, [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: created.metadata!.uid, controller: true, blockOwnerDeletion: true }]);
    const pods = await cluster.until('4 pods', async () => {
      const list = await activePods('web');
      return list.length === 4 ? list : undefined;
    });
    assert.ok(pods.every((pod) => pod.metadata!.labels!['pod-template-hash'] === firstHash));
    const progressing = await cluster.until('Progressing', async () => (await cluster.deployments.get(ns, 'web')).status?.conditions?.find((c) => c.type === 'Progressing'));
    // The controller may have moved on already (ReplicaSetUpdated) when the test looks.
    if (progressing.reason === 'NewReplicaSetCreated') assert.equal(progressing.message, `Created new replica set "web-${firstHash}"`);
    else assert.deepEqual([progressing.reason, progressing.message], ['ReplicaSetUpdated', `ReplicaSet "web-${firstHash}" is progressing.`]);
    const notYet = await kubectl('rollout', 'status', 'deployment/web', '--watch=false');
    assert.match(notYet.stdout, /Waiting for deployment "web" rollout to finish: 0 of 4 updated replicas are available/);

    const done = await readyUntilComplete('web');
    assert.equal(done.metadata!.annotations!['deployment.kubernetes.io/revision'], '1');
    const final = await cluster.until('NewReplicaSetAvailable', async () => {
      const d = await cluster.deployments.get(ns, 'web');
      return d.status?.conditions?.find((c) => c.type === 'Progressing')?.reason === 'NewReplicaSetAvailable' ? d : undefined;
    });
    const status = final.status!;
    assert.equal(status.replicas, 4);
    assert.equal(status.readyReplicas, 4);
    assert.equal(status.unavailableReplicas ?? 0, 0);
    const available = status.conditions!.find((c) => c.type === 'Available')!;
    assert.deepEqual([available.status, available.reason, available.message], ['True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.']);
    const progressed = status.conditions!.find((c) => c.type === 'Progressing')!;
    assert.deepEqual([progressed.status, progressed.message], ['True', `ReplicaSet "web-${firstHash}" has successfully progressed.`]);
    assert.match(await kubectlOk('rollout', 'status', 'deployment/web', '--timeout=30s'), /deployment "web" successfully rolled out/);
    const events = (await cluster.events.list(ns)).items.filter((event) => event.involvedObject.kind === 'Deployment' && event.reason === 'ScalingReplicaSet');
    assert.ok(events.some((event) => event.message === `Scaled up replica set web-${firstHash} from 0 to 4`), JSON.stringify(events.map((e) => e.message)));
  });

  test('an image change rolls out step by step within maxSurge and maxUnavailable', async () => {
    let violations: string[] = [];
    let watching = true;
    // Between steps the controllers act on their own: watch what they do the whole time.
    const watcher = (async () => {
      while (watching) {
        const [pods, sets] = await Promise.all([activePods('web'), setsOf('web')]);
        const planned = sets.reduce((sum, rs) => sum + (rs.spec?.replicas ?? 0), 0);
        if (planned > 5) violations.push(`ReplicaSets want ${planned} pods`);
        const ready = pods.filter(podIsReady).length;
        if (ready < 3) violations.push(`only ${ready} available pods`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })().catch(() => undefined);
    await kubectlOk('set', 'image', 'deployment/web', 'app=busybox:2');
    let steps = 0;
    for (;;) {
      const state = await cluster.settle(() => snapshot('web'));
      assert.ok(state.pods.length <= 5, `at most replicas + maxSurge pods: ${JSON.stringify(state)}`);
      assert.ok(state.pods.filter((p) => p.endsWith(':true')).length >= 3, `at least replicas − maxUnavailable available: ${JSON.stringify(state)}`);
      if (await complete('web')) break;
      const waiting = (await activePods('web')).filter((pod) => !podIsReady(pod));
      assert.ok(waiting.length > 0, `a rollout stalled: ${JSON.stringify(state)}`);
      await cluster.setReady(waiting[0]!);
      steps++;
      assert.ok(steps < 20, 'too many steps');
    }
    watching = false;
    await watcher;
    assert.deepEqual(violations, []);
    assert.ok(steps >= 3, `a step-by-step rollout (${steps} steps)`);
    const sets = await setsOf('web');
    const current = sets.find((rs) => imageOf(rs) === 'busybox:2')!;
    assert.equal(current.spec?.replicas, 4);
    assert.equal(current.metadata!.annotations!['deployment.kubernetes.io/revision'], '2');
    assert.equal(sets.find((rs) => imageOf(rs) === 'busybox:1')!.spec?.replicas, 0);
    assert.ok((await activePods('web')).every((pod) => imageOf({ spec: { template: { spec: pod.spec } } }) === 'busybox:2'));
    assert.match(await kubectlOk('rollout', 'status', 'deployment/web', '--timeout=30s'), /successfully rolled out/);
    const history = await kubectlOk('rollout', 'history', 'deployment/web');
    assert.match(history, /^1\s/m);
    assert.match(history, /^2\s/m);
    violations = [];
  });

  test('kubectl rollout undo returns to the previous template (pods with the old hash)', async () => {
    await kubectlOk('rollout', 'undo', 'deployment/web');
    await cluster.until('the old template back', async () => imageOf(await cluster.deployments.get(ns, 'web')) === 'busybox:1');
    await readyUntilComplete('web');
    const pods = await cluster.settle(() => activePods('web').then((list) => list.map((pod) => pod.metadata!.labels!['pod-template-hash']).sort()));
    assert.deepEqual(pods, [firstHash, firstHash, firstHash, firstHash]);
    const first = (await setsOf('web')).find((rs) => rs.metadata!.name === `web-${firstHash}`)!;
    assert.equal(first.metadata!.annotations!['deployment.kubernetes.io/revision'], '3');
    assert.equal(first.metadata!.annotations!['deployment.kubernetes.io/revision-history'], '1');
    assert.equal((await cluster.deployments.get(ns, 'web')).metadata!.annotations!['deployment.kubernetes.io/revision'], '3');
    assert.equal((await setsOf('web')).length, 2, 'no third ReplicaSet');
    assert.match(await kubectlOk('rollout', 'status', 'deployment/web', '--timeout=30s'), /successfully rolled out/);
  });

  test('kubectl rollout restart makes a new ReplicaSet', async () => {
    await kubectlOk('rollout', 'restart', 'deployment/web');
    await cluster.until('a third ReplicaSet', async () => (await setsOf('web')).length === 3);
    await readyUntilComplete('web');
    const sets = await setsOf('web');
    const newest = sets.find((rs) => rs.spec?.template?.metadata?.annotations?.['kubectl.kubernetes.io/restartedAt'])!;
    assert.ok(newest);
    assert.equal(newest.spec?.replicas, 4);
    assert.equal(newest.metadata!.annotations!['deployment.kubernetes.io/revision'], '4');
    assert.match(await kubectlOk('rollout', 'status', 'deployment/web', '--timeout=30s'), /successfully rolled out/);
  });

  test('kubectl scale --replicas=1', async () => {
    await kubectlOk('scale', 'deployment/web', '--replicas=1');
    const pods = await cluster.until('1 pod', async () => {
      const list = await activePods('web');
      return list.length === 1 ? list : undefined;
    });
    const sets = await cluster.settle(async () => (await setsOf('web')).map((rs) => [rs.spec?.replicas, rs.metadata!.annotations!['deployment.kubernetes.io/desired-replicas']]));
    assert.equal(sets.filter(([replicas]) => replicas === 1).length, 1);
    assert.ok(sets.every(([, desired]) => desired === '1' || desired === '4'));
    assert.equal(pods.length, 1);
    await cluster.until('status 1', async () => (await complete('web'))?.status?.replicas === 1);
    assert.match(await kubectlOk('rollout', 'status', 'deployment/web', '--timeout=30s'), /successfully rolled out/);
  });

  test('a paused Deployment does not roll out, but scales; resumed it rolls', async () => {
    await kubectlOk('rollout', 'pause', 'deployment/web');
    await cluster.until('Progressing DeploymentPaused', async () => (await cluster.deployments.get(ns, 'web')).status?.conditions?.find((c) => c.type === 'Progressing')?.reason === 'DeploymentPaused');
    const before = (await setsOf('web')).map((rs) => rs.metadata!.name).sort();
    await kubectlOk('set', 'image', 'deployment/web', 'app=busybox:3');
    await kubectlOk('scale', 'deployment/web', '--replicas=2');
    await cluster.until('2 pods while paused', async () => (await activePods('web')).length === 2);
    const after = await cluster.settle(async () => (await setsOf('web')).map((rs) => rs.metadata!.name).sort());
    assert.deepEqual(after, before, 'no new ReplicaSet while paused');
    assert.ok((await activePods('web')).every((pod) => imageOf({ spec: { template: { spec: pod.spec } } }) !== 'busybox:3'));
    const d = await cluster.until('observed', async () => {
      const fresh = await cluster.deployments.get(ns, 'web');
      return fresh.status?.observedGeneration === fresh.metadata?.generation ? fresh : undefined;
    });
    assert.ok((d.status?.updatedReplicas ?? 0) === 0);
    await kubectlOk('rollout', 'resume', 'deployment/web');
    await cluster.until('a new ReplicaSet', async () => (await setsOf('web')).some((rs) => imageOf(rs) === 'busybox:3'));
    await readyUntilComplete('web');
    assert.ok((await activePods('web')).every((pod) => imageOf({ spec: { template: { spec: pod.spec } } }) === 'busybox:3'));
  });

  test('revisionHistoryLimit trims old ReplicaSets', async () => {
    await cluster.deployments.create(ns, deployment('hist', 1, 'busybox:1', { revisionHistoryLimit: 1 }));
    await readyUntilComplete('hist');
    for (const version of [2, 3, 4]) {
      await cluster.deployments.patch(ns, 'hist', 'strategic', { spec: { template: { spec: { containers: [{ name: 'app', image: `busybox:${version}` }] } } } });
      await cluster.until('rollout started', async () => (await setsOf('hist')).some((rs) => imageOf(rs) === `busybox:${version}`));
      await readyUntilComplete('hist');
    }
    const sets = await cluster.until('two ReplicaSets left', async () => {
      const list = await setsOf('hist');
      return list.length === 2 ? list : undefined;
    });
    assert.deepEqual(sets.map(imageOf).sort(), ['busybox:3', 'busybox:4']);
  });

  test('Recreate: old pods are all gone before new ones are made', async () => {
    await cluster.deployments.create(ns, deployment('rec', 2, 'busybox:1', { strategy: { type: 'Recreate' } }));
    await readyUntilComplete('rec');
    const overlap: string[] = [];
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        const images = new Set((await cluster.podsIn(ns, 'app=rec')).map((pod: Pod) => pod.spec?.containers?.[0]?.image));
        if (images.size > 1) overlap.push([...images].join(','));
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })().catch(() => undefined);
    await cluster.deployments.patch(ns, 'rec', 'strategic', { spec: { template: { spec: { containers: [{ name: 'app', image: 'busybox:2' }] } } } });
    await readyUntilComplete('rec');
    watching = false;
    await watcher;
    assert.deepEqual(overlap, []);
    const events = (await cluster.events.list(ns)).items.filter((event) => event.involvedObject.name === 'rec' && event.reason === 'ScalingReplicaSet').map((event) => event.message!);
    assert.ok(events.some((message) => /^Scaled down replica set rec-\w+ from 2 to 0$/.test(message)), JSON.stringify(events));
    assert.match(await kubectlOk('rollout', 'status', 'deployment/rec', '--timeout=30s'), /successfully rolled out/);
  });

  test('no progress within progressDeadlineSeconds: ProgressDeadlineExceeded, and rollout status fails', async () => {
    await cluster.deployments.create(ns, deployment('stuck', 1, 'busybox:1', { progressDeadlineSeconds: 2 }));
    const condition = await cluster.until('ProgressDeadlineExceeded', async () => {
      const c = (await cluster.deployments.get(ns, 'stuck')).status?.conditions?.find((item) => item.type === 'Progressing');
      return c?.reason === 'ProgressDeadlineExceeded' ? c : undefined;
    }, 15_000);
    assert.equal(condition.status, 'False');
    assert.match(condition.message!, /^ReplicaSet "stuck-\w+" has timed out progressing\.$/);
    const result = await kubectl('rollout', 'status', 'deployment/stuck', '--timeout=20s');
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /exceeded its progress deadline/);
  });
});
