import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decode, encode, type Answer, type Packet } from 'dns-packet';
import { RCODE, errorResponse, framed, truncateToFit } from './wire.ts';

const opt: Answer = { type: 'OPT', name: '.', udpPayloadSize: 1232, extendedRcode: 0, ednsVersion: 0, flags: 0, flag_do: false, options: [] };
const response = (count: number, withOpt: boolean): Buffer => {
  const packet: Packet = {
    type: 'response',
    id: 99,
    flags: 0x0100,
    questions: [{ type: 'A', name: 'many.example', class: 'IN' }],
    answers: Array.from({ length: count }, (_, i) => ({ type: 'A', name: 'many.example', ttl: 60, class: 'IN', data: `192.0.2.${i + 1}` }) as Answer),
    authorities: [{ type: 'NS', name: 'example', ttl: 60, class: 'IN', data: 'ns.example' }],
    additionals: withOpt ? [opt] : [],
  };
  return encode(packet);
};

test('truncateToFit keeps a message that fits as it is', () => {
  const msg = response(3, false);
  assert.equal(truncateToFit(msg, 512), msg);
});

test('truncateToFit keeps the question and the whole records that fit, sets TC, and keeps EDNS', () => {
  for (const withOpt of [false, true]) {
    const cut = truncateToFit(response(60, withOpt), 512);
    assert.ok(cut.length <= 512);
    const packet = decode(cut);
    assert.equal(packet.id, 99);
    assert.equal(packet.flag_tc, true);
    assert.equal(packet.flag_rd, true);
    assert.equal(packet.questions![0]!.name, 'many.example');
    assert.ok(packet.answers!.length > 10 && packet.answers!.length < 60);
    assert.deepEqual(packet.answers!.map((a) => (a as { data: string }).data), Array.from({ length: packet.answers!.length }, (_, i) => `192.0.2.${i + 1}`));
    assert.deepEqual(packet.authorities, []);
    assert.deepEqual(packet.additionals!.map((a) => a.type), withOpt ? ['OPT'] : []);
  }
});

test('truncateToFit of malformed or tiny limits gives a bare header with TC, never throws', () => {
  const msg = response(60, true);
  const tiny = decode(truncateToFit(msg, 20));
  assert.equal(tiny.flag_tc, true);
  assert.deepEqual(tiny.questions, []);
  const broken = Buffer.concat([msg.subarray(0, 40), Buffer.alloc(600, 0xff)]);
  const cut = truncateToFit(broken, 512);
  assert.ok(cut.length <= 512);
  assert.equal(decode(cut).flag_tc, true);
  assert.equal(truncateToFit(Buffer.alloc(700), 512).length, 12);
});

test('errorResponse echoes ID, opcode, RD and the question when it can be read', () => {
  const query = encode({ type: 'query', id: 4321, flags: 0x0100, questions: [{ type: 'AAAA', name: 'x.example', class: 'IN' }] });
  const reply = decode(errorResponse(query, RCODE.SERVFAIL));
  assert.equal(reply.id, 4321);
  assert.equal(reply.type, 'response');
  assert.equal(reply.flag_rd, true);
  assert.equal((reply as unknown as { rcode: string }).rcode, 'SERVFAIL');
  assert.deepEqual(reply.questions, [{ type: 'AAAA', name: 'x.example', class: 'IN' }]);
  const garbled = Buffer.concat([query.subarray(0, 12), Buffer.from([63, 1, 2])]);
  const bare = decode(errorResponse(garbled, RCODE.FORMERR));
  assert.deepEqual(bare.questions, []);
});

test('framed prefixes the length', () => {
  assert.deepEqual([...framed(Buffer.from([7, 8, 9]))], [0, 3, 7, 8, 9]);
});
