import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fitErrorMessage, reasonHistogram } from './fit-error.ts';

describe('FitError message', () => {
  it('counts each reason once per node and sorts the entries as strings', () => {
    const nodes = [...Array.from({ length: 10 }, () => ['node(s) were unschedulable']), ['Insufficient cpu', 'Insufficient memory'], ['Insufficient cpu']];
    // Byte order, as Go's sort.Strings: "1 " < "10" (space before digits) < "2 ".
    assert.deepEqual(reasonHistogram(nodes, 12), ['1 Insufficient memory', '10 node(s) were unschedulable', '2 Insufficient cpu']);
  });

  it('adds the default reasons for nodes without an explicit status', () => {
    assert.equal(
      fitErrorMessage({ numAllNodes: 4, nodeReasons: [['Insufficient cpu']], absentReasons: ["node(s) didn't satisfy plugin(s) [NodeAffinity]"] }),
      "0/4 nodes are available: 1 Insufficient cpu, 3 node(s) didn't satisfy plugin(s) [NodeAffinity].",
    );
  });

  it('replaces the per-node reasons with a PreFilter message and appends the PostFilter sentence', () => {
    assert.equal(
      fitErrorMessage({ numAllNodes: 2, nodeReasons: [], preFilterMessage: 'pod affinity terms conflict', postFilterMessage: 'preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.' }),
      '0/2 nodes are available: pod affinity terms conflict. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.',
    );
  });
});
