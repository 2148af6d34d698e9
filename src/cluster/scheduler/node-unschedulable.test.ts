import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nodeUnschedulable } from './node-unschedulable.ts';
import { Snapshot } from './snapshot.ts';
import { filterReasons, makeNode, makePod } from './testing.ts';

describe('NodeUnschedulable', () => {
  const snapshot = new Snapshot([makeNode('open'), makeNode('cordoned', { unschedulable: true })]);

  it('keeps pods off cordoned nodes', () => {
    assert.equal(filterReasons(nodeUnschedulable, makePod('p'), snapshot, 'open'), null);
    assert.deepEqual(filterReasons(nodeUnschedulable, makePod('p'), snapshot, 'cordoned'), ['node(s) were unschedulable']);
  });

  it('lets pods tolerating node.kubernetes.io/unschedulable:NoSchedule in', () => {
    const tolerant = makePod('ds', { tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }] });
    assert.equal(filterReasons(nodeUnschedulable, tolerant, snapshot, 'cordoned'), null);
    const everything = makePod('ds2', { tolerations: [{ operator: 'Exists' }] });
    assert.equal(filterReasons(nodeUnschedulable, everything, snapshot, 'cordoned'), null);
    const wrongEffect = makePod('p2', { tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoExecute' }] });
    assert.deepEqual(filterReasons(nodeUnschedulable, wrongEffect, snapshot, 'cordoned'), ['node(s) were unschedulable']);
  });
});
