import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import { canonicalJson, fnv32a, podTemplateHash, safeEncode } from './pod-template-hash.ts';

const template = (image: string, labels: Record<string, string> = { app: 'web' }): PodTemplateSpec => ({
  metadata: { labels },
  spec: { containers: [{ name: 'web', image, ports: [{ containerPort: 80 }] }] },
});

test('FNV-1a 32 matches the published test vectors', () => {
  // From the FNV reference (draft-eastlake-fnv): "" → 0x811c9dc5, "a" → 0xe40c292c, "foobar" → 0xbf9cf968.
  assert.equal(fnv32a(new TextEncoder().encode('')), 0x811c9dc5);
  assert.equal(fnv32a(new TextEncoder().encode('a')), 0xe40c292c);
  assert.equal(fnv32a(new TextEncoder().encode('foobar')), 0xbf9cf968);
});

test('safe encoding uses only consonants and digits that cannot spell words, one per character', () => {
  const encoded = safeEncode('4294967295');
  assert.equal(encoded.length, 10);
  assert.match(encoded, /^[bcdfghjklmnpqrstvwxz2456789]+$/);
  // '0' is code 48, 48 % 27 = 21 → '4'; '9' is 57 % 27 = 3 → 'f' (Kubernetes' mapping).
  assert.equal(safeEncode('09'), '4f');
});

test('canonical JSON does not depend on key order and drops undefined members', () => {
  assert.equal(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: undefined } }), canonicalJson({ a: { d: [1, { x: 1, y: 2 }] }, b: 1 }));
});

test('the hash is stable for one template, changes with the template and with a collision count', () => {
  const base = podTemplateHash(template('nginx:1.27'));
  assert.equal(podTemplateHash(template('nginx:1.27')), base);
  assert.notEqual(podTemplateHash(template('nginx:1.28')), base);
  assert.notEqual(podTemplateHash(template('nginx:1.27'), 1), base);
  assert.equal(podTemplateHash(template('nginx:1.27'), 0), base, 'a zero collision count is no collision');
  assert.match(base, /^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
});

test('the pod-template-hash label on a template read back from its ReplicaSet does not change the hash', () => {
  const hash = podTemplateHash(template('nginx:1.27'));
  assert.equal(podTemplateHash(template('nginx:1.27', { app: 'web', 'pod-template-hash': hash })), hash);
});
