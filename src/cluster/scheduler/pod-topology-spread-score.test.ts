import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { podTopologySpreadScore } from './pod-topology-spread-score.ts';
import { Snapshot } from './snapshot.ts';
import { makeNode, makePod, pluginScores } from './testing.ts';

const replica = (name: string, nodeName?: string, replicaSet = 'web') => makePod(name, { labels: { app: replicaSet }, replicaSet, nodeName });

describe('PodTopologySpread score: default spreading of a workload', () => {
  it('prefers nodes with fewer replicas of the same ReplicaSet', () => {
    const snapshot = new Snapshot(
      [makeNode('n1'), makeNode('n2'), makeNode('n3')],
      [replica('r1', 'n1'), replica('r2', 'n1'), replica('r3', 'n2'), replica('other', 'n3', 'api'), replica('other2', 'n3', 'api')],
    );
    const scores = pluginScores(podTopologySpreadScore, replica('new'), snapshot);
    assert.ok(scores.n3! > scores.n2! && scores.n2! > scores.n1!, JSON.stringify(scores));
    // Hostname only (no zones): weight log(3 + 2); raw = count × w + 2 → n1 5.22→5, n2 3.61→4, n3 2 → 100 × (5 + 2 − s) / 5.
    assert.deepEqual(scores, { n1: 40, n2: 60, n3: 100 });
  });

  it('also spreads across zones', () => {
    // Zone a has 2 replicas on a1; zone b has 1 on b1; a2 and b2 are empty.
    const snapshot = new Snapshot(
      [makeNode('a1', { zone: 'a' }), makeNode('a2', { zone: 'a' }), makeNode('b1', { zone: 'b' }), makeNode('b2', { zone: 'b' })],
      [replica('r1', 'a1'), replica('r2', 'a1'), replica('r3', 'b1')],
    );
    const scores = pluginScores(podTopologySpreadScore, replica('new'), snapshot);
    assert.ok(scores.b2! > scores.a2!, `an empty node in the emptier zone wins: ${JSON.stringify(scores)}`);
    assert.ok(scores.a2! > scores.a1! && scores.b2! > scores.b1!, JSON.stringify(scores));
  });

  it('does not score pods that belong to no workload', () => {
    const snapshot = new Snapshot([makeNode('n1'), makeNode('n2')], [replica('r1', 'n1')]);
    assert.deepEqual(pluginScores(podTopologySpreadScore, makePod('bare', { labels: { app: 'web' } }), snapshot), { n1: 0, n2: 0 });
  });

  it("counts only the pod's namespace and non-terminating pods", () => {
    const snapshot = new Snapshot([makeNode('n1'), makeNode('n2')], [makePod('gone', { nodeName: 'n1', replicaSet: 'web', terminating: true })]);
    assert.deepEqual(pluginScores(podTopologySpreadScore, replica('new'), snapshot), { n1: 100, n2: 100 });
  });
});

describe("PodTopologySpread score: the pod's ScheduleAnyway constraints", () => {
  const soft = (name: string, nodeName?: string) =>
    makePod(name, {
      labels: { app: 'web' },
      nodeName,
      topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: 'web' } } }],
    });

  it('prefers the zone with fewer matching pods and ignores nodes without the key', () => {
    const snapshot = new Snapshot(
      [makeNode('a1', { zone: 'a' }), makeNode('b1', { zone: 'b' }), makeNode('nozone')],
      [soft('w1', 'a1'), soft('w2', 'a1'), soft('w3', 'b1')],
    );
    // weight log(2 + 2); raw a: 2 × 1.386 = 2.77 → 3, b: 1.386 → 1 → a: 100 × (3 + 1 − 3) / 3 = 33, b: 100.
    assert.deepEqual(pluginScores(podTopologySpreadScore, soft('new'), snapshot), { a1: 33, b1: 100, nozone: 0 });
  });
});
