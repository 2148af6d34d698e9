import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TopologySpreadConstraint } from 'kubernetes-types/core/v1.js';
import { podTopologySpread } from './pod-topology-spread.ts';
import { Snapshot } from './snapshot.ts';
import { filterReasons, makeNode, makePod } from './testing.ts';

const reason = ["node(s) didn't match pod topology spread constraints"];
const zone = 'topology.kubernetes.io/zone';

const constraint = (extra: Partial<TopologySpreadConstraint> = {}): TopologySpreadConstraint => ({
  maxSkew: 1,
  topologyKey: zone,
  whenUnsatisfiable: 'DoNotSchedule',
  labelSelector: { matchLabels: { app: 'web' } },
  ...extra,
});

function web(name: string, nodeName?: string, extra: Partial<TopologySpreadConstraint> = {}) {
  return makePod(name, { labels: { app: 'web' }, nodeName, topologySpreadConstraints: [constraint(extra)] });
}

describe('PodTopologySpread filter', () => {
  // Zone a: 2 web pods, zone b: 1, zone c: 0.
  const snapshot = () =>
    new Snapshot(
      [makeNode('a1', { zone: 'a' }), makeNode('b1', { zone: 'b' }), makeNode('c1', { zone: 'c' }), makeNode('nozone')],
      [web('w1', 'a1'), web('w2', 'a1'), web('w3', 'b1'), makePod('other', { nodeName: 'c1', labels: { app: 'api' } })],
    );

  it('allows a domain only while count + 1 − global minimum ≤ maxSkew', () => {
    const s = snapshot();
    assert.equal(filterReasons(podTopologySpread, web('new'), s, 'c1'), null, '0 + 1 − 0 = 1');
    assert.deepEqual(filterReasons(podTopologySpread, web('new'), s, 'b1'), reason, '1 + 1 − 0 = 2');
    assert.deepEqual(filterReasons(podTopologySpread, web('new'), s, 'a1'), reason);
    assert.equal(filterReasons(podTopologySpread, web('new', undefined, { maxSkew: 2 }), s, 'b1'), null);
  });

  it('rejects nodes without the topology key as unresolvable', () => {
    assert.deepEqual(filterReasons(podTopologySpread, web('new'), snapshot(), 'nozone'), ["node(s) didn't match pod topology spread constraints (missing required label)"]);
  });

  it('does not count itself when its own labels do not match the selector', () => {
    const outsider = makePod('x', { labels: { app: 'api' }, topologySpreadConstraints: [constraint()] });
    // b: 1 + 0 − 0 = 1.
    assert.equal(filterReasons(podTopologySpread, outsider, snapshot(), 'b1'), null);
  });

  it('treats the minimum as 0 while fewer domains than minDomains exist', () => {
    const s = new Snapshot([makeNode('a1', { zone: 'a' }), makeNode('b1', { zone: 'b' })], [web('w1', 'a1'), web('w2', 'b1')]);
    assert.equal(filterReasons(podTopologySpread, web('new'), s, 'a1'), null, '1 + 1 − 1 = 1');
    assert.deepEqual(filterReasons(podTopologySpread, web('new', undefined, { minDomains: 3 }), s, 'a1'), reason, '1 + 1 − 0 = 2');
  });

  it('counts only nodes the pod could use (nodeAffinityPolicy Honor by default)', () => {
    const s = new Snapshot([makeNode('a1', { zone: 'a', labels: { pool: 'x' } }), makeNode('b1', { zone: 'b', labels: { pool: 'y' } })], [web('w1', 'a1')]);
    const pinned = makePod('new', { labels: { app: 'web' }, nodeSelector: { pool: 'x' }, topologySpreadConstraints: [constraint()] });
    // Only zone a is eligible: the minimum is its own count, 1 → 1 + 1 − 1 = 1.
    assert.equal(filterReasons(podTopologySpread, pinned, s, 'a1'), null);
    const ignoring = makePod('new2', { labels: { app: 'web' }, nodeSelector: { pool: 'x' }, topologySpreadConstraints: [constraint({ nodeAffinityPolicy: 'Ignore' })] });
    assert.deepEqual(filterReasons(podTopologySpread, ignoring, s, 'a1'), reason, 'zone b (0) counts: 1 + 1 − 0 = 2');
  });

  it('ignores terminating pods and pods of other namespaces', () => {
    const s = new Snapshot(
      [makeNode('a1', { zone: 'a' }), makeNode('b1', { zone: 'b' })],
      [makePod('old', { nodeName: 'a1', labels: { app: 'web' }, terminating: true }), makePod('foreign', { nodeName: 'a1', namespace: 'other', labels: { app: 'web' } })],
    );
    assert.equal(filterReasons(podTopologySpread, web('new'), s, 'a1'), null);
  });

  it('merges matchLabelKeys into the selector', () => {
    const s = new Snapshot(
      [makeNode('a1', { zone: 'a' }), makeNode('b1', { zone: 'b' })],
      [makePod('v1-a', { nodeName: 'a1', labels: { app: 'web', rev: '1' } }), makePod('v1-b', { nodeName: 'a1', labels: { app: 'web', rev: '1' } })],
    );
    const v2 = makePod('v2', { labels: { app: 'web', rev: '2' }, topologySpreadConstraints: [constraint({ matchLabelKeys: ['rev'] })] });
    assert.equal(filterReasons(podTopologySpread, v2, s, 'a1'), null, 'revision 1 pods do not count for revision 2');
  });

  it('is skipped for pods with only ScheduleAnyway constraints', () => {
    const soft = makePod('soft', { labels: { app: 'web' }, topologySpreadConstraints: [constraint({ whenUnsatisfiable: 'ScheduleAnyway' })] });
    assert.equal(filterReasons(podTopologySpread, soft, snapshot(), 'a1'), null);
  });
});
