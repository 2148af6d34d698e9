import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { podsInDeletionOrder } from './pod-deletion-order.ts';

interface Shape {
  name: string;
  node?: string;
  phase?: 'Pending' | 'Running' | 'Unknown';
  readySince?: string;
  restarts?: number;
  created?: string;
  cost?: number;
}

function pod(shape: Shape): Pod {
  return {
    metadata: {
      name: shape.name,
      creationTimestamp: shape.created ?? '2026-01-01T00:00:00Z',
      ...(shape.cost !== undefined ? { annotations: { 'controller.kubernetes.io/pod-deletion-cost': String(shape.cost) } } : {}),
    },
    spec: { containers: [{ name: 'c' }], ...(shape.node ? { nodeName: shape.node } : {}) },
    status: {
      phase: shape.phase ?? 'Running',
      conditions: [{ type: 'Ready', status: shape.readySince ? 'True' : 'False', ...(shape.readySince ? { lastTransitionTime: shape.readySince } : {}) }],
      containerStatuses: [{ name: 'c', image: 'i', imageID: '', ready: !!shape.readySince, restartCount: shape.restarts ?? 0 }],
    },
  };
}

const order = (pods: Shape[]) => podsInDeletionOrder(pods.map(pod)).map((p) => p.metadata!.name);
const ready = '2026-01-01T00:00:10Z';

test('unscheduled pods go before scheduled ones', () => {
  assert.deepEqual(order([{ name: 'on-node', node: 'n1', readySince: ready }, { name: 'nowhere', phase: 'Pending' }]), ['nowhere', 'on-node']);
});

test('Pending before Unknown before Running', () => {
  assert.deepEqual(order([{ name: 'running', node: 'a' }, { name: 'unknown', node: 'b', phase: 'Unknown' }, { name: 'pending', node: 'c', phase: 'Pending' }]), ['pending', 'unknown', 'running']);
});

test('not ready before ready', () => {
  assert.deepEqual(order([{ name: 'ready', node: 'a', readySince: ready }, { name: 'not-ready', node: 'b' }]), ['not-ready', 'ready']);
});

test('a lower pod-deletion-cost goes first', () => {
  assert.deepEqual(order([{ name: 'precious', node: 'a', readySince: ready, cost: 100 }, { name: 'cheap', node: 'b', readySince: ready, cost: -5 }, { name: 'default', node: 'c', readySince: ready }]), ['cheap', 'default', 'precious']);
});

test('pods doubled up on a node go before a pod alone on its node', () => {
  const result = order([
    { name: 'alone', node: 'n1', readySince: ready },
    { name: 'twin-1', node: 'n2', readySince: ready },
    { name: 'twin-2', node: 'n2', readySince: ready },
  ]);
  assert.equal(result.at(-1), 'alone');
});

test('ready for less time first, then more restarts first, then newer first', () => {
  assert.deepEqual(order([{ name: 'long-ready', node: 'a', readySince: '2026-01-01T00:00:00Z' }, { name: 'just-ready', node: 'b', readySince: '2026-01-01T01:00:00Z' }]), ['just-ready', 'long-ready']);
  assert.deepEqual(order([{ name: 'steady', node: 'a', readySince: ready }, { name: 'flappy', node: 'b', readySince: ready, restarts: 4 }]), ['flappy', 'steady']);
  assert.deepEqual(order([{ name: 'old', node: 'a', readySince: ready, created: '2026-01-01T00:00:00Z' }, { name: 'new', node: 'b', readySince: ready, created: '2026-01-02T00:00:00Z' }]), ['new', 'old']);
});
