import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Descriptor } from '../../images/oci-types.ts';
import { formatPlatform, normalisePlatform, parsePlatform, selectPlatformManifest } from './platform.ts';

const digest = (n: number) => `sha256:${String(n).repeat(64).slice(0, 64)}` as const;
const entry = (n: number, platform: Descriptor['platform'], annotations?: Record<string, string>): Descriptor => ({
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  digest: digest(n),
  size: 100,
  ...(platform ? { platform } : {}),
  ...(annotations ? { annotations } : {}),
});

const index = [
  entry(1, { os: 'linux', architecture: 'arm', variant: 'v7' }),
  entry(2, { os: 'linux', architecture: 'arm64', variant: 'v8' }),
  entry(3, { os: 'linux', architecture: 'amd64' }),
  entry(4, { os: 'unknown', architecture: 'unknown' }, { 'vnd.docker.reference.type': 'attestation-manifest' }),
];

test('this machine, another platform, with and without variants', () => {
  assert.equal(selectPlatformManifest(index, { os: 'linux', architecture: 'amd64' }, 'x').digest, digest(3));
  assert.equal(selectPlatformManifest(index, parsePlatform('linux/arm64'), 'x').digest, digest(2));
  assert.equal(selectPlatformManifest(index, parsePlatform('linux/arm64/v8'), 'x').digest, digest(2));
  assert.equal(selectPlatformManifest(index, parsePlatform('linux/arm'), 'x').digest, digest(1));
  assert.equal(selectPlatformManifest(index, { os: 'linux', architecture: 'x86_64' }, 'x').digest, digest(3));
});

test('the baseline entry wins over a micro-architecture variant unless one is asked for', () => {
  const variants = [entry(5, { os: 'linux', architecture: 'amd64', variant: 'v3' }), entry(6, { os: 'linux', architecture: 'amd64' })];
  assert.equal(selectPlatformManifest(variants, parsePlatform('linux/amd64'), 'x').digest, digest(6));
  assert.equal(selectPlatformManifest(variants, parsePlatform('linux/amd64/v3'), 'x').digest, digest(5));
});

test('no match: the error lists what the index has (attestations left out)', () => {
  assert.throws(
    () => selectPlatformManifest(index, parsePlatform('linux/s390x'), 'localhost:5000/multi:latest'),
    (err: Error) => err.message === 'no matching manifest for linux/s390x in the manifest list entries of localhost:5000/multi:latest (available: linux/arm/v7, linux/arm64, linux/amd64)',
  );
});

test('an index of one entry without a platform is that image', () => {
  assert.equal(selectPlatformManifest([entry(7, undefined)], parsePlatform('linux/amd64'), 'x').digest, digest(7));
});

test('platform strings', () => {
  assert.deepEqual(parsePlatform('linux/arm64/v8'), { os: 'linux', architecture: 'arm64' });
  assert.deepEqual(parsePlatform('arm64'), { os: 'linux', architecture: 'arm64' });
  assert.deepEqual(normalisePlatform({ os: 'Linux', architecture: 'aarch64' }), { os: 'linux', architecture: 'arm64' });
  assert.equal(formatPlatform(parsePlatform('linux/arm/7')), 'linux/arm/v7');
  assert.throws(() => parsePlatform('linux//amd64'), /invalid platform "linux\/\/amd64": want OS\/ARCH\[\/VARIANT\]/);
  assert.throws(() => parsePlatform('a/b/c/d'), /invalid platform/);
});
