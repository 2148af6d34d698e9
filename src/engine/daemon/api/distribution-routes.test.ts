import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pullReference } from './distribution-routes.ts';

const digest = `sha256:${'a'.repeat(64)}`;

test('fromImage and tag as the docker CLI and other clients send them', () => {
  assert.deepEqual(pullReference('busybox', 'latest'), { domain: 'docker.io', path: 'library/busybox', tag: 'latest' });
  assert.deepEqual(pullReference('docker.io/library/busybox', '1.36'), { domain: 'docker.io', path: 'library/busybox', tag: '1.36' });
  // docker pull NAME@DIGEST sends the digest in "tag".
  assert.deepEqual(pullReference('localhost:5000/x', digest), { domain: 'localhost:5000', path: 'x', digest });
  // A tag inside fromImage (docker-py and curl users) with no tag parameter.
  assert.deepEqual(pullReference('localhost:5000/x:v2', ''), { domain: 'localhost:5000', path: 'x', tag: 'v2' });
  // Neither: every tag (docker pull -a).
  assert.deepEqual(pullReference('localhost:5000/x', ''), { domain: 'localhost:5000', path: 'x' });
});

test('bad input says what is wrong', () => {
  assert.throws(() => pullReference('', 'latest'), /fromImage is required/);
  assert.throws(() => pullReference('Busybox', 'latest'), /must be lowercase/);
  assert.throws(() => pullReference('busybox', 'bad tag!'), /invalid reference format/);
  assert.throws(() => pullReference('busybox', 'sha256:abc'), /invalid digest in "tag"/);
});
