import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { statusOf } from '../status.ts';
import { chooseContainer, nodeAddress, statusFromKubelet } from './kubelet-proxy.ts';

const pod = (containers: string[], inits: string[] = []): Pod => ({
  metadata: { name: 'web' },
  spec: { containers: containers.map((name) => ({ name })), ...(inits.length ? { initContainers: inits.map((name) => ({ name })) } : {}) },
});

describe('the container of pods/log and pods/exec', () => {
  test('the only container, or the one named', () => {
    assert.equal(chooseContainer(pod(['a']), undefined), 'a');
    assert.equal(chooseContainer(pod(['a', 'b']), 'b'), 'b');
    assert.equal(chooseContainer(pod(['a'], ['init']), 'init'), 'init');
  });

  test("Kubernetes' messages when none is named or the name is wrong (400)", () => {
    const none = statusOf(captured(() => chooseContainer(pod(['a', 'b']), undefined)));
    assert.equal(none.code, 400);
    assert.equal(none.message, 'a container name must be specified for pod web, choose one of: [a b]');
    assert.equal(statusOf(captured(() => chooseContainer(pod(['a', 'b'], ['i']), undefined))).message, 'a container name must be specified for pod web, choose one of: [a b] or one of the init containers: [i]');
    const wrong = statusOf(captured(() => chooseContainer(pod(['a']), 'c')));
    assert.equal(wrong.code, 400);
    assert.equal(wrong.message, 'container c is not valid for pod web');
  });
});

describe('reaching the node agent', () => {
  test('InternalIP first', () => {
    const node: Node = { status: { addresses: [{ type: 'Hostname', address: 'n1' }, { type: 'InternalIP', address: '10.0.0.5' }] } };
    assert.equal(nodeAddress(node), '10.0.0.5');
    assert.equal(nodeAddress({ status: { addresses: [{ type: 'Hostname', address: 'n1' }] } }), 'n1');
    assert.equal(nodeAddress({}), undefined);
  });

  test("the agent's Status becomes the client's", () => {
    const previous = statusOf(statusFromKubelet(400, JSON.stringify({ kind: 'Status', message: 'previous terminated container "c" in pod "p" not found', code: 400 })));
    assert.equal(previous.code, 400);
    assert.equal(previous.reason, 'BadRequest');
    assert.equal(previous.message, 'previous terminated container "c" in pod "p" not found');
    assert.equal(statusOf(statusFromKubelet(502, 'bad gateway')).code, 500);
  });
});

function captured(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  assert.fail('expected an error');
}
