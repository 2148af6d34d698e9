import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomInt } from 'node:crypto';
import { silentLogger } from '../../../util/log.ts';
import { Forwarder } from './forwarder.ts';
import { QueryHandler } from './query-handler.ts';
import { query } from './testing.ts';

const log = silentLogger();
const handler = new QueryHandler({
  names: { lookup: (name) => (name === 'web' ? ['10.89.0.2'] : []), reverse: () => 'web' },
  forwarder: new Forwarder({ upstreams: [], timeoutMs: 100, maxInFlight: 8, log }),
  ttl: 5,
  log,
});
const signal = new AbortController().signal;

test('random and mutated messages never throw, and replies stay within the UDP limit', async () => {
  const seeds = [query('web', 'A'), query('web', 'AAAA', { edns: 4096 }), query('4.0.89.10.in-addr.arpa', 'PTR'), query('example.org', 'MX')];
  for (let i = 0; i < 5000; i++) {
    let msg: Buffer;
    if (i % 3 === 0) {
      msg = randomBytes(randomInt(0, 600));
    } else {
      msg = Buffer.from(seeds[i % seeds.length]!);
      for (let flips = randomInt(1, 6); flips > 0; flips--) msg[randomInt(msg.length)] = randomInt(256);
      if (i % 5 === 0) msg = msg.subarray(0, randomInt(msg.length));
    }
    const reply = await handler.handle(msg, i % 2 ? 'udp' : 'tcp', signal);
    if (reply) {
      assert.ok(reply.length >= 12);
      assert.equal(reply.readUInt16BE(0), msg.readUInt16BE(0), 'the reply carries the query ID');
      if (i % 2) assert.ok(reply.length <= 4096);
    }
  }
});

test('the handler answers what it should', async () => {
  const reply = await handler.handle(query('web', 'A', { id: 5 }), 'udp', signal);
  assert.equal(reply!.readUInt16BE(0), 5);
  assert.equal(reply![3]! & 0x0f, 0);
  const forwarded = await handler.handle(query('example.org', 'A'), 'udp', signal);
  assert.equal(forwarded![3]! & 0x0f, 2, 'no upstream: SERVFAIL');
});
