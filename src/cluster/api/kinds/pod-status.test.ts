import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pod, PodStatus } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../resource-type.ts';
import { podResource } from './pod.ts';
import { cells, testNow } from './testing.ts';

const fiveMinutesAgo = new Date(testNow.getTime() - 5 * 60_000).toISOString();
const running = { running: { startedAt: fiveMinutesAgo } };

function podWith(status: PodStatus, options: { containers?: string[]; init?: { name: string; restartPolicy?: string }[]; deleting?: boolean; gates?: string[] } = {}): KubeObject {
  const pod: Pod = {
    metadata: { name: 'web', namespace: 'default', creationTimestamp: '2025-03-01T11:00:00Z', ...(options.deleting ? { deletionTimestamp: '2025-03-01T11:59:00Z' } : {}) },
    spec: {
      containers: (options.containers ?? ['web']).map((name) => ({ name, image: 'nginx' })),
      initContainers: options.init?.map((container) => ({ name: container.name, image: 'busybox', ...(container.restartPolicy ? { restartPolicy: container.restartPolicy } : {}) })),
      readinessGates: options.gates?.map((conditionType) => ({ conditionType })),
    },
    status,
  };
  return pod as unknown as KubeObject;
}

// What kubectl get pods shows for pods in each state: READY, STATUS, RESTARTS.
const cases: { name: string; pod: KubeObject; expected: [string, string, string] }[] = [
  { name: 'just created', pod: podWith({ phase: 'Pending' }), expected: ['0/1', 'Pending', '0'] },
  {
    name: 'pulling the image',
    pod: podWith({ phase: 'Pending', containerStatuses: [{ name: 'web', image: 'nginx', imageID: '', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } }] }),
    expected: ['0/1', 'ContainerCreating', '0'],
  },
  {
    name: 'image not found',
    pod: podWith({ phase: 'Pending', containerStatuses: [{ name: 'web', image: 'nginx', imageID: '', ready: false, restartCount: 0, state: { waiting: { reason: 'ImagePullBackOff' } } }] }),
    expected: ['0/1', 'ImagePullBackOff', '0'],
  },
  {
    name: 'running and ready',
    pod: podWith({ phase: 'Running', containerStatuses: [{ name: 'web', image: 'nginx', imageID: '', ready: true, restartCount: 0, state: running }] }),
    expected: ['1/1', 'Running', '0'],
  },
  {
    name: 'one of two containers ready',
    pod: podWith(
      {
        phase: 'Running',
        containerStatuses: [
          { name: 'web', image: 'nginx', imageID: '', ready: true, restartCount: 0, state: running },
          { name: 'sidecar', image: 'nginx', imageID: '', ready: false, restartCount: 0, state: running },
        ],
      },
      { containers: ['web', 'sidecar'] },
    ),
    expected: ['1/2', 'Running', '0'],
  },
  {
    name: 'crash looping',
    pod: podWith({
      phase: 'Running',
      containerStatuses: [
        {
          name: 'web',
          image: 'nginx',
          imageID: '',
          ready: false,
          restartCount: 3,
          state: { waiting: { reason: 'CrashLoopBackOff' } },
          lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: fiveMinutesAgo } },
        },
      ],
    }),
    expected: ['0/1', 'CrashLoopBackOff', '3 (5m ago)'],
  },
  {
    name: 'finished successfully',
    pod: podWith({ phase: 'Succeeded', containerStatuses: [{ name: 'web', image: 'nginx', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } }] }),
    expected: ['0/1', 'Completed', '0'],
  },
  {
    name: 'failed',
    pod: podWith({ phase: 'Failed', containerStatuses: [{ name: 'web', image: 'nginx', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode: 2, reason: 'Error' } } }] }),
    expected: ['0/1', 'Error', '0'],
  },
  {
    name: 'killed by a signal without a reason',
    pod: podWith({ phase: 'Failed', containerStatuses: [{ name: 'web', image: 'nginx', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode: 137, signal: 9 } } }] }),
    expected: ['0/1', 'Signal:9', '0'],
  },
  {
    name: 'exited without a reason',
    pod: podWith({ phase: 'Failed', containerStatuses: [{ name: 'web', image: 'nginx', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode: 3 } } }] }),
    expected: ['0/1', 'ExitCode:3', '0'],
  },
  { name: 'evicted', pod: podWith({ phase: 'Failed', reason: 'Evicted' }), expected: ['0/1', 'Evicted', '0'] },
  {
    name: 'first of two init containers running',
    pod: podWith(
      { phase: 'Pending', initContainerStatuses: [{ name: 'setup', image: 'busybox', imageID: '', ready: false, restartCount: 0, state: running }, { name: 'migrate', image: 'busybox', imageID: '', ready: false, restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } }] },
      { init: [{ name: 'setup' }, { name: 'migrate' }] },
    ),
    expected: ['0/1', 'Init:0/2', '0'],
  },
  {
    name: 'second init container crash looping',
    pod: podWith(
      {
        phase: 'Pending',
        initContainerStatuses: [
          { name: 'setup', image: 'busybox', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } },
          { name: 'migrate', image: 'busybox', imageID: '', ready: false, restartCount: 2, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1, finishedAt: fiveMinutesAgo } } },
        ],
      },
      { init: [{ name: 'setup' }, { name: 'migrate' }] },
    ),
    expected: ['0/1', 'Init:CrashLoopBackOff', '2 (5m ago)'],
  },
  {
    name: 'init container failed',
    pod: podWith(
      { phase: 'Pending', initContainerStatuses: [{ name: 'setup', image: 'busybox', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode: 1, reason: 'Error' } } }] },
      { init: [{ name: 'setup' }] },
    ),
    expected: ['0/1', 'Init:Error', '0'],
  },
  {
    name: 'a sidecar counts among the containers',
    pod: podWith(
      {
        phase: 'Running',
        conditions: [{ type: 'Initialized', status: 'True' }],
        initContainerStatuses: [{ name: 'proxy', image: 'busybox', imageID: '', ready: true, started: true, restartCount: 0, state: running }],
        containerStatuses: [{ name: 'web', image: 'nginx', imageID: '', ready: true, restartCount: 0, state: running }],
      },
      { init: [{ name: 'proxy', restartPolicy: 'Always' }] },
    ),
    expected: ['2/2', 'Running', '0'],
  },
  {
    name: 'one container done while another runs, pod not ready',
    pod: podWith(
      {
        phase: 'Running',
        containerStatuses: [
          { name: 'job', image: 'nginx', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } },
          { name: 'web', image: 'nginx', imageID: '', ready: true, restartCount: 0, state: running },
        ],
      },
      { containers: ['job', 'web'] },
    ),
    expected: ['1/2', 'NotReady', '0'],
  },
  {
    name: 'one container done while another runs, pod ready',
    pod: podWith(
      {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'True' }],
        containerStatuses: [
          { name: 'job', image: 'nginx', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } },
          { name: 'web', image: 'nginx', imageID: '', ready: true, restartCount: 0, state: running },
        ],
      },
      { containers: ['job', 'web'] },
    ),
    expected: ['1/2', 'Running', '0'],
  },
  {
    name: 'being deleted',
    pod: podWith({ phase: 'Running', containerStatuses: [{ name: 'web', image: 'nginx', imageID: '', ready: true, restartCount: 0, state: running }] }, { deleting: true }),
    expected: ['1/1', 'Terminating', '0'],
  },
  {
    name: 'a finished pod being deleted stays Completed',
    pod: podWith({ phase: 'Succeeded', containerStatuses: [{ name: 'web', image: 'nginx', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } }] }, { deleting: true }),
    expected: ['0/1', 'Completed', '0'],
  },
  { name: 'on a lost node, being deleted', pod: podWith({ phase: 'Running', reason: 'NodeLost' }, { deleting: true }), expected: ['0/1', 'Unknown', '0'] },
];

for (const { name, pod, expected } of cases) {
  test(`pod ${name}: ${expected.join(' ')}`, () => {
    const row = cells(podResource, pod);
    assert.deepEqual([row.Ready, row.Status, row.Restarts], expected);
  });
}

test('the wide columns: IP, node, nominated node, readiness gates', () => {
  const pod = podWith({ phase: 'Running', podIPs: [{ ip: '10.1.0.4' }], conditions: [{ type: 'example.com/ready', status: 'True' }] }, { gates: ['example.com/ready', 'example.com/other'] });
  (pod.spec as { nodeName?: string }).nodeName = 'node-1';
  const row = cells(podResource, pod);
  assert.deepEqual([row.Age, row.IP, row.Node, row['Nominated Node'], row['Readiness Gates']], ['60m', '10.1.0.4', 'node-1', '<none>', '1/2']);
  const bare = cells(podResource, podWith({ phase: 'Pending' }));
  assert.deepEqual([bare.IP, bare.Node, bare['Readiness Gates']], ['<none>', '<none>', '<none>']);
});
