import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { balancedAllocation, balancedScore } from './balanced-allocation.ts';
import { Snapshot } from './snapshot.ts';
import { makeNode, makePod, pluginScores } from './testing.ts';

describe('NodeResourcesBalancedAllocation', () => {
  it('scores 100 × (1 − standard deviation of the used shares)', () => {
    assert.equal(balancedScore([0.5, 0.5]), 100);
    assert.equal(balancedScore([0.8, 0.2]), 70);
    assert.equal(balancedScore([1, 0]), 50);
  });

  it('prefers the node whose cpu and memory stay balanced', () => {
    // Both nodes 4 cpu / 8Gi. "cpu-heavy" already runs 3 cpu / 1Gi; "balanced" 1 cpu / 2Gi.
    const snapshot = new Snapshot(
      [makeNode('cpu-heavy', { cpu: '4', memory: '8Gi' }), makeNode('balanced', { cpu: '4', memory: '8Gi' })],
      [makePod('a', { nodeName: 'cpu-heavy', cpu: '3', memory: '1Gi' }), makePod('b', { nodeName: 'balanced', cpu: '1', memory: '2Gi' })],
    );
    const pod = makePod('p', { cpu: '500m', memory: '1Gi' });
    // cpu-heavy: cpu 3.5/4 = 0.875, memory 2/8 = 0.25 → 1 − 0.3125 → 68; balanced: 0.375 vs 0.375 → 100.
    assert.deepEqual(pluginScores(balancedAllocation, pod, snapshot), { 'cpu-heavy': 68, balanced: 100 });
  });

  it('caps a share at 1', () => {
    const snapshot = new Snapshot([makeNode('n', { cpu: '1', memory: '8Gi' })]);
    // cpu 2/1 → 1, memory 0 → 0: std 0.5 → 50.
    assert.deepEqual(pluginScores(balancedAllocation, makePod('p', { cpu: '2' }), snapshot), { n: 50 });
  });

  it('does not score best-effort pods', () => {
    const snapshot = new Snapshot([makeNode('a'), makeNode('b')], [makePod('x', { nodeName: 'a', cpu: '3' })]);
    assert.deepEqual(pluginScores(balancedAllocation, makePod('p'), snapshot), { a: 0, b: 0 });
  });
});
