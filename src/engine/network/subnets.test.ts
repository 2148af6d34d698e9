import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contains, firstHost, formatCidr, nextFreeSubnet, overlaps, parseCidr, parseIpv4 } from './subnets.ts';

test('CIDRs parse, normalise and compare', () => {
  assert.equal(formatCidr(parseCidr('10.88.3.7/16')), '10.88.0.0/16');
  assert.equal(firstHost(parseCidr('10.89.4.0/24')), '10.89.4.1');
  assert.ok(contains(parseCidr('10.88.0.0/16'), parseIpv4('10.88.200.1')!));
  assert.ok(!contains(parseCidr('10.88.0.0/16'), parseIpv4('10.89.0.1')!));
  assert.ok(overlaps(parseCidr('10.0.0.0/8'), parseCidr('10.89.1.0/24')));
  assert.ok(!overlaps(parseCidr('10.89.0.0/24'), parseCidr('10.89.1.0/24')));
});

test('bad subnets are refused with the value in the message', () => {
  assert.throws(() => parseCidr('10.0.0.0'), /invalid subnet 10.0.0.0/);
  assert.throws(() => parseCidr('300.0.0.0/8'), /invalid subnet/);
  assert.throws(() => parseCidr('10.0.0.0/31', 'subnet'), /prefix 1–30/);
});

test('the next free /24 skips what is taken', () => {
  const pool = parseCidr('10.89.0.0/16');
  assert.equal(formatCidr(nextFreeSubnet(pool, [])!), '10.89.0.0/24');
  assert.equal(formatCidr(nextFreeSubnet(pool, [parseCidr('10.89.0.0/24'), parseCidr('10.89.1.0/24')])!), '10.89.2.0/24');
  assert.equal(nextFreeSubnet(parseCidr('10.89.0.0/24'), [parseCidr('10.0.0.0/8')]), undefined);
});
