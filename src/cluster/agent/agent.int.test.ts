// The node agent against a real `minato server` (TestClusterServer) and a real in-process Engine
// behind EngineRuntime (crun, conmon, overlayfs, CNI). As engine-runtime.int.test.ts, the file
// re-runs itself inside a network namespace of its own (the API server child runs there too, on
// 127.0.0.1), the engine gets a data root under /tmp and its own cgroup parent, and everything is
// removed in `after`, pass or fail. There is no scheduler involved: pods are created with
// spec.nodeName set.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { Engine } from '../../engine/daemon/engine.ts';
import { createLogger } from '../../util/log.ts';
import { writeBusyboxRootfs } from '../../../test/fixtures/busybox-rootfs.ts';
import { TestClusterServer } from '../../../test/helpers/test-cluster-server.ts';
import { isRoot } from '../../../test/helpers/test-daemon.ts';
import { nodeClientCredentials } from '../../../test/helpers/cluster-pki.ts';
import { isNotFound, loadKubeconfig, ResourceClient, resources, RestClient } from '../client/index.ts';
import { type Agent, startAgent } from './agent.ts';
import { EngineRuntime } from './engine-runtime.ts';
import { containerIdPrefix } from './pod-status.ts';
import { cleanupLeftovers, runInOwnNetns } from '../../../test/helpers/engine-leftovers.ts';

const netnsVariable = 'MINATO_AGENT_TEST_NETNS';
const skip = isRoot() ? false : 'needs root: runs real containers';

