// Unit tests of the pure parts of routing, negotiation and pagination.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MediaType } from '../../images/oci-types.ts';
import { nextLink, paginate, parseCount } from './catalog.ts';
import { defaultPlatformEntry, negotiate, parseAccept } from './negotiation.ts';
import { matchRoute } from './router.ts';

describe('routes', () => {
  it('finds the name before the last route suffix', () => {
    assert.deepEqual(matchRoute('/v2/'), { route: 'base', name: undefined, ref: undefined });
    assert.deepEqual(matchRoute('/v2'), { route: 'base', name: undefined, ref: undefined });
    assert.equal(matchRoute('/v2/_catalog')?.route, 'catalog');
    assert.deepEqual(matchRoute('/v2/a/b/manifests/latest'), { route: 'manifest', name: 'a/b', ref: 'latest' });
    assert.deepEqual(matchRoute('/v2/a/manifests/b/manifests/v1'), { route: 'manifest', name: 'a/manifests/b', ref: 'v1' });
    assert.deepEqual(matchRoute('/v2/a/blobs/sha256:x'), { route: 'blob', name: 'a', ref: 'sha256:x' });
    assert.deepEqual(matchRoute('/v2/a/blobs/uploads/'), { route: 'uploads', name: 'a', ref: undefined });
    assert.deepEqual(matchRoute('/v2/a/blobs/uploads/123'), { route: 'upload', name: 'a', ref: '123' });
    assert.deepEqual(matchRoute('/v2/x/y/tags/list'), { route: 'tags', name: 'x/y', ref: undefined });
    assert.deepEqual(matchRoute('/v2/x/referrers/sha256:1'), { route: 'referrers', name: 'x', ref: 'sha256:1' });
    assert.equal(matchRoute('/v1/x'), undefined);
    assert.equal(matchRoute('/v2/x/unknown'), undefined);
  });
});

describe('content negotiation', () => {
  const only = (...types: string[]) => parseAccept(types.join(', '));
  it('serves Docker schema 2 to anyone and OCI to those who accept it', () => {
    assert.equal(negotiate(MediaType.dockerManifest, only(MediaType.ociManifest), true).kind, 'serve');
    assert.equal(negotiate(MediaType.ociManifest, only(MediaType.dockerManifest), true).kind, 'refuse');
    assert.equal(negotiate(MediaType.ociIndex, only(MediaType.ociManifest), false).kind, 'refuse');
    assert.equal(negotiate(MediaType.ociManifest, parseAccept([MediaType.dockerManifest, `${MediaType.ociManifest};q=0.5`]), true).kind, 'serve');
  });

  it('serves anything without Accept or with */*', () => {
    assert.equal(negotiate(MediaType.ociIndex, parseAccept(undefined), true).kind, 'serve');
    assert.equal(negotiate(MediaType.ociIndex, only('*/*'), true).kind, 'serve');
  });

  it('answers a manifest list by tag with its linux/amd64 manifest for clients without lists', () => {
    assert.equal(negotiate(MediaType.dockerManifestList, only(MediaType.dockerManifest), true).kind, 'platform-manifest');
    assert.equal(negotiate(MediaType.dockerManifestList, only(MediaType.dockerManifest), false).kind, 'serve');
    const list = Buffer.from(JSON.stringify({ manifests: [{ digest: 'sha256:arm', platform: { os: 'linux', architecture: 'arm64' } }, { digest: 'sha256:amd', platform: { os: 'linux', architecture: 'amd64' } }] }));
    assert.equal(defaultPlatformEntry(list), 'sha256:amd');
    assert.equal(defaultPlatformEntry(Buffer.from('nope')), undefined);
  });
});

describe('pagination', () => {
  const all = ['a', 'b', 'c', 'd', 'e'];
  it('pages after last with a next marker', () => {
    assert.deepEqual(paginate(all, undefined, null), { items: all });
    assert.deepEqual(paginate(all, 2, null), { items: ['a', 'b'], next: 'b' });
    assert.deepEqual(paginate(all, 2, 'b'), { items: ['c', 'd'], next: 'd' });
    assert.deepEqual(paginate(all, 2, 'd'), { items: ['e'] });
    assert.deepEqual(paginate(all, 5, null), { items: all });
    assert.deepEqual(paginate(all, undefined, 'c'), { items: ['d', 'e'] });
    assert.deepEqual(paginate(all, 0, null), { items: [] });
  });

  it('reads n', () => {
    assert.equal(parseCount(null, 100, 1000), 100);
    assert.equal(parseCount('5', 100, 1000), 5);
    assert.equal(parseCount('5000', 100, 1000), 1000);
    assert.throws(() => parseCount('-1', 100), /invalid n/);
    assert.throws(() => parseCount('x', 100), /invalid n/);
  });

  it('links the next page', () => {
    assert.equal(nextLink('/v2/_catalog', 2, 'a/b'), '</v2/_catalog?n=2&last=a%2Fb>; rel="next"');
  });
});
