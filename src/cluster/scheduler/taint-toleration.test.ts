import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Snapshot } from './snapshot.ts';
import { taintToleration, taintTolerationScore } from './taint-toleration.ts';
import { filterReasons, makeNode, makePod, pluginScores } from './testing.ts';

describe('TaintToleration filter', () => {
  const snapshot = new Snapshot([
    makeNode('control-plane', { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] }),
    makeNode('gpu', { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoExecute' }, { key: 'other', value: 'x', effect: 'NoSchedule' }] }),
    makeNode('soft', { taints: [{ key: 'spot', value: 'true', effect: 'PreferNoSchedule' }] }),
  ]);

  it('rejects untolerated NoSchedule and NoExecute taints, naming the first', () => {
    assert.deepEqual(filterReasons(taintToleration, makePod('p'), snapshot, 'control-plane'), ['node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }']);
    assert.deepEqual(filterReasons(taintToleration, makePod('p'), snapshot, 'gpu'), ['node(s) had untolerated taint {dedicated: gpu}']);
    const tolerant = makePod('p', { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoExecute' }] });
    assert.deepEqual(filterReasons(taintToleration, tolerant, snapshot, 'gpu'), ['node(s) had untolerated taint {other: x}']);
  });

  it('ignores PreferNoSchedule taints and tolerated ones', () => {
    assert.equal(filterReasons(taintToleration, makePod('p'), snapshot, 'soft'), null);
    const tolerant = makePod('p', { tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }] });
    assert.equal(filterReasons(taintToleration, tolerant, snapshot, 'control-plane'), null);
  });
});

describe('TaintToleration score', () => {
  const snapshot = new Snapshot([
    makeNode('clean'),
    makeNode('one', { taints: [{ key: 'spot', value: 'true', effect: 'PreferNoSchedule' }] }),
    makeNode('two', { taints: [{ key: 'spot', value: 'true', effect: 'PreferNoSchedule' }, { key: 'old', effect: 'PreferNoSchedule' }] }),
  ]);

  it('prefers nodes with fewer untolerated PreferNoSchedule taints', () => {
    assert.deepEqual(pluginScores(taintTolerationScore, makePod('p'), snapshot), { clean: 100, one: 50, two: 0 });
  });

  it('counts only tolerations with an empty or PreferNoSchedule effect', () => {
    const tolerant = makePod('p', { tolerations: [{ key: 'spot', operator: 'Exists', effect: 'PreferNoSchedule' }] });
    assert.deepEqual(pluginScores(taintTolerationScore, tolerant, snapshot), { clean: 100, one: 100, two: 0 });
    const wrongEffect = makePod('p2', { tolerations: [{ key: 'spot', operator: 'Exists', effect: 'NoSchedule' }] });
    assert.deepEqual(pluginScores(taintTolerationScore, wrongEffect, snapshot), { clean: 100, one: 50, two: 0 });
  });
});
