import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decode, encode, type DecodedPacket } from 'dns-packet';
import { answerLocally, normalizeName, reverseNameToIPv4, type NameLookup } from './local-answers.ts';

const names: NameLookup = {
  lookup: (name) => (name === 'web' ? ['10.89.0.2'] : name === 'v6' ? ['10.89.0.9', 'fd00::9'] : []),
  reverse: (ip) => (ip === '10.89.0.2' ? 'web' : ip === '10.89.0.7' ? 'x'.repeat(70) : undefined),
};
const ask = (name: string, type: string, klass = 'IN'): DecodedPacket =>
  decode(encode({ type: 'query', id: 1, flags: 0x0100, questions: [{ name, type: type as 'A', class: klass as 'IN' }] }));
const options = { ttl: 5, networkName: 'MyNet' };

test('names are matched lower case without a trailing dot', () => {
  assert.equal(normalizeName('Web.'), 'web');
  assert.equal(normalizeName('.'), '');
});

test('reverse names of IPv4 addresses, and nothing else', () => {
  assert.equal(reverseNameToIPv4('2.0.89.10.in-addr.arpa'), '10.89.0.2');
  assert.equal(reverseNameToIPv4('2.0.89.10.IN-ADDR.ARPA.'), '10.89.0.2');
  for (const name of ['0.89.10.in-addr.arpa', '256.0.89.10.in-addr.arpa', '02.0.89.10.in-addr.arpa', 'a.0.89.10.in-addr.arpa', '2.0.89.10.ip6.arpa']) {
    assert.equal(reverseNameToIPv4(name), undefined, name);
  }
});

test('unknown names, other classes and unanswerable PTRs are left to the forwarder', () => {
  assert.equal(answerLocally(ask('example.org', 'A'), names, options), undefined);
  assert.equal(answerLocally(ask('web', 'A', 'CH'), names, options), undefined);
  assert.equal(answerLocally(ask('web.othernet', 'A'), names, options), undefined);
  assert.equal(answerLocally(ask('.mynet', 'A'), names, options), undefined);
  assert.equal(answerLocally(ask('9.0.89.10.in-addr.arpa', 'PTR'), names, options), undefined);
  assert.equal(answerLocally(ask('2.0.89.10.in-addr.arpa', 'A'), names, options), undefined);
  assert.equal(answerLocally(ask('7.0.89.10.in-addr.arpa', 'PTR'), names, options), undefined, 'a name that cannot be encoded');
});

test('the network suffix, AAAA addresses when the lookup has them, ANY gives both families', () => {
  const viaNetwork = answerLocally(ask('web.mynet', 'A'), names, options)!;
  assert.deepEqual(viaNetwork.answers!.map((a) => (a as { data: string }).data), ['10.89.0.2']);
  const v6 = answerLocally(ask('v6', 'AAAA'), names, options)!;
  assert.deepEqual(v6.answers!.map((a) => [a.type, (a as { data: string }).data]), [['AAAA', 'fd00::9']]);
  const any = answerLocally(ask('v6', 'ANY'), names, options)!;
  assert.deepEqual(any.answers!.map((a) => a.type).sort(), ['A', 'AAAA']);
  // what answerLocally builds must encode
  assert.ok(encode(any).length > 0);
});
