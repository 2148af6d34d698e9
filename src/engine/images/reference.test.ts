// Expected values follow distribution/reference v0.6 (normalize_test.go, reference_test.go) and
// what the docker CLI prints for the same input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isMinatoError } from '../../util/errors.ts';
import {
  familiarName,
  familiarString,
  formatReference,
  imageIdPrefix,
  parseReference,
  parseTagReference,
  repositoryName,
  withDefaultTag,
  type ImageReference,
} from './reference.ts';

const hex = 'c47ad8d2a0e2ea2a8e8a4ac8d9c2b8e8f0f4a9b6f1a3e0b2c4d6e8f0a1b3c5d7';
const digest = `sha256:${hex}` as const;

const valid: Array<[input: string, expected: ImageReference]> = [
  ['busybox', { domain: 'docker.io', path: 'library/busybox' }],
  ['busybox:1.36', { domain: 'docker.io', path: 'library/busybox', tag: '1.36' }],
  ['library/busybox', { domain: 'docker.io', path: 'library/busybox' }],
  ['docker.io/busybox', { domain: 'docker.io', path: 'library/busybox' }],
  ['docker.io/library/busybox:latest', { domain: 'docker.io', path: 'library/busybox', tag: 'latest' }],
  ['index.docker.io/busybox', { domain: 'docker.io', path: 'library/busybox' }],
  ['index.docker.io/myuser/app:1', { domain: 'docker.io', path: 'myuser/app', tag: '1' }],
  ['myuser/app', { domain: 'docker.io', path: 'myuser/app' }],
  ['library/foo/bar', { domain: 'docker.io', path: 'library/foo/bar' }],
  ['localhost/foo', { domain: 'localhost', path: 'foo' }],
  ['localhost:5000/foo/bar:tag', { domain: 'localhost:5000', path: 'foo/bar', tag: 'tag' }],
  [`example.com:8080/a/b@${digest}`, { domain: 'example.com:8080', path: 'a/b', digest }],
  [`busybox:1.36@${digest}`, { domain: 'docker.io', path: 'library/busybox', tag: '1.36', digest }],
  ['127.0.0.1:5000/x', { domain: '127.0.0.1:5000', path: 'x' }],
  ['[::1]:5000/x', { domain: '[::1]:5000', path: 'x' }],
  ['[fc00:1:2:3:4:5:6:7]:5000/library/debian', { domain: '[fc00:1:2:3:4:5:6:7]:5000', path: 'library/debian' }],
  ['registry:5000/x', { domain: 'registry:5000', path: 'x' }],
  // An uppercase first component cannot be a path, so it is taken as a domain.
  ['Foo/bar', { domain: 'Foo', path: 'bar' }],
  ['a__b', { domain: 'docker.io', path: 'library/a__b' }],
  ['a--b', { domain: 'docker.io', path: 'library/a--b' }],
  ['a.b_c-d', { domain: 'docker.io', path: 'library/a.b_c-d' }],
  ['ubuntu-12.04-base', { domain: 'docker.io', path: 'library/ubuntu-12.04-base' }],
  // Without a slash there is no domain: the port-looking part is a tag.
  ['localhost:5000', { domain: 'docker.io', path: 'library/localhost', tag: '5000' }],
  ['192.168.0.1:80', { domain: 'docker.io', path: 'library/192.168.0.1', tag: '80' }],
  ['busybox:Tag_1.0-rc', { domain: 'docker.io', path: 'library/busybox', tag: 'Tag_1.0-rc' }],
  [`busybox:${'t'.repeat(128)}`, { domain: 'docker.io', path: 'library/busybox', tag: 't'.repeat(128) }],
  ['abc123', { domain: 'docker.io', path: 'library/abc123' }],
  [`docker.io/${hex}`, { domain: 'docker.io', path: `library/${hex}` }],
  // 255 is the limit on the path ("library/" included), not on domain + path.
  [`example.com/${'a'.repeat(255)}`, { domain: 'example.com', path: 'a'.repeat(255) }],
];

const invalid: Array<[input: string, message: string]> = [
  ['Busybox', 'invalid reference format: repository name (library/Busybox) must be lowercase'],
  ['docker/Docker', 'invalid reference format: repository name (docker/Docker) must be lowercase'],
  ['localhost:5000/Foo:tag', 'invalid reference format: repository name (Foo) must be lowercase'],
  ['busybox:', 'invalid reference format'],
  [':tag', 'invalid reference format'],
  ['', 'invalid reference format'],
  ['foo/../bar', 'invalid reference format'],
  ['docker///docker', 'invalid reference format'],
  ['-docker', 'invalid reference format'],
  ['a_-b', 'invalid reference format'],
  ['a___b', 'invalid reference format'],
  ['a.', 'invalid reference format'],
  ['https://github.com/docker/docker', 'invalid reference format'],
  [`busybox:${'t'.repeat(129)}`, 'invalid reference format'],
  ['busybox:-tag', 'invalid reference format'],
  ['busybox:.tag', 'invalid reference format'],
  ['busybox@sha256:abc', 'invalid reference format'],
  ['[fc00::1]:5000', 'invalid reference format'],
  ['fc00::1:5000/debian', 'invalid reference format'],
  ['[fe80::1%eth0]:5000/debian', 'invalid reference format'],
  [hex, `invalid repository name (${hex}), cannot specify 64-byte hexadecimal strings`],
  ['a'.repeat(248), 'repository name must not be more than 255 characters'], // 8 + 248 = 256 with "library/"
  [`busybox@sha512:${'a'.repeat(128)}`, 'invalid reference format: unsupported digest algorithm "sha512" (want sha256)'],
  [`busybox@sha256:${'a'.repeat(63)}`, 'invalid reference format: invalid checksum digest length 63 (want 64)'],
  [`busybox@sha256:${'A'.repeat(64)}`, 'invalid reference format: invalid checksum digest format (want lowercase hex)'],
];

