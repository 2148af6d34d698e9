import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nodeName } from './node-name.ts';
import { Snapshot } from './snapshot.ts';
import { filterReasons, makeNode, makePod } from './testing.ts';

describe('NodeName', () => {
  const snapshot = new Snapshot([makeNode('a'), makeNode('b')]);

  it('fits only the node a pod names', () => {
    const pinned = makePod('p', { nodeName: 'a' });
    assert.equal(filterReasons(nodeName, pinned, snapshot, 'a'), null);
    assert.deepEqual(filterReasons(nodeName, pinned, snapshot, 'b'), ["node(s) didn't match the requested node name"]);
  });

  it('fits every node when no name is given', () => {
    assert.equal(filterReasons(nodeName, makePod('p'), snapshot, 'b'), null);
  });
});
