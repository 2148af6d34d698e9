import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Snapshot } from './snapshot.ts';
import { makeNode, makePod } from './testing.ts';

describe('Snapshot', () => {
  it('places pods bound to nodes, but not pending or finished ones', () => {
    const snapshot = new Snapshot(
      [makeNode('n')],
      [
        makePod('running', { nodeName: 'n', cpu: '1' }),
        makePod('pending', { cpu: '1' }),
        makePod('done', { nodeName: 'n', cpu: '1', phase: 'Succeeded' }),
        makePod('crashed', { nodeName: 'n', cpu: '1', phase: 'Failed' }),
      ],
    );
    const node = snapshot.get('n')!;
    assert.deepEqual(
      node.pods.map((pod) => pod.name),
      ['running'],
    );
    assert.equal(node.requestedMilliCPU, 1000);
  });

  it('accounts assumed pods and forgets them again', () => {
    const snapshot = new Snapshot([makeNode('n')]);
    const pod = makePod('p', { cpu: '500m', memory: '1Gi', hostPorts: [{ hostPort: 80 }] });
    snapshot.assume(pod, 'n');
    const node = snapshot.get('n')!;
    assert.equal(snapshot.nodeOf(pod), 'n');
    assert.equal(node.requestedMilliCPU, 500);
    assert.equal(node.requestedMemory, 1024 ** 3);
    assert.equal(node.usedPorts.conflicts({ ip: '0.0.0.0', protocol: 'TCP', port: 80 }), true);
    assert.throws(() => snapshot.assume(pod, 'n'), /already on node n/);
    assert.throws(() => snapshot.assume(makePod('q'), 'missing'), /not in the snapshot/);
    assert.equal(snapshot.forget(pod), true);
    assert.equal(node.requestedMilliCPU, 0);
    assert.equal(node.pods.length, 0);
    assert.equal(node.usedPorts.isEmpty, true);
    assert.equal(snapshot.forget(pod), false);
  });

  it('lists nodes zone by zone in turn', () => {
    const snapshot = new Snapshot([
      makeNode('a1', { zone: 'a' }),
      makeNode('a2', { zone: 'a' }),
      makeNode('a3', { zone: 'a' }),
      makeNode('b1', { zone: 'b' }),
      makeNode('c1', { zone: 'c' }),
      makeNode('c2', { zone: 'c' }),
    ]);
    assert.deepEqual(
      snapshot.nodes.map((node) => node.name),
      ['a1', 'b1', 'c1', 'a2', 'c2', 'a3'],
    );
  });

  it('keeps pods across node updates and holds pods of unknown nodes until they appear', () => {
    const snapshot = new Snapshot([makeNode('n', { cpu: '2' })], [makePod('p', { nodeName: 'n', cpu: '1' }), makePod('early', { nodeName: 'later', cpu: '1' })]);
    snapshot.upsertNode(makeNode('n', { cpu: '8', labels: { new: 'label' } }));
    assert.equal(snapshot.get('n')!.allocatable.milliCPU, 8000);
    assert.equal(snapshot.get('n')!.requestedMilliCPU, 1000);
    assert.equal(snapshot.nodeOf(makePod('early')), 'later');
    snapshot.upsertNode(makeNode('later'));
    assert.equal(snapshot.get('later')!.requestedMilliCPU, 1000);
    snapshot.removeNode('later');
    assert.equal(snapshot.size, 1);
    snapshot.upsertNode(makeNode('later'));
    assert.equal(snapshot.get('later')!.pods.length, 1, 'its pods come back with it');
  });

  it('follows pod updates (finishing frees the node)', () => {
    const snapshot = new Snapshot([makeNode('n')], [makePod('p', { nodeName: 'n', cpu: '1' })]);
    snapshot.updatePod(makePod('p', { nodeName: 'n', cpu: '1', phase: 'Succeeded' }));
    assert.equal(snapshot.get('n')!.requestedMilliCPU, 0);
  });

  it('indexes workload replicas per zone for default spreading', () => {
    const snapshot = new Snapshot(
      [makeNode('a1', { zone: 'a' }), makeNode('b1', { zone: 'b' }), makeNode('bare')],
      [
        makePod('r1', { nodeName: 'a1', replicaSet: 'web' }),
        makePod('r2', { nodeName: 'a1', replicaSet: 'web' }),
        makePod('r3', { nodeName: 'bare', replicaSet: 'web' }),
        makePod('r4', { nodeName: 'b1', replicaSet: 'web', terminating: true }),
      ],
    );
    const group = 'default/ReplicaSet/uid-web';
    assert.deepEqual(Object.fromEntries(snapshot.workloadZoneCounts(group)!), { a: 2, '': 1 });
    snapshot.upsertNode(makeNode('a1', { zone: 'b' }));
    assert.deepEqual(Object.fromEntries(snapshot.workloadZoneCounts(group)!), { b: 2, '': 1 });
    snapshot.forget(makePod('r3'));
    snapshot.removeNode('a1');
    assert.equal(snapshot.workloadZoneCounts(group), undefined);
  });
});
