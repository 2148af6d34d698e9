import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isMinatoError } from '../../../util/errors.ts';
import { checkRepositoryName, checkUploadDigest, classifyDigest, isRepositoryName, isTag, parseReference } from './names.ts';

const hex = 'a'.repeat(64);

function codeOf(action: () => unknown): unknown {
  try {
    action();
  } catch (err) {
    assert.ok(isMinatoError(err));
    return err.details?.registryCode;
  }
  assert.fail('expected a refusal');
}

describe('repository names', () => {
  it('accepts the spec grammar', () => {
    for (const name of ['a', 'library/busybox', 'a.b/c_d/e__f/g-h/i---j', 'x0/1y', 'a/blobs/manifests']) assert.ok(isRepositoryName(name), name);
  });

  it('refuses what could reach outside the root or is not the grammar', () => {
    for (const name of ['', '..', 'a/..', 'a/../b', '../a', '.a', 'a/.b', '_a', 'a/_manifests', 'A', 'a//b', '/a', 'a/', 'a___b', 'a.-b', 'a b', 'a%2fb', 'a\\b']) {
      assert.ok(!isRepositoryName(name), name);
    }
  });

  it('limits names to 255 characters', () => {
    assert.ok(isRepositoryName('a'.repeat(255)));
    assert.ok(!isRepositoryName('a'.repeat(256)));
    assert.equal(codeOf(() => checkRepositoryName('a'.repeat(256))), 'NAME_INVALID');
  });

  it('answers NAME_INVALID with the name', () => {
    assert.equal(codeOf(() => checkRepositoryName('Upper/case')), 'NAME_INVALID');
  });
});

describe('tags', () => {
  it('follows [a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}', () => {
    for (const tag of ['latest', 'v1.2.3', '_x', 'A-b_c.d', 'a'.repeat(128)]) assert.ok(isTag(tag), tag);
    for (const tag of ['', '.hidden', '..', '-x', 'a/b', 'a:b', 'a'.repeat(129), 'ü']) assert.ok(!isTag(tag), tag);
  });
});

describe('digests and references', () => {
  it('tells malformed digests from other algorithms', () => {
    assert.deepEqual(classifyDigest(`sha256:${hex}`), { ok: true, digest: `sha256:${hex}` });
    assert.deepEqual(classifyDigest(`sha512:${'b'.repeat(128)}`), { ok: false, reason: 'algorithm' });
    assert.deepEqual(classifyDigest('sha256:short'), { ok: false, reason: 'syntax' });
    assert.deepEqual(classifyDigest(`sha256:${'A'.repeat(64)}`), { ok: false, reason: 'syntax' });
    assert.deepEqual(classifyDigest('nocolon'), { ok: false, reason: 'syntax' });
    assert.deepEqual(classifyDigest('sha256:../../etc'), { ok: false, reason: 'syntax' });
  });

  it('parses manifest references', () => {
    assert.deepEqual(parseReference('latest'), { kind: 'tag', tag: 'latest' });
    assert.deepEqual(parseReference(`sha256:${hex}`), { kind: 'digest', digest: `sha256:${hex}` });
    assert.equal(parseReference(`sha512:${'b'.repeat(128)}`).kind, 'other-algorithm');
    assert.equal(codeOf(() => parseReference('sha256:123')), 'DIGEST_INVALID');
    assert.equal(codeOf(() => parseReference('.bad')), 'MANIFEST_INVALID');
  });

  it('wants a sha256 digest for uploads', () => {
    assert.equal(checkUploadDigest(`sha256:${hex}`), `sha256:${hex}`);
    assert.equal(codeOf(() => checkUploadDigest(null)), 'DIGEST_INVALID');
    assert.equal(codeOf(() => checkUploadDigest('')), 'DIGEST_INVALID');
    assert.equal(codeOf(() => checkUploadDigest(`sha512:${'b'.repeat(128)}`)), 'DIGEST_INVALID');
  });
});
