import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isMinatoError } from '../../util/errors.ts';
import { checkImageConfig, checkImageManifest } from './manifest-checks.ts';

const digest = `sha256:${'a'.repeat(64)}`;
const rejects = (fn: () => unknown, message: RegExp) => assert.throws(fn, (err) => isMinatoError(err, 'InvalidArgument') && message.test(err.message));

test('a well-formed manifest and config pass', () => {
  const manifest = { schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: { mediaType: 'x', digest, size: 10 }, layers: [{ mediaType: 'y', digest, size: 3 }] };
  assert.equal(checkImageManifest(manifest, 'manifest m'), manifest);
  const config = { architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [digest] } };
  assert.equal(checkImageConfig(config, 'config c'), config);
});

test('malformed manifests are refused with the field that is wrong', () => {
  rejects(() => checkImageManifest([], 'manifest m'), /^manifest m: want a JSON object/);
  rejects(() => checkImageManifest({ schemaVersion: 2, manifests: [] }, 'manifest m'), /is an image index/);
  rejects(() => checkImageManifest({ schemaVersion: 1, config: { digest }, layers: [] }, 'manifest m'), /schemaVersion: want 2/);
  rejects(() => checkImageManifest({ schemaVersion: 2, layers: [] }, 'manifest m'), /config: want a descriptor/);
  rejects(() => checkImageManifest({ schemaVersion: 2, config: { digest: 'sha256:../../etc/passwd' }, layers: [] }, 'manifest m'), /config\.digest: want sha256/);
  rejects(() => checkImageManifest({ schemaVersion: 2, config: { digest } }, 'manifest m'), /layers: want an array/);
  rejects(() => checkImageManifest({ schemaVersion: 2, config: { digest }, layers: [{ digest, size: -1 }] }, 'manifest m'), /layers\[0\]\.size/);
});

test('a config without usable rootfs.diff_ids is refused', () => {
  rejects(() => checkImageConfig({ os: 'linux' }, 'config c'), /rootfs\.diff_ids: want an array/);
  rejects(() => checkImageConfig({ rootfs: { diff_ids: ['nope'] } }, 'config c'), /diff_ids\[0\]/);
  rejects(() => checkImageConfig({ rootfs: { diff_ids: [] }, config: 'x' }, 'config c'), /config: want an object/);
});
