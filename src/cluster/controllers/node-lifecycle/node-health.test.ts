import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Node, Pod, Taint } from 'kubernetes-types/core/v1.js';
import {
  desiredTaints,
  evictionTime,
  graceLeftMs,
  heartbeatOf,
  nodeStatusUnknownMessage,
  notReadyTaintKey,
  observe,
  tolerationsWithDefaults,
  unknownConditions,
  unreachableTaintKey,
} from './node-health.ts';

const t0 = '2026-01-01T00:00:00Z';
const t1 = '2026-01-01T00:01:00Z';

function node(ready: string | undefined, taints?: Taint[], heartbeat = t0): Node {
  return {
    metadata: { name: 'n1' },
    spec: taints ? { taints } : {},
    status: ready ? { conditions: [{ type: 'Ready', status: ready, reason: 'KubeletReady', lastHeartbeatTime: heartbeat, lastTransitionTime: t0 }, { type: 'MemoryPressure', status: 'False' }] } : {},
  };
}

describe('lease expiry', () => {
  test('the heartbeat is the newer of the lease renewal and the Ready heartbeat', () => {
    assert.equal(heartbeatOf(node('True'), '2026-01-01T00:00:30.000000Z'), '2026-01-01T00:00:30.000000Z');
    assert.equal(heartbeatOf(node('True', undefined, t1), '2026-01-01T00:00:30.000000Z'), t1);
    assert.equal(heartbeatOf(node('True'), undefined), t0);
  });

  test('the grace period counts from when a change was seen, not from the remote clock', () => {
    const first = observe(undefined, t0, 1000);
    assert.deepEqual(first, { heartbeat: t0, observedAt: 1000 });
    const same = observe(first, t0, 30_000);
    assert.equal(same.observedAt, 1000, 'an unchanged heartbeat keeps its time');
    assert.equal(graceLeftMs(same, 40_000, 30_000), 11_000);
    assert.ok(graceLeftMs(same, 40_000, 41_000) <= 0, 'overdue after 40 s');
    const renewed = observe(same, t1, 41_500);
    assert.equal(graceLeftMs(renewed, 40_000, 41_500), 40_000, 'a renewal restarts the grace period');
  });
});

describe('conditions and taints', () => {
  test('an overdue node: every condition Unknown with NodeStatusUnknown; nothing to do when already so', () => {
    const conditions = unknownConditions(node('True'), t1)!;
    assert.deepEqual(conditions.map((c) => [c.type, c.status, c.reason, c.message]), [
      ['Ready', 'Unknown', 'NodeStatusUnknown', nodeStatusUnknownMessage],
      ['MemoryPressure', 'Unknown', 'NodeStatusUnknown', nodeStatusUnknownMessage],
    ]);
    assert.equal(conditions[0]!.lastTransitionTime, t1);
    assert.equal(conditions[0]!.lastHeartbeatTime, t0, 'the last heartbeat is kept');
    assert.equal(unknownConditions({ ...node('True'), status: { conditions } }, t1), undefined);
  });

  test('Ready Unknown → unreachable NoSchedule + NoExecute with timeAdded; other taints kept', () => {
    const mine: Taint = { key: 'dedicated', value: 'x', effect: 'NoSchedule' };
    const taints = desiredTaints(node('Unknown', [mine]), t1)!;
    assert.deepEqual(taints, [mine, { key: unreachableTaintKey, effect: 'NoSchedule', timeAdded: t1 }, { key: unreachableTaintKey, effect: 'NoExecute', timeAdded: t1 }]);
    assert.equal(desiredTaints(node('Unknown', taints), '2026-01-01T00:05:00Z'), undefined, 'already there: timeAdded kept, no write');
  });

  test('Ready False → not-ready taints (replacing unreachable); Ready True → none', () => {
    const unreachable = desiredTaints(node('Unknown'), t0)!;
    assert.deepEqual(desiredTaints(node('False', unreachable), t1)!.map((t) => `${t.key}:${t.effect}`), [`${notReadyTaintKey}:NoSchedule`, `${notReadyTaintKey}:NoExecute`]);
    assert.deepEqual(desiredTaints(node('True', unreachable), t1), []);
    assert.equal(desiredTaints(node('True'), t1), undefined);
  });
});

describe('eviction time', () => {
  const now = Date.parse(t1);
  const noExecute: Taint = { key: unreachableTaintKey, effect: 'NoExecute', timeAdded: t0 };
  const pod = (tolerations?: Pod['spec'] extends infer S ? S extends { tolerations?: infer T } ? T : never : never): Pod => ({ metadata: { name: 'p' }, spec: { containers: [], ...(tolerations ? { tolerations } : {}) } });

  test('pods without tolerations of their own get the default ones (300 s, or as configured)', () => {
    const tolerations = tolerationsWithDefaults(pod(), 300, 5);
    assert.deepEqual(tolerations.map((t) => [t.key, t.tolerationSeconds]), [[notReadyTaintKey, 300], [unreachableTaintKey, 5]]);
    assert.equal(evictionTime([noExecute], tolerations, now), Date.parse(t0) + 5000);
  });

  test("a pod's own toleration wins over the default", () => {
    const own = tolerationsWithDefaults(pod([{ key: unreachableTaintKey, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 }]), 300, 300);
    assert.equal(own.filter((t) => t.key === unreachableTaintKey).length, 1);
    assert.equal(evictionTime([noExecute], own, now), Date.parse(t0) + 30_000);
  });

  test('untolerated: now; tolerated without seconds: never; NoSchedule taints do not evict', () => {
    assert.equal(evictionTime([{ key: 'other', effect: 'NoExecute' }], tolerationsWithDefaults(pod(), 300, 300), now), now);
    assert.equal(evictionTime([noExecute], [{ operator: 'Exists' }], now), undefined);
    assert.equal(evictionTime([{ key: unreachableTaintKey, effect: 'NoSchedule' }], [], now), undefined);
    assert.equal(evictionTime([noExecute], [{ key: unreachableTaintKey, operator: 'Exists', tolerationSeconds: 0 }], now), now);
  });

  test('the earliest of several NoExecute taints', () => {
    const later: Taint = { key: notReadyTaintKey, effect: 'NoExecute', timeAdded: t1 };
    assert.equal(evictionTime([later, noExecute], tolerationsWithDefaults(pod(), 10, 10), now), Date.parse(t0) + 10_000);
  });
});
