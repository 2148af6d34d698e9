import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { computePodStatus, type ContainerFacts, containerStatusOf, podPhase, statusChanged } from './pod-status.ts';
import type { ContainerStatus } from './runtime-service.ts';

function runtimeStatus(name: string, attempt: number, state: ContainerStatus['state'], extra: Partial<ContainerStatus> = {}): ContainerStatus {
  return {
    id: `${name}-${attempt}`,
    podSandboxId: 'sb',
    metadata: { name, attempt },
    image: 'busybox',
    imageRef: 'sha256:abc',
    state,
    createdAt: '2025-01-01T00:00:00Z',
    labels: {},
    annotations: {},
    mounts: [],
    startedAt: '2025-01-01T00:00:01.123Z',
    ...(state === 'EXITED' ? { finishedAt: '2025-01-01T00:00:05Z', exitCode: 0, reason: 'Completed' } : {}),
    ...extra,
  };
}

const now = new Date('2025-01-01T00:01:00Z');

function pod(restartPolicy: string, containers: string[], initContainers: string[] = []): Pod {
  return {
    metadata: { name: 'p', namespace: 'default', uid: 'u' },
    spec: { restartPolicy, containers: containers.map((name) => ({ name, image: 'busybox' })), initContainers: initContainers.map((name) => ({ name, image: 'busybox' })) },
    status: { phase: 'Pending', qosClass: 'BestEffort', conditions: [{ type: 'PodScheduled', status: 'True', lastTransitionTime: '2024-12-31T00:00:00Z' }] },
  };
}

