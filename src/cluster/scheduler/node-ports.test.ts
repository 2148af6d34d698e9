import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nodePorts } from './node-ports.ts';
import { Snapshot } from './snapshot.ts';
import { filterReasons, makeNode, makePod } from './testing.ts';

const reason = ["node(s) didn't have free ports for the requested pod ports"];

describe('NodePorts', () => {
  const snapshot = new Snapshot(
    [makeNode('a'), makeNode('b')],
    [
      makePod('web', { nodeName: 'a', hostPorts: [{ hostPort: 80 }] }),
      makePod('dns', { nodeName: 'a', hostPorts: [{ hostPort: 53, protocol: 'UDP', hostIP: '10.0.0.1' }] }),
    ],
  );

  it('rejects a node where the same protocol and port is bound on all addresses', () => {
    assert.deepEqual(filterReasons(nodePorts, makePod('p', { hostPorts: [{ hostPort: 80 }] }), snapshot, 'a'), reason);
    assert.deepEqual(filterReasons(nodePorts, makePod('p', { hostPorts: [{ hostPort: 80, hostIP: '10.0.0.9' }] }), snapshot, 'a'), reason);
    assert.equal(filterReasons(nodePorts, makePod('p', { hostPorts: [{ hostPort: 80 }] }), snapshot, 'b'), null);
  });

  it('allows another protocol or port', () => {
    assert.equal(filterReasons(nodePorts, makePod('p', { hostPorts: [{ hostPort: 80, protocol: 'UDP' }] }), snapshot, 'a'), null);
    assert.equal(filterReasons(nodePorts, makePod('p', { hostPorts: [{ hostPort: 8080 }] }), snapshot, 'a'), null);
  });

  it('compares specific addresses with each other and with 0.0.0.0', () => {
    assert.equal(filterReasons(nodePorts, makePod('p', { hostPorts: [{ hostPort: 53, protocol: 'UDP', hostIP: '10.0.0.2' }] }), snapshot, 'a'), null);
    assert.deepEqual(filterReasons(nodePorts, makePod('p', { hostPorts: [{ hostPort: 53, protocol: 'UDP', hostIP: '10.0.0.1' }] }), snapshot, 'a'), reason);
    assert.deepEqual(filterReasons(nodePorts, makePod('p', { hostPorts: [{ hostPort: 53, protocol: 'UDP' }] }), snapshot, 'a'), reason);
  });

  it('frees a port when its pod goes', () => {
    const local = new Snapshot([makeNode('a')], [makePod('web', { nodeName: 'a', hostPorts: [{ hostPort: 80 }] })]);
    local.forget(makePod('web'));
    assert.equal(filterReasons(nodePorts, makePod('p', { hostPorts: [{ hostPort: 80 }] }), local, 'a'), null);
  });
});
