// A whole cluster (`minato up`: engine, API server, controllers, scheduler, node agent) driven
// by the real kubectl 1.32, as a user would: the README's example Deployment runs and serves,
// a deleted pod is replaced, a killed container is restarted and counted, scaling to 10 and 1,
// a rolling update and its undo, a liveness probe that fails restarts its container, a pod too
// big for the node stays Pending with the scheduler's reason, a Job runs to completion, and
// deleting the Deployment removes its ReplicaSets and pods.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { kubectlVersionsDir } from '../helpers/kubectl-versions.ts';
import { TestClusterUp, until } from '../helpers/test-cluster-up.ts';
import { isRoot, repoRoot } from '../helpers/test-daemon.ts';

const skip = !isRoot() ? 'needs root (runs containers)' : !kubectlVersionsDir() ? 'kubectl (with kubectl.1.32 beside it) is not installed' : false;

interface PodView {
  metadata: { name: string; labels?: Record<string, string>; deletionTimestamp?: string };
  spec: { nodeName?: string };
  status: {
    phase?: string;
    podIP?: string;
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
    containerStatuses?: { ready: boolean; restartCount: number; containerID?: string; state?: Record<string, unknown> }[];
  };
}

describe('minato up with the real kubectl', { skip, concurrency: false }, () => {
  let cluster: TestClusterUp;

  const kubectl = (args: string[], input?: string) => cluster.kubectlOk(args, input);
  const pods = async (selector = 'app=web'): Promise<PodView[]> => (JSON.parse(await kubectl(['get', 'pods', '-l', selector, '-o', 'json'])) as { items: PodView[] }).items;
  const livePods = async (selector?: string) => (await pods(selector)).filter((pod) => !pod.metadata.deletionTimestamp);
  const readyPods = async (selector?: string) =>
    (await livePods(selector)).filter((pod) => pod.status.phase === 'Running' && pod.status.conditions?.some((condition) => condition.type === 'Ready' && condition.status === 'True'));

  before(async () => {
    cluster = new TestClusterUp({ nodeName: 'minato-e2e' });
    await cluster.start();
  });
  after(async () => {
    await cluster?.cleanup();
  });

  test('the README example: 3 pods Running and Ready, each serving on its own IP', async () => {
    await kubectl(['apply', '-f', path.join(repoRoot, 'examples', 'web.yaml')]);
    await kubectl(['rollout', 'status', 'deployment/web', '--timeout=120s']);
    const ready = await readyPods();
    assert.equal(ready.length, 3);
    assert.ok(ready.every((pod) => pod.spec.nodeName === 'minato-e2e'), 'scheduled onto the node');
    assert.equal(new Set(ready.map((pod) => pod.status.podIP)).size, 3, 'three pod IPs');
    const served = await cluster.inNetns('curl', ['-s', '-m', '5', `http://${ready[0]!.status.podIP}/`]);
    assert.equal(served.stdout, '<h1>hello from minato</h1>\n', 'the page the image carries in /www');
    const table = await kubectl(['get', 'pods', '-l', 'app=web']);
    assert.match(table, /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE/);
    assert.equal((table.match(/1\/1\s+Running\s+0/g) ?? []).length, 3, table);
  });

  test('a deleted pod is replaced', async () => {
    const before = await readyPods();
    const victim = before[0]!.metadata.name;
    await kubectl(['delete', 'pod', victim, '--wait=false']);
    const after = await until('three Ready pods again, without the deleted one', async () => {
      const now = await readyPods();
      return now.length === 3 && !now.some((pod) => pod.metadata.name === victim) ? now : undefined;
    });
    assert.equal(after.filter((pod) => !before.some((old) => old.metadata.name === pod.metadata.name)).length, 1, 'one new pod');
  });

  test('a container killed on the host is restarted, and RESTARTS counts it', async () => {
    const [pod] = await readyPods();
    const id = pod!.status.containerStatuses![0]!.containerID!.replace(/^minato:\/\//, '');
    const pid = (await cluster.ok(['inspect', '--format', '{{.State.Pid}}', id])).trim();
    assert.match(pid, /^\d+$/);
    process.kill(Number(pid), 'SIGKILL');
    const restarted = await until('the container restarted', async () => {
      const current = (await livePods()).find((candidate) => candidate.metadata.name === pod!.metadata.name);
      const status = current?.status.containerStatuses?.[0];
      return status && status.restartCount >= 1 && status.ready ? current : undefined;
    });
    assert.equal(restarted!.status.containerStatuses![0]!.restartCount, 1);
    const table = await kubectl(['get', 'pod', pod!.metadata.name]);
    assert.match(table, /1\/1\s+Running\s+1 \(\S+ ago\)/, table);
  });

  test('kubectl scale --replicas 10, then 1', async () => {
    await kubectl(['scale', 'deployment/web', '--replicas=10']);
    await until('10 Ready pods', async () => (await readyPods()).length === 10, 120_000);
    await kubectl(['scale', 'deployment/web', '--replicas=1']);
    await until('1 live pod', async () => (await livePods()).length === 1, 120_000);
    await kubectl(['scale', 'deployment/web', '--replicas=3']);
    await kubectl(['rollout', 'status', 'deployment/web', '--timeout=120s']);
  });

  test('a new image rolls out (never fewer than 3 Ready pods with maxUnavailable 0), and rollout undo returns', async () => {
    await kubectl(['patch', 'deployment/web', '--type=strategic', '-p', '{"spec":{"strategy":{"rollingUpdate":{"maxUnavailable":0,"maxSurge":1}}}}']);
    await kubectl(['rollout', 'status', 'deployment/web', '--timeout=120s']);
    const firstHash = (await readyPods())[0]!.metadata.labels!['pod-template-hash'];
    let fewest = Infinity;
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        fewest = Math.min(fewest, (await readyPods()).length);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    })();
    await kubectl(['set', 'image', 'deployment/web', 'httpd=busybox:latest']);
    await kubectl(['rollout', 'status', 'deployment/web', '--timeout=180s']);
    watching = false;
    await watcher;
    assert.ok(fewest >= 3, `ready pods dropped to ${fewest} during the rollout`);
    const secondHash = (await readyPods())[0]!.metadata.labels!['pod-template-hash'];
    assert.notEqual(secondHash, firstHash);
    assert.match(await kubectl(['rollout', 'history', 'deployment/web']), /REVISION/);
    await kubectl(['rollout', 'undo', 'deployment/web']);
    await kubectl(['rollout', 'status', 'deployment/web', '--timeout=180s']);
    await until('every pod back on the first template', async () => {
      const live = await livePods();
      return live.length === 3 && live.every((pod) => pod.metadata.labels!['pod-template-hash'] === firstHash);
    });
  });

  test('a pod that needs more memory than the node has stays Pending, and says why', async () => {
    await kubectl(['run', 'huge', '--image=busybox', '--image-pull-policy=IfNotPresent', '--restart=Never', '--overrides', JSON.stringify({ spec: { containers: [{ name: 'huge', image: 'busybox', imagePullPolicy: 'IfNotPresent', command: ['sleep', '60'], resources: { requests: { memory: '100Ti' } } }] } })]);
    const pending = await until('the scheduler reported', async () => {
      const [pod] = await pods('run=huge');
      return pod?.status.conditions?.find((condition) => condition.type === 'PodScheduled' && condition.status === 'False') ? pod : undefined;
    });
    assert.equal(pending.status.phase, 'Pending');
    const scheduled = pending.status.conditions!.find((condition) => condition.type === 'PodScheduled')!;
    assert.equal(scheduled.reason, 'Unschedulable');
    assert.match(scheduled.message!, /^0\/1 nodes are available: 1 Insufficient memory\./);
    const events = await kubectl(['get', 'events', '--field-selector', 'involvedObject.name=huge']);
    assert.match(events, /FailedScheduling/);
    await kubectl(['delete', 'pod', 'huge', '--wait=false']);
  });

  test('a liveness probe that starts failing restarts the container', async () => {
    // Healthy while /tmp/healthy exists; the test takes it away through kubectl exec.
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'alive', labels: { app: 'alive' } },
      spec: {
        containers: [{
          name: 'main',
          image: 'busybox',
          imagePullPolicy: 'IfNotPresent',
          command: ['sh', '-c', 'touch /tmp/healthy; exec sleep 600'],
          livenessProbe: { exec: { command: ['test', '-f', '/tmp/healthy'] }, periodSeconds: 1, failureThreshold: 2 },
        }],
        terminationGracePeriodSeconds: 1,
      },
    };
    await kubectl(['apply', '-f', '-'], JSON.stringify(pod));
    await kubectl(['wait', '--for=condition=Ready', 'pod/alive', '--timeout=60s']);
    const [started] = await livePods('app=alive');
    assert.equal(started!.status.containerStatuses![0]!.restartCount, 0);
    await kubectl(['exec', 'alive', '--', 'rm', '/tmp/healthy']);
    const restarted = await until('the container restarted by its liveness probe', async () => {
      const [current] = await livePods('app=alive');
      const status = current?.status.containerStatuses?.[0];
      return status && status.restartCount >= 1 && status.ready ? current : undefined;
    });
    assert.notEqual(restarted!.status.containerStatuses![0]!.containerID, started!.status.containerStatuses![0]!.containerID, 'a new container');
    const events = await kubectl(['get', 'events', '--field-selector', 'involvedObject.name=alive']);
    assert.match(events, /Unhealthy\s+pod\/alive\s+Liveness probe failed/, events);
    assert.match(events, /Killing\s+pod\/alive\s+Container main failed liveness probe, will be restarted/, events);
    await kubectl(['delete', 'pod', 'alive', '--wait=false']);
  });

  test('a Job runs its pods to completion; kubectl wait and kubectl logs see it', async () => {
    const job = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'count' },
      spec: {
        completions: 2,
        parallelism: 1,
        backoffLimit: 2,
        template: { spec: { restartPolicy: 'Never', containers: [{ name: 'count', image: 'busybox', imagePullPolicy: 'IfNotPresent', command: ['sh', '-c', 'echo counted $(hostname)'] }] } },
      },
    };
    await kubectl(['apply', '-f', '-'], JSON.stringify(job));
    await kubectl(['wait', '--for=condition=complete', 'job/count', '--timeout=120s']);
    const status = JSON.parse(await kubectl(['get', 'job', 'count', '-o', 'json'])) as { status: { succeeded?: number; failed?: number } };
    assert.equal(status.status.succeeded, 2);
    assert.equal(status.status.failed ?? 0, 0);
    const finished = await pods('job-name=count');
    assert.equal(finished.length, 2);
    assert.ok(finished.every((pod) => pod.status.phase === 'Succeeded'), finished.map((pod) => pod.status.phase).join(','));
    assert.match(await kubectl(['logs', `pod/${finished[0]!.metadata.name}`]), /^counted count-/);
    assert.match(await kubectl(['get', 'job', 'count']), /count\s+Complete\s+2\/2/);
    await kubectl(['delete', 'job', 'count']);
  });

  test('deleting the Deployment removes its ReplicaSets and pods', async () => {
    await kubectl(['delete', 'deployment', 'web']);
    await until('no ReplicaSet left', async () => (await kubectl(['get', 'rs', '-l', 'app=web', '-o', 'name'])).trim() === '');
    await until('no pod left', async () => (await pods()).length === 0, 120_000);
    // And the engine holds no container of theirs any more.
    await until('the engine has no pod containers', async () => (await cluster.ok(['ps', '-q', '--filter', 'label=io.kubernetes.pod.namespace=default'])).trim() === '', 60_000);
  });
});
