// The scheduler against a real `minato server`: Node objects made through the API (no agents),
// pods bound and spread, pods that fit nowhere left Pending with kube-scheduler's condition and
// FailedScheduling event and placed once the cluster changes (a node added, a node relabelled,
// a bound pod deleted), and priority order.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Event, Node, Pod } from 'kubernetes-types/core/v1.js';
import { TestClusterServer } from '../../../test/helpers/test-cluster-server.ts';
import { loadKubeconfig } from '../client/kubeconfig.ts';
import { ResourceClient } from '../client/resource-client.ts';
import { resources } from '../client/resources.ts';
import { RestClient } from '../client/rest-client.ts';
import { silentLogger } from '../../util/log.ts';
import { type RunningScheduler, startScheduler } from './scheduler-loop.ts';

const namespace = 'default';

function node(name: string, options: { cpu?: string; memory?: string; pods?: string; labels?: Record<string, string> } = {}): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', ...options.labels } },
    spec: {},
    status: {
      capacity: { cpu: options.cpu ?? '4', memory: options.memory ?? '8Gi', pods: options.pods ?? '110' },
      allocatable: { cpu: options.cpu ?? '4', memory: options.memory ?? '8Gi', pods: options.pods ?? '110' },
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'simulated node' }],
    },
  };
}

function pod(name: string, options: { cpu?: string; memory?: string; priority?: number; nodeSelector?: Record<string, string> } = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace },
    spec: {
      containers: [{ name: 'app', image: 'busybox', resources: { requests: { cpu: options.cpu ?? '100m', memory: options.memory ?? '64Mi' } } }],
      ...(options.priority !== undefined ? { priority: options.priority } : {}),
      ...(options.nodeSelector ? { nodeSelector: options.nodeSelector } : {}),
    },
  };
}