for (const [input, expected] of valid) {
  test(`parseReference(${JSON.stringify(input.length > 60 ? `${input.slice(0, 57)}...` : input)})`, () => {
    assert.deepEqual(parseReference(input), expected);
  });
}

for (const [input, message] of invalid) {
  test(`parseReference rejects ${JSON.stringify(input.length > 60 ? `${input.slice(0, 57)}...` : input)}`, () => {
    assert.throws(
      () => parseReference(input),
      (err: unknown) => isMinatoError(err, 'InvalidArgument') && err.message === message,
    );
  });
}

test('errors carry the input as detail', () => {
  assert.throws(
    () => parseReference('busybox:'),
    (err: unknown) => isMinatoError(err) && err.details?.value === 'busybox:' && err.details?.field === 'reference',
  );
});

test('withDefaultTag adds latest only when there is neither tag nor digest', () => {
  assert.equal(withDefaultTag(parseReference('busybox')).tag, 'latest');
  assert.equal(withDefaultTag(parseReference('busybox:1.36')).tag, '1.36');
  assert.deepEqual(withDefaultTag(parseReference(`busybox@${digest}`)), {
    domain: 'docker.io',
    path: 'library/busybox',
    digest,
  });
});

const formats: Array<[input: string, full: string, familiar: string, name: string]> = [
  ['busybox', 'docker.io/library/busybox:latest', 'busybox:latest', 'busybox'],
  ['myuser/app:1', 'docker.io/myuser/app:1', 'myuser/app:1', 'myuser/app'],
  ['localhost:5000/x:y', 'localhost:5000/x:y', 'localhost:5000/x:y', 'localhost:5000/x'],
  ['library/foo/bar', 'docker.io/library/foo/bar:latest', 'library/foo/bar:latest', 'library/foo/bar'],
  [`busybox@${digest}`, `docker.io/library/busybox@${digest}`, `busybox@${digest}`, 'busybox'],
  [`quay.io/a/b:t@${digest}`, `quay.io/a/b:t@${digest}`, `quay.io/a/b:t@${digest}`, 'quay.io/a/b'],
];

for (const [input, full, familiar, name] of formats) {
  test(`formatting ${input}`, () => {
    const ref = withDefaultTag(parseReference(input));
    assert.equal(formatReference(ref), full);
    assert.equal(familiarString(ref), familiar);
    assert.equal(familiarName(ref), name);
    // The full form parses back to the same reference.
    assert.deepEqual(parseReference(full), ref);
  });
}

test('repositoryName is domain/path', () => {
  assert.equal(repositoryName(parseReference('busybox:1')), 'docker.io/library/busybox');
  assert.equal(repositoryName(parseReference('[::1]:5000/x/y')), '[::1]:5000/x/y');
});

test('imageIdPrefix recognises IDs and ID prefixes', () => {
  const cases: Array<[string, string | undefined]> = [
    [digest, hex],
    ['sha256:c47a', 'c47a'],
    [hex, hex],
    ['c4', 'c4'],
    ['abc123', 'abc123'],
    ['busybox', undefined],
    ['sha256:', undefined],
    ['ABC123', undefined],
    [`${hex}0`, undefined],
    ['sha512:abcd', undefined],
  ];
  for (const [input, expected] of cases) assert.equal(imageIdPrefix(input), expected, input);
});

test('pathological input is rejected quickly', () => {
  const started = performance.now();
  for (const input of ['a-'.repeat(20000) + '!', 'a.'.repeat(20000) + '/!', 'A'.repeat(40000) + '/x!']) {
    assert.throws(() => parseReference(input));
  }
  assert.ok(performance.now() - started < 1000);
});

test('parseTagReference adds latest and refuses digests in the caller\'s words', () => {
  assert.deepEqual(parseTagReference('busybox', 'no digests'), { domain: 'docker.io', path: 'library/busybox', tag: 'latest' });
  assert.deepEqual(parseTagReference('localhost:5000/x:1', 'no digests'), { domain: 'localhost:5000', path: 'x', tag: '1' });
  assert.throws(() => parseTagReference(`busybox@${digest}`, 'refusing to create a tag with a digest reference'), (err) => isMinatoError(err, 'InvalidArgument') && err.message === 'refusing to create a tag with a digest reference');
});