describe('container statuses', () => {
  test('running, with the previous attempt as lastState and restartCount from the attempt', () => {
    const status = containerStatusOf('web', 'busybox', { latest: runtimeStatus('web', 2, 'RUNNING'), previous: runtimeStatus('web', 1, 'EXITED', { exitCode: 1, reason: 'Error' }) }, 'ContainerCreating');
    assert.deepEqual(status.state, { running: { startedAt: '2025-01-01T00:00:01Z' } });
    assert.equal(status.lastState?.terminated?.exitCode, 1);
    assert.equal(status.lastState?.terminated?.reason, 'Error');
    assert.equal(status.restartCount, 2);
    assert.equal(status.containerID, 'minato://web-2');
    assert.equal(status.imageID, 'sha256:abc');
    assert.equal(status.ready, true);
    assert.equal(status.started, true);
  });
  test('CrashLoopBackOff: waiting, the exited attempt as lastState', () => {
    const status = containerStatusOf('web', 'busybox', { latest: runtimeStatus('web', 1, 'EXITED', { exitCode: 1, reason: 'Error' }), waiting: { reason: 'CrashLoopBackOff', message: 'back-off 10s' } }, 'ContainerCreating');
    assert.deepEqual(status.state, { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 10s' } });
    assert.equal(status.lastState?.terminated?.exitCode, 1);
    assert.equal(status.ready, false);
  });
  test('never ran: waiting with the default or the given reason; a readiness probe not passed: not ready', () => {
    assert.deepEqual(containerStatusOf('w', 'img', {}, 'ContainerCreating').state, { waiting: { reason: 'ContainerCreating' } });
    assert.deepEqual(containerStatusOf('w', 'img', { waiting: { reason: 'ErrImagePull', message: 'no' } }, 'ContainerCreating').state, { waiting: { reason: 'ErrImagePull', message: 'no' } });
    assert.equal(containerStatusOf('w', 'img', { latest: runtimeStatus('w', 0, 'RUNNING'), ready: false }, 'x').ready, false);
    const notStarted = containerStatusOf('w', 'img', { latest: runtimeStatus('w', 0, 'RUNNING'), started: false }, 'x');
    assert.equal(notStarted.started, false);
    assert.equal(notStarted.ready, false);
  });
});

describe('phase', () => {
  const facts = (entries: Record<string, ContainerFacts>) => new Map(Object.entries(entries));
  const phaseOf = (policy: string, containers: Record<string, ContainerFacts>, init: Record<string, ContainerFacts> = {}, initFailed = false) =>
    computePodStatus({ pod: pod(policy, Object.keys(containers), Object.keys(init)), sandboxReady: true, podIPs: ['10.0.0.2'], hostIP: '1.2.3.4', init: facts(init), containers: facts(containers), initFailed, now }).phase;

  test('Pending while waiting or initialising, Running once running', () => {
    assert.equal(phaseOf('Always', { a: {} }), 'Pending');
    assert.equal(phaseOf('Always', { a: { latest: runtimeStatus('a', 0, 'RUNNING') }, b: {} }), 'Pending');
    assert.equal(phaseOf('Always', { a: { latest: runtimeStatus('a', 0, 'RUNNING') } }), 'Running');
    assert.equal(phaseOf('Always', { a: {} }, { init: { latest: runtimeStatus('init', 0, 'RUNNING') } }), 'Pending');
    assert.equal(phaseOf('Always', { a: { latest: runtimeStatus('a', 0, 'RUNNING') } }, { init: { latest: runtimeStatus('init', 0, 'EXITED') } }), 'Running');
  });
  test('all exited: Always → Running; all 0 → Succeeded; Never with a failure → Failed; OnFailure → Running', () => {
    const ok = { latest: runtimeStatus('a', 0, 'EXITED') };
    const bad = { latest: runtimeStatus('b', 0, 'EXITED', { exitCode: 2, reason: 'Error' }) };
    assert.equal(phaseOf('Always', { a: ok }), 'Running');
    assert.equal(phaseOf('Never', { a: ok }), 'Succeeded');
    assert.equal(phaseOf('OnFailure', { a: ok }), 'Succeeded');
    assert.equal(phaseOf('Never', { a: ok, b: bad }), 'Failed');
    assert.equal(phaseOf('OnFailure', { a: ok, b: bad }), 'Running');
    assert.equal(phaseOf('Always', { b: { ...bad, waiting: { reason: 'CrashLoopBackOff' } } }), 'Running');
  });
  test('a failed init container with restartPolicy Never fails the pod', () => {
    assert.equal(phaseOf('Never', { a: {} }, { init: { latest: runtimeStatus('init', 0, 'EXITED', { exitCode: 1 }) } }, true), 'Failed');
    assert.equal(podPhase('Always', [], [], false), 'Pending');
  });
});

describe('pod status', () => {
  test('conditions, IPs, qosClass, startTime; transition times kept while unchanged', () => {
    const p = pod('Always', ['web']);
    const facts = { sandboxReady: true, podIPs: ['10.88.0.7'], hostIP: '192.168.0.9', init: new Map(), now };
    const running = computePodStatus({ ...facts, pod: p, containers: new Map([['web', { latest: runtimeStatus('web', 0, 'RUNNING') }]]) });
    assert.equal(running.phase, 'Running');
    assert.equal(running.podIP, '10.88.0.7');
    assert.deepEqual(running.podIPs, [{ ip: '10.88.0.7' }]);
    assert.equal(running.hostIP, '192.168.0.9');
    assert.equal(running.qosClass, 'BestEffort');
    assert.equal(running.startTime, '2025-01-01T00:01:00Z');
    const byType = Object.fromEntries(running.conditions!.map((c) => [c.type, c]));
    assert.deepEqual(Object.keys(byType).sort(), ['ContainersReady', 'Initialized', 'PodReadyToStartContainers', 'PodScheduled', 'Ready']);
    assert.equal(byType.Ready!.status, 'True');
    assert.equal(byType.PodScheduled!.lastTransitionTime, '2024-12-31T00:00:00Z');

    const later = new Date('2025-01-01T00:05:00Z');
    const again = computePodStatus({ ...facts, now: later, pod: { ...p, status: running }, containers: new Map([['web', { latest: runtimeStatus('web', 0, 'RUNNING') }]]) });
    assert.equal(statusChanged(running, again), false);
    const unready = computePodStatus({ ...facts, now: later, pod: { ...p, status: running }, containers: new Map([['web', { latest: runtimeStatus('web', 0, 'RUNNING'), ready: false }]]) });
    assert.equal(statusChanged(running, unready), true);
    const ready = Object.fromEntries(unready.conditions!.map((c) => [c.type, c]));
    assert.equal(ready.Ready!.status, 'False');
    assert.equal(ready.Ready!.reason, 'ContainersNotReady');
    assert.equal(ready.Ready!.message, 'containers with unready status: [web]');
    assert.equal(ready.Ready!.lastTransitionTime, '2025-01-01T00:05:00Z');
    assert.equal(ready.Initialized!.lastTransitionTime, '2025-01-01T00:01:00Z');
  });
  test('a completed pod is not Ready (PodCompleted) and keeps its IP when the sandbox is gone', () => {
    const base = pod('Never', ['job']);
    const p: Pod = { ...base, status: { ...base.status, podIP: '10.88.0.3', podIPs: [{ ip: '10.88.0.3' }] } };
    const status = computePodStatus({ pod: p, sandboxReady: false, podIPs: [], hostIP: 'h', init: new Map(), containers: new Map([['job', { latest: runtimeStatus('job', 0, 'EXITED') }]]), now });
    assert.equal(status.phase, 'Succeeded');
    assert.equal(status.podIP, '10.88.0.3');
    const ready = status.conditions!.find((c) => c.type === 'Ready')!;
    assert.equal(ready.reason, 'PodCompleted');
    assert.equal(status.containerStatuses![0]!.state!.terminated!.reason, 'Completed');
  });
});
