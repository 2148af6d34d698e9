import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseListenAddress } from './server.ts';

describe('--addr', () => {
  it('reads host:port, [v6]:port and :port', () => {
    assert.deepEqual(parseListenAddress('127.0.0.1:5000'), { host: '127.0.0.1', port: 5000 });
    assert.deepEqual(parseListenAddress('localhost:0'), { host: 'localhost', port: 0 });
    assert.deepEqual(parseListenAddress('[::1]:5001'), { host: '::1', port: 5001 });
    assert.deepEqual(parseListenAddress(':5000'), { host: undefined, port: 5000 });
  });

  it('refuses the rest', () => {
    for (const value of ['5000', '127.0.0.1', 'host:port', '127.0.0.1:70000', '::1:5000', 'http://127.0.0.1:5000', '']) {
      assert.throws(() => parseListenAddress(value), /invalid address/, value);
    }
  });
});