describe('the scheduler against a real API server', () => {
  // The scheduler under test runs here; the server's own (and its controllers) stay off.
  const server = new TestClusterServer({ extraArgs: ['--disable-controller-manager', '--disable-scheduler'] });
  let rest: RestClient;
  let pods: ResourceClient<Pod>;
  let nodes: ResourceClient<Node>;
  let events: ResourceClient<Event>;
  let scheduler: RunningScheduler | undefined;

  async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, ms = 15_000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  const boundNode = (name: string) =>
    waitFor(`${name} to be bound`, async () => {
      const current = await pods.get(namespace, name);
      return current.spec?.nodeName || undefined;
    });

  const eventsOf = async (name: string) => (await events.list(namespace, { fieldSelector: `involvedObject.name=${name}` })).items;

  /** The pod's PodScheduled condition once it is False. */
  const unschedulableCondition = (name: string) =>
    waitFor(`${name} to be marked unschedulable`, async () => {
      const current = await pods.get(namespace, name);
      const condition = current.status?.conditions?.find((c) => c.type === 'PodScheduled');
      return condition?.status === 'False' ? { condition, pod: current } : undefined;
    });

  before(async () => {
    await server.start();
    rest = new RestClient(loadKubeconfig(server.kubeconfig), { component: 'scheduler-test' });
    pods = new ResourceClient(rest, resources.pods);
    nodes = new ResourceClient(rest, resources.nodes);
    events = new ResourceClient(rest, resources.events);
    for (const name of ['node-1', 'node-2', 'node-3']) await nodes.create(undefined, node(name));
    scheduler = startScheduler({ rest, log: silentLogger(), queue: { moveDebounceMs: 50 } });
    await scheduler.ready;
  });

  after(async () => {
    await scheduler?.stop();
    rest?.close();
    await server.cleanup();
  });

  test('binds new pods and spreads them over the nodes; a Scheduled event for each', async () => {
    const names = Array.from({ length: 6 }, (_, i) => `spread-${i}`);
    for (const name of names) await pods.create(namespace, pod(name, { cpu: '500m', memory: '512Mi' }));
    const placed = await Promise.all(names.map(boundNode));
    const perNode = new Map<string, number>();
    for (const name of placed) perNode.set(name, (perNode.get(name) ?? 0) + 1);
    assert.deepEqual([...perNode].sort(), [['node-1', 2], ['node-2', 2], ['node-3', 2]]);

    const bound = await pods.get(namespace, 'spread-0');
    const condition = bound.status?.conditions?.find((c) => c.type === 'PodScheduled');
    assert.equal(condition?.status, 'True');
    const scheduled = await waitFor('the Scheduled event', async () => (await eventsOf('spread-0')).find((e) => e.reason === 'Scheduled'));
    assert.equal(scheduled.type, 'Normal');
    assert.equal(scheduled.message, `Successfully assigned default/spread-0 to ${placed[0]}`);
    assert.equal(scheduled.action, 'Binding');
    assert.equal(scheduled.reportingComponent, 'default-scheduler');
    assert.equal(scheduled.involvedObject.kind, 'Pod');
    assert.equal(scheduled.involvedObject.uid, bound.metadata?.uid);
  });

  test('a pod too big for every node stays Pending, says why, and is placed once a big enough node joins', async () => {
    await pods.create(namespace, pod('huge', { memory: '64Gi' }));
    // kube-scheduler 1.32: NodeResourcesFit rejects each of the 3 nodes with "Insufficient memory"
    // (Unschedulable, so preemption is tried); no pod has a lower priority than the incoming one
    // (0), so on every node DefaultPreemption finds no victims.
    const expected = '0/3 nodes are available: 3 Insufficient memory. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.';
    const { condition } = await unschedulableCondition('huge');
    assert.equal(condition.reason, 'Unschedulable');
    assert.equal(condition.message, expected);
    const failed = await waitFor('the FailedScheduling event', async () => (await eventsOf('huge')).find((e) => e.reason === 'FailedScheduling'));
    assert.equal(failed.type, 'Warning');
    assert.equal(failed.action, 'Scheduling');
    assert.equal(failed.reportingComponent, 'default-scheduler');
    assert.equal(failed.message, expected);
    assert.equal((await pods.get(namespace, 'huge')).spec?.nodeName, undefined);

    await nodes.create(undefined, node('node-big', { memory: '128Gi' }));
    assert.equal(await boundNode('huge'), 'node-big');
    // One FailedScheduling event for the one failure, not a flood.
    assert.equal((await eventsOf('huge')).filter((e) => e.reason === 'FailedScheduling').length, 1);
  });

  test('a pod whose nodeSelector matches no node waits until a node is labelled', async () => {
    await pods.create(namespace, pod('wants-ssd', { nodeSelector: { disk: 'ssd' } }));
    const { condition } = await unschedulableCondition('wants-ssd');
    // NodeAffinity rejects every node as UnschedulableAndUnresolvable: preemption cannot help anywhere.
    assert.equal(condition.message, "0/4 nodes are available: 4 node(s) didn't match Pod's node affinity/selector. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.");
    await nodes.patch(undefined, 'node-2', 'merge', { metadata: { labels: { disk: 'ssd' } } });
    assert.equal(await boundNode('wants-ssd'), 'node-2');
  });

  test('higher priority first: of two waiting pods, the higher-priority one gets the one free slot', async () => {
    // Neither fits anywhere yet (no node of pool "prio").
    await pods.create(namespace, pod('prio-low', { priority: 10, nodeSelector: { pool: 'prio' } }));
    await pods.create(namespace, pod('prio-high', { priority: 1000, nodeSelector: { pool: 'prio' } }));
    await unschedulableCondition('prio-low');
    await unschedulableCondition('prio-high');
    await new Promise((resolve) => setTimeout(resolve, 1100)); // both past their 1 s back-off
    // One node with room for exactly one pod: both pods are retried at once, the higher first.
    await nodes.create(undefined, node('node-prio', { pods: '1', labels: { pool: 'prio' } }));
    assert.equal(await boundNode('prio-high'), 'node-prio');
    const { condition } = await waitFor('prio-low to be rejected for want of room', async () => {
      const found = await unschedulableCondition('prio-low');
      return found.condition.message?.includes('Too many pods') ? found : undefined;
    });
    assert.match(condition.message!, /^0\/5 nodes are available: 1 Too many pods, 4 node\(s\) didn't match Pod's node affinity\/selector\./);
    assert.equal((await pods.get(namespace, 'prio-low')).spec?.nodeName, undefined);
  });

  test('deleting a bound pod frees room for a waiting one', async () => {
    // prio-low waits for node-prio's only slot, held by prio-high.
    await pods.delete(namespace, 'prio-high', { gracePeriodSeconds: 0 });
    assert.equal(await boundNode('prio-low'), 'node-prio');
  });

  test('idle once nothing is pending; counters add up', async () => {
    await waitFor('the scheduler to be idle', async () => (scheduler!.idle() ? true : undefined));
    const stats = scheduler!.stats();
    assert.equal(stats.bound, 10); // 6 spread, huge, wants-ssd, prio-high, prio-low
    assert.equal(stats.bindFailures, 0);
    assert.ok(stats.unschedulable >= 5, `unschedulable attempts: ${stats.unschedulable}`);
    assert.deepEqual(stats.queue, { active: 0, backoff: 0, unschedulable: 0, inFlight: 0 });
  });
});