if (isRoot() && !process.env[netnsVariable]) {
  await runInOwnNetns(import.meta.url, netnsVariable, 'magent');
} else {
  describe('the node agent over a real engine and API server', { skip, timeout: 600_000 }, () => {
    const dir = mkdtempSync('/tmp/magent-');
    const cgroupParent = `minato-agent-${randomBytes(5).toString('hex')}`;
    const agentDir = path.join(dir, 'agent');
    const nodeName = 'node-1';
    const log = createLogger('agent-test', process.env.MINATO_LOG_LEVEL ?? 'error');
    let server: TestClusterServer;
    let engine: Engine;
    let runtime: EngineRuntime;
    let rest: RestClient;
    /** The agent's own client: as system:node:node-1 (group system:nodes), the identity a joined node has. */
    let nodeRest: RestClient;
    let agent: Agent | undefined;
    let pods: ResourceClient<Pod>;

    const start = () => startAgent({ rest: nodeRest, runtime, nodeName, dataDir: agentDir, log, nodeIP: '127.0.0.1', leaseRenewMs: 1_000, relistMs: 500 });

    before(async () => {
      // The test plays the scheduler (pods name their node) and needs no controllers.
      server = new TestClusterServer({ extraArgs: ['--disable-controller-manager', '--disable-scheduler'] });
      await server.start();
      rest = new RestClient(loadKubeconfig(server.kubeconfig), { component: 'agent-test' });
      nodeRest = new RestClient({ ...loadKubeconfig(server.kubeconfig), ...(await nodeClientCredentials(server.dataDir, nodeName)) }, { component: 'agent' });
      pods = new ResourceClient(rest, resources.pods);
      engine = await Engine.open({ dataRoot: path.join(dir, 'data'), execRoot: path.join(dir, 'run'), cgroupParent, networkPoolSize: 0, log });
      const tar = path.join(dir, 'busybox.tar');
      await writeBusyboxRootfs(tar);
      await engine.images.importRootfs(createReadStream(tar), { reference: 'busybox:latest' });
      runtime = new EngineRuntime({ engine, stateDir: path.join(dir, 'cri'), sandboxStopTimeoutSeconds: 2 });
      agent = await start();
    });

    after(async () => {
      try {
        await agent?.stop().catch(() => undefined);
        if (runtime) for (const sandbox of await runtime.listPodSandbox().catch(() => [])) await runtime.removePodSandbox(sandbox.id).catch(() => undefined);
        if (engine) {
          for (const record of engine.containers.store.all()) await engine.containers.remove(record.Id, { force: true }).catch(() => undefined);
          await engine.sandboxes.settled();
          await engine.close();
        }
        rest?.close();
        nodeRest?.close();
        await server?.cleanup();
      } finally {
        cleanupLeftovers(dir, cgroupParent);
      }
    });

    // ---- helpers ------------------------------------------------------------------------------

    async function waitFor<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> {
      const deadline = Date.now() + timeoutMs;
      let last: unknown;
      for (;;) {
        try {
          const value = await fn();
          if (value) return value;
        } catch (err) {
          last = err;
        }
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }

    const podOf = (name: string, spec: Partial<Pod['spec']> & { containers: NonNullable<Pod['spec']>['containers'] }, labels: Record<string, string> = {}): Pod => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'default', labels },
      spec: { nodeName, terminationGracePeriodSeconds: 5, ...spec },
    });

    const shell = (name: string, script: string, extra: object = {}) => ({ name, image: 'busybox', imagePullPolicy: 'IfNotPresent', command: ['sh', '-c', script], ...extra });

    async function logsOf(containerID: string): Promise<string> {
      const chunks: Buffer[] = [];
      for await (const chunk of await runtime.containerLogs(containerID.slice(containerIdPrefix.length))) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString();
    }

    const condition = (pod: Pod, type: string) => pod.status?.conditions?.find((c) => c.type === type)?.status;

    // ---- the node -----------------------------------------------------------------------------

    test('the Node is registered Ready with capacity, addresses and nodeInfo, and its Lease is renewed', async () => {
      const nodes = new ResourceClient(rest, resources.nodes);
      const node = await nodes.get(undefined, nodeName);
      assert.equal(node.metadata?.labels?.['kubernetes.io/hostname'], nodeName);
      assert.equal(node.metadata?.labels?.['kubernetes.io/os'], 'linux');
      assert.ok(node.metadata?.labels?.['kubernetes.io/arch']);
      const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
      assert.equal(ready?.status, 'True');
      assert.equal(ready?.reason, 'KubeletReady');
      assert.equal(ready?.message, 'kubelet is posting ready status');
      for (const type of ['MemoryPressure', 'DiskPressure', 'PIDPressure']) assert.equal(node.status?.conditions?.find((c) => c.type === type)?.status, 'False');
      assert.equal(node.status?.capacity?.pods, '110');
      assert.ok(Number(node.status?.capacity?.cpu) >= 1);
      assert.ok(node.status?.allocatable?.memory);
      assert.ok(node.status?.capacity?.['ephemeral-storage']);
      assert.deepEqual(node.status?.addresses, [
        { type: 'InternalIP', address: '127.0.0.1' },
        { type: 'Hostname', address: nodeName },
      ]);
      assert.match(node.status?.nodeInfo?.kubeletVersion ?? '', /^v1\.32\.\d+-minato$/);
      assert.match(node.status?.nodeInfo?.containerRuntimeVersion ?? '', /^minato:\/\//);
      assert.equal(node.status?.nodeInfo?.operatingSystem, 'linux');

      const leases = new ResourceClient(rest, resources.leases);
      const first = await waitFor('the lease', () => leases.get('kube-node-lease', nodeName));
      assert.equal(first.spec?.holderIdentity, nodeName);
      assert.equal(first.spec?.leaseDurationSeconds, 40);
      assert.equal(first.metadata?.ownerReferences?.[0]?.kind, 'Node');
      await waitFor('a renewal', async () => (await leases.get('kube-node-lease', nodeName)).spec?.renewTime !== first.spec?.renewTime, 10_000);
    });

    // ---- a running pod ------------------------------------------------------------------------

    let webUid = '';
    let webContainerId = '';

    test('a pod bound to the node runs: podIP, Ready; env from a ConfigMap, a Secret and the downward API; a configMap volume', async () => {
      await new ResourceClient(rest, resources.configMaps).create('default', { metadata: { name: 'settings' }, data: { mode: 'fast', 'app.conf': 'listen 8080\n' } });
      await new ResourceClient(rest, resources.secrets).create('default', { metadata: { name: 'creds' }, data: { password: Buffer.from('s3cret').toString('base64') } });
      const hostDir = path.join(dir, 'host-share');
      mkdirSync(hostDir);
      const script = [
        'echo "mode=$MODE password=$PASSWORD name=$MY_NAME ns=$MY_NS node=$MY_NODE ip=$MY_IP app=$APP greeting=$GREETING"',
        'cat /etc/app/app.conf',
        'trap "echo got-term > /share/term; exit 0" TERM',
        'while true; do sleep 0.2; done',
      ].join('; ');
      const created = await pods.create(
        'default',
        podOf(
          'web',
          {
            containers: [
              shell('web', script, {
                env: [
                  { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'settings', key: 'mode' } } },
                  { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'creds', key: 'password' } } },
                  { name: 'MY_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
                  { name: 'MY_NS', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
                  { name: 'MY_NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
                  { name: 'MY_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
                  { name: 'APP', valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } },
                  { name: 'GREETING', value: 'hello-$(MY_NAME)' },
                ],
                volumeMounts: [
                  { name: 'config', mountPath: '/etc/app' },
                  { name: 'share', mountPath: '/share' },
                ],
              }),
            ],
            volumes: [
              { name: 'config', configMap: { name: 'settings', items: [{ key: 'app.conf', path: 'app.conf' }] } },
              { name: 'share', hostPath: { path: hostDir } },
            ],
          },
          { app: 'shop' },
        ),
      );
      webUid = created.metadata!.uid!;
      const running = await waitFor('web Running and Ready', async () => {
        const pod = await pods.get('default', 'web');
        return pod.status?.phase === 'Running' && condition(pod, 'Ready') === 'True' ? pod : undefined;
      });
      assert.match(running.status?.podIP ?? '', /^10\.88\.\d+\.\d+$/);
      assert.equal(running.status?.hostIP, '127.0.0.1');
      assert.ok(running.status?.startTime);
      assert.equal(running.status?.qosClass, 'BestEffort');
      for (const type of ['PodReadyToStartContainers', 'Initialized', 'ContainersReady', 'Ready', 'PodScheduled']) assert.equal(condition(running, type), 'True', type);
      const status = running.status!.containerStatuses![0]!;
      assert.equal(status.ready, true);
      assert.equal(status.started, true);
      assert.equal(status.restartCount, 0);
      assert.ok(status.state?.running?.startedAt);
      assert.match(status.containerID ?? '', /^minato:\/\/[0-9a-f]{64}$/);
      assert.ok(status.imageID);
      webContainerId = status.containerID!;
      const logs = await waitFor('the output', async () => {
        const text = await logsOf(webContainerId);
        return text.includes('listen') ? text : undefined;
      });
      assert.equal(logs, `mode=fast password=s3cret name=web ns=default node=${nodeName} ip=${running.status!.podIP} app=shop greeting=hello-web\nlisten 8080\n`);
      // The secret is not on disk: only the env has it; the configMap volume is read-only.
      const write = await runtime.execSync(webContainerId.slice(containerIdPrefix.length), ['sh', '-c', 'touch /etc/app/x'], 10);
      assert.notEqual(write.exitCode, 0);
    });

    // ---- restarts and completion --------------------------------------------------------------

    test('a container that exits 1 under restartPolicy Always is restarted, with CrashLoopBackOff between', async () => {
      await pods.create('default', podOf('crash', { restartPolicy: 'Always', containers: [shell('crash', 'echo boom; exit 1')] }));
      const seen = new Set<string>();
      const pod = await waitFor(
        'restartCount 2',
        async () => {
          const current = await pods.get('default', 'crash');
          const status = current.status?.containerStatuses?.[0];
          if (status?.state?.waiting?.reason) seen.add(status.state.waiting.reason);
          return (status?.restartCount ?? 0) >= 2 ? current : undefined;
        },
        90_000,
      );
      assert.ok(seen.has('CrashLoopBackOff'), `waiting reasons seen: ${[...seen].join(', ')}`);
      assert.equal(pod.status?.phase, 'Running');
      const status = pod.status!.containerStatuses![0]!;
      assert.equal(status.lastState?.terminated?.exitCode, 1);
      assert.equal(status.lastState?.terminated?.reason, 'Error');
      assert.equal(status.ready, false);
      await pods.delete('default', 'crash', { gracePeriodSeconds: 1 });
      await waitFor('crash gone', async () => pods.get('default', 'crash').then(() => false, (err: unknown) => isNotFound(err)));
    });

    test('a restartPolicy Never pod whose container exits 0 ends Succeeded', async () => {
      await pods.create('default', podOf('job', { restartPolicy: 'Never', initContainers: [shell('prepare', 'echo init')], containers: [shell('main', 'echo done')] }));
      const pod = await waitFor('job Succeeded', async () => {
        const current = await pods.get('default', 'job');
        return current.status?.phase === 'Succeeded' ? current : undefined;
      });
      const status = pod.status!.containerStatuses![0]!;
      assert.equal(status.state?.terminated?.exitCode, 0);
      assert.equal(status.state?.terminated?.reason, 'Completed');
      assert.equal(pod.status?.initContainerStatuses?.[0]?.state?.terminated?.exitCode, 0);
      assert.equal(condition(pod, 'Ready'), 'False');
      assert.equal(await logsOf(status.containerID!), 'done\n');
      // The sandbox was stopped (its IP given back); nothing restarts.
      await waitFor('the sandbox stopped', async () => (await runtime.listPodSandbox()).filter((s) => s.metadata.uid === pod.metadata!.uid).every((s) => s.state === 'NOTREADY'));
    });

    test('probes: readiness drives Ready, a liveness failure restarts the container (with an event); a secret volume lives on a tmpfs', async () => {
      const script = 'cat /secret/password; echo; touch /tmp/healthy; sleep 2; touch /tmp/ready; sleep 3; rm /tmp/healthy; while true; do sleep 1; done';
      const created = await pods.create(
        'default',
        podOf('probed', {
          containers: [
            shell('web', script, {
              readinessProbe: { exec: { command: ['test', '-f', '/tmp/ready'] }, periodSeconds: 1 },
              livenessProbe: { exec: { command: ['test', '-f', '/tmp/healthy'] }, periodSeconds: 1, failureThreshold: 2 },
              volumeMounts: [{ name: 'creds', mountPath: '/secret' }],
            }),
          ],
          volumes: [{ name: 'creds', secret: { secretName: 'creds', defaultMode: 0o400 } }],
        }),
      );
      const uid = created.metadata!.uid!;
      const unready = await waitFor('probed Running', async () => {
        const pod = await pods.get('default', 'probed');
        return pod.status?.phase === 'Running' ? pod : undefined;
      });
      assert.equal(condition(unready, 'Ready'), 'False', 'not ready before the readiness probe passes');
      const secretDir = path.join(agentDir, 'pods', uid, 'volumes', 'secret', 'creds');
      const mount = readFileSync('/proc/self/mountinfo', 'utf8').split('\n').find((line) => line.split(' ')[4] === secretDir);
      assert.match(mount ?? '', / - tmpfs /, 'the secret volume is a tmpfs');
      assert.equal((await import('node:fs')).statSync(path.join(secretDir, 'password')).mode & 0o777, 0o400);
      await waitFor('probed Ready', async () => condition(await pods.get('default', 'probed'), 'Ready') === 'True', 20_000);
      const restarted = await waitFor('a liveness restart', async () => {
        const pod = await pods.get('default', 'probed');
        return (pod.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 1 ? pod : undefined;
      }, 30_000);
      assert.ok(restarted.status?.containerStatuses?.[0]?.lastState?.terminated);
      assert.equal((await logsOf(restarted.status!.containerStatuses![0]!.containerID!)).split('\n')[0], 's3cret');
      const events = await new ResourceClient(rest, resources.events).list('default');
      assert.ok(events.items.some((event) => event.involvedObject.uid === uid && event.reason === 'Killing' && event.message === 'Container web failed liveness probe, will be restarted'));
      await pods.delete('default', 'probed', { gracePeriodSeconds: 1 });
      await waitFor('probed gone', async () => pods.get('default', 'probed').then(() => false, (err: unknown) => isNotFound(err)));
      assert.ok(!readFileSync('/proc/self/mountinfo', 'utf8').includes(secretDir), 'the tmpfs is unmounted');
    });

    // ---- agent restart ------------------------------------------------------------------------

    test('after an agent restart, running pods are picked up, not recreated; pods deleted meanwhile are cleaned up', async () => {
      const orphan = await pods.create('default', podOf('orphan', { containers: [shell('sleeper', 'while true; do sleep 1; done')] }));
      await waitFor('orphan Running', async () => (await pods.get('default', 'orphan')).status?.phase === 'Running');
      await agent!.stop();
      agent = undefined;
      // Deleted for good while the agent is down (grace 0: the API server removes it at once).
      await pods.delete('default', 'orphan', { gracePeriodSeconds: 0 });
      agent = await start();
      await waitFor('the orphan sandbox removed', async () => (await runtime.listPodSandbox()).every((s) => s.metadata.uid !== orphan.metadata!.uid), 30_000);
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      const web = await pods.get('default', 'web');
      assert.equal(web.metadata?.uid, webUid);
      assert.equal(web.status?.phase, 'Running');
      assert.equal(web.status?.containerStatuses?.[0]?.containerID, webContainerId, 'the same container');
      assert.equal(web.status?.containerStatuses?.[0]?.restartCount, 0);
      assert.equal((await runtime.listPodSandbox()).filter((s) => s.metadata.uid === webUid).length, 1);
    });

    // ---- deletion -----------------------------------------------------------------------------

    test('deleting a pod stops it gracefully (its container gets SIGTERM) and the object goes away', async () => {
      await pods.delete('default', 'web');
      await waitFor('web gone', async () => pods.get('default', 'web').then(() => false, (err: unknown) => isNotFound(err)), 30_000);
      assert.equal(readFileSync(path.join(dir, 'host-share', 'term'), 'utf8'), 'got-term\n');
      assert.deepEqual((await runtime.listPodSandbox()).filter((s) => s.metadata.uid === webUid), []);
      assert.ok(!existsSync(path.join(agentDir, 'pods', webUid)), 'the pod directory is gone');
    });
  });
}
