import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { offeredStreamProtocols, offeredSubprotocols, parsePortForwardQuery, parseStreamHeaders } from './port-forward.ts';

describe('the port-forward protocol', () => {
  test('stream headers: port, type and request id, with the kubelet\'s messages', () => {
    assert.deepEqual(parseStreamHeaders({ streamtype: 'data', port: '8080', requestid: '4' }, 9), { type: 'data', port: 8080, requestId: '4' });
    // Old clients send no request id: consecutive stream ids make the pair.
    assert.equal(parseStreamHeaders({ streamtype: 'error', port: '80' }, 5).requestId, '5');
    assert.equal(parseStreamHeaders({ streamtype: 'data', port: '80' }, 7).requestId, '5');
    const bad = (headers: Record<string, string>, message: string) => assert.throws(() => parseStreamHeaders(headers, 1), { message });
    bad({ streamtype: 'data' }, '"port" header is required');
    bad({ streamtype: 'data', port: 'http' }, 'unable to parse "http" as a port');
    bad({ streamtype: 'data', port: '70000' }, 'unable to parse "70000" as a port');
    bad({ streamtype: 'data', port: '0' }, 'port "0" must be > 0');
    bad({ port: '80' }, '"streamType" header is required');
    bad({ port: '80', streamtype: 'stdin' }, 'invalid stream type "stdin"');
  });

  test('the ports query and the offered protocols', () => {
    assert.deepEqual(parsePortForwardQuery(new URLSearchParams('ports=80&ports=8080,9090')), [80, 8080, 9090]);
    assert.deepEqual(parsePortForwardQuery(new URLSearchParams('')), []);
    assert.throws(() => parsePortForwardQuery(new URLSearchParams('ports=0')), /invalid port "0": want a number from 1 to 65535/);
    assert.throws(() => parsePortForwardQuery(new URLSearchParams('ports=x')), /invalid port "x"/);
    assert.deepEqual(offeredStreamProtocols(['portforward.k8s.io, v2', ' v3 ']), ['portforward.k8s.io', 'v2', 'v3']);
    assert.deepEqual(offeredStreamProtocols(undefined), []);
    assert.deepEqual(offeredSubprotocols('SPDY/3.1+portforward.k8s.io, v4.channel.k8s.io'), ['SPDY/3.1+portforward.k8s.io', 'v4.channel.k8s.io']);
  });
});
