import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isMinatoError } from '../../../util/errors.ts';
import { MediaType } from '../../images/oci-types.ts';
import { parseManifest } from './manifest.ts';

const d = (c: string) => `sha256:${c.repeat(64)}`;
const json = (value: unknown) => Buffer.from(JSON.stringify(value));
const image = (extra: Record<string, unknown> = {}) => ({
  schemaVersion: 2,
  mediaType: MediaType.ociManifest,
  config: { mediaType: MediaType.ociConfig, digest: d('a'), size: 10 },
  layers: [{ mediaType: MediaType.ociLayerGzip, digest: d('b'), size: 20 }],
  ...extra,
});

function refusal(body: Buffer, contentType?: string): string {
  try {
    parseManifest(body, contentType);
  } catch (err) {
    assert.ok(isMinatoError(err));
    assert.equal(err.details?.registryCode, 'MANIFEST_INVALID');
    return String(err.details?.registryMessage);
  }
  assert.fail('expected MANIFEST_INVALID');
}

describe('parseManifest', () => {
  it('lists the blobs of an image manifest, with where they are', () => {
    const parsed = parseManifest(json(image()), MediaType.ociManifest);
    assert.equal(parsed.kind, 'image');
    assert.deepEqual(parsed.blobs.map((b) => [b.where, b.descriptor.digest]), [['config', d('a')], ['layers[0]', d('b')]]);
    assert.equal(parsed.artifactType, MediaType.ociConfig);
  });

  it('lists the manifests of an index', () => {
    const parsed = parseManifest(json({ schemaVersion: 2, mediaType: MediaType.dockerManifestList, manifests: [{ mediaType: MediaType.dockerManifest, digest: d('c'), size: 5 }] }), undefined);
    assert.equal(parsed.kind, 'index');
    assert.deepEqual(parsed.children.map((c) => c.where), ['manifests[0]']);
  });

  it('takes the media type from Content-Type when the manifest has none', () => {
    const { mediaType: _, ...bare } = image();
    assert.equal(parseManifest(json(bare), `${MediaType.ociManifest}; charset=utf-8`).mediaType, MediaType.ociManifest);
    assert.match(refusal(json(bare), 'application/json'), /cannot tell which kind/);
  });

  it('refuses a mediaType that contradicts Content-Type', () => {
    assert.match(refusal(json(image()), MediaType.dockerManifest), /does not match the Content-Type/);
  });

  it('keeps the subject, artifactType and annotations for referrers', () => {
    const parsed = parseManifest(json(image({ subject: { mediaType: MediaType.ociManifest, digest: d('e'), size: 1 }, artifactType: 'application/x-sbom', annotations: { a: 'b' } })), undefined);
    assert.equal(parsed.subject?.digest, d('e'));
    assert.equal(parsed.artifactType, 'application/x-sbom');
    assert.deepEqual(parsed.annotations, { a: 'b' });
  });

  it('does not ask for non-distributable layers that have URLs', () => {
    const parsed = parseManifest(
      json(image({ layers: [{ mediaType: 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip', digest: d('f'), size: 1, urls: ['https://example.com/l'] }] })),
      undefined,
    );
    assert.deepEqual(parsed.blobs.map((b) => b.where), ['config']);
  });

  it('says what is wrong and where', () => {
    assert.match(refusal(Buffer.from('{not json')), /not valid JSON/);
    assert.match(refusal(json([1])), /want a JSON object/);
    assert.match(refusal(json({ ...image(), schemaVersion: 1 })), /schemaVersion: want 2/);
    assert.match(refusal(json({ ...image(), mediaType: 'application/vnd.docker.distribution.manifest.v1+prettyjws' })), /schema 1/);
    assert.match(refusal(json({ ...image(), mediaType: 'text/plain' })), /unknown manifest media type/);
    assert.match(refusal(json(image({ layers: [{ mediaType: 'x', digest: 'sha256:zz', size: 1 }] }))), /layers\[0\]\.digest/);
    assert.match(refusal(json(image({ layers: [{ mediaType: 'x', digest: d('1'), size: -1 }] }))), /layers\[0\]\.size/);
    assert.match(refusal(json(image({ config: undefined }))), /config: want a descriptor/);
    assert.match(refusal(json(image({ manifests: [] }))), /did you mean an index/);
    assert.match(refusal(json({ schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: 'no' })), /manifests: want an array/);
    assert.match(refusal(json(image({ annotations: { a: 1 } }))), /annotations: want an object of strings/);
  });
});
