import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { AesGcmTransformer, loadEncryptionKey } from './secret-encryption.ts';

test('a secret round-trips, its stored bytes hold no plaintext and carry the aesgcm prefix', () => {
  const transformer = new AesGcmTransformer(randomBytes(32));
  const plain = Buffer.from('{"data":{"password":"c3VwZXJzZWNyZXQ="},"stringData":"supersecret"}');
  const stored = Buffer.from(transformer.toStorage('/registry/secrets/default/db', plain));
  assert.ok(stored.toString('latin1').startsWith('k8s:enc:aesgcm:v1:key1:'));
  assert.ok(!stored.includes(Buffer.from('supersecret')) && !stored.includes(Buffer.from('c3VwZXJzZWNyZXQ=')));
  assert.deepEqual(Buffer.from(transformer.fromStorage('/registry/secrets/default/db', stored)), plain);
  assert.notDeepEqual(Buffer.from(transformer.toStorage('/registry/secrets/default/db', plain)), stored, 'a fresh nonce each time');
});

test('a value moved to another key, tampered with, or read with another key does not decrypt', () => {
  const transformer = new AesGcmTransformer(randomBytes(32));
  const stored = Buffer.from(transformer.toStorage('/registry/secrets/a/s', Buffer.from('x')));
  assert.throws(() => transformer.fromStorage('/registry/secrets/b/s', stored), /does not authenticate/);
  const tampered = Buffer.from(stored);
  tampered[tampered.length - 20] = tampered[tampered.length - 20]! ^ 1;
  assert.throws(() => transformer.fromStorage('/registry/secrets/a/s', tampered), /does not authenticate/);
  assert.throws(() => new AesGcmTransformer(randomBytes(32)).fromStorage('/registry/secrets/a/s', stored), /does not authenticate/);
  assert.deepEqual(Buffer.from(transformer.fromStorage('/registry/secrets/a/old', Buffer.from('{"plain":true}'))), Buffer.from('{"plain":true}'), 'values from before encryption read as they are');
});

test('the key file is made once, 0600, and reused', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'minato-enc-'));
  try {
    const first = await loadEncryptionKey(dir);
    const second = await loadEncryptionKey(dir);
    assert.equal(first.length, 32);
    assert.deepEqual(second, first);
    assert.equal(statSync(path.join(dir, 'cred', 'encryption-key')).mode & 0o777, 0o600);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
