import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { leastAllocated, leastRequestedScore, nodeResourcesFit } from './node-resources-fit.ts';
import { Snapshot } from './snapshot.ts';
import { filterReasons, makeNode, makePod, pluginScores } from './testing.ts';

describe('NodeResourcesFit filter', () => {
  const snapshot = new Snapshot(
    [makeNode('n', { cpu: '4', memory: '8Gi', pods: '3', ephemeralStorage: '10Gi', extra: { 'example.com/gpu': '2' } })],
    [makePod('running', { nodeName: 'n', cpu: '3', memory: '6Gi', ephemeralStorage: '8Gi', extra: { 'example.com/gpu': '1' } })],
  );

  it('fits a pod within what is left', () => {
    assert.equal(filterReasons(nodeResourcesFit, makePod('p', { cpu: '1', memory: '2Gi', ephemeralStorage: '2Gi', extra: { 'example.com/gpu': '1' } }), snapshot, 'n'), null);
  });

  it('reports every resource that is short, in Kubernetes words', () => {
    assert.deepEqual(filterReasons(nodeResourcesFit, makePod('p', { cpu: '1500m' }), snapshot, 'n'), ['Insufficient cpu']);
    assert.deepEqual(filterReasons(nodeResourcesFit, makePod('p', { memory: '3Gi' }), snapshot, 'n'), ['Insufficient memory']);
    assert.deepEqual(filterReasons(nodeResourcesFit, makePod('p', { ephemeralStorage: '3Gi' }), snapshot, 'n'), ['Insufficient ephemeral-storage']);
    assert.deepEqual(filterReasons(nodeResourcesFit, makePod('p', { extra: { 'example.com/gpu': '2' } }), snapshot, 'n'), ['Insufficient example.com/gpu']);
    assert.deepEqual(filterReasons(nodeResourcesFit, makePod('p', { extra: { 'nvidia.com/gpu': '1' } }), snapshot, 'n'), ['Insufficient nvidia.com/gpu'], 'a resource the node lacks');
    assert.deepEqual(filterReasons(nodeResourcesFit, makePod('p', { cpu: '2', memory: '4Gi' }), snapshot, 'n'), ['Insufficient cpu', 'Insufficient memory']);
  });

  it('counts pods against allocatable pods, even for pods requesting nothing', () => {
    const full = new Snapshot([makeNode('n', { pods: '2' })], [makePod('a', { nodeName: 'n' }), makePod('b', { nodeName: 'n' })]);
    assert.deepEqual(filterReasons(nodeResourcesFit, makePod('p'), full, 'n'), ['Too many pods']);
    assert.deepEqual(filterReasons(nodeResourcesFit, makePod('p', { cpu: '5' }), full, 'n'), ['Too many pods', 'Insufficient cpu']);
  });

  it('ignores requests of zero', () => {
    assert.equal(filterReasons(nodeResourcesFit, makePod('p', { cpu: '0', extra: { 'example.com/other': '0' } }), snapshot, 'n'), null);
  });
});

describe('NodeResourcesFit score (LeastAllocated)', () => {
  it('scores the free share of cpu and memory', () => {
    assert.equal(leastRequestedScore(0, 4000), 100);
    assert.equal(leastRequestedScore(1000, 4000), 75);
    assert.equal(leastRequestedScore(3000, 3000), 0);
    assert.equal(leastRequestedScore(5000, 4000), 0);
    assert.equal(leastRequestedScore(1, 0), 0);
  });

  it('prefers the emptier node, counting pods without requests as 100m / 200Mi', () => {
    const snapshot = new Snapshot(
      [makeNode('busy', { cpu: '4', memory: '8Gi' }), makeNode('idle', { cpu: '4', memory: '8Gi' })],
      [makePod('a', { nodeName: 'busy', cpu: '2', memory: '4Gi' }), makePod('b', { nodeName: 'busy' })],
    );
    const scores = pluginScores(leastAllocated, makePod('p', { cpu: '1', memory: '1Gi' }), snapshot);
    // busy: cpu (4000 − 3100) × 100 / 4000 = 22, memory (8192 − 5320) × 100 / 8192 = 35 → 28.
    assert.deepEqual(scores, { busy: 28, idle: 81 });
  });
});
