import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DockerIgnore, parseDockerignore, readDockerignorePatterns, type MatchState } from './dockerignore.ts';
import { isMinatoError } from '../../../util/errors.ts';

// [pattern, path, excluded]
const single: [string, string, boolean][] = [
  ['**', 'file', true],
  ['**', 'file/', true],
  ['**/', 'file', true],
  ['**/', 'file/', true],
  ['**', 'dir/file', true],
  ['**/', 'dir/file', true],
  ['**/**', 'dir/file', true],
  ['dir/**', 'dir/file', true],
  ['dir/**', 'dir/dir2/file', true],
  ['**/dir', 'dir', true],
  ['**/dir', 'dir/file', true],
  ['**/dir2/*', 'dir/dir2/file', true],
  ['**/dir2/**', 'dir/dir2/dir3/file', true],
  ['**file', 'file', true],
  ['**file', 'dir/file', true],
  ['**/file', 'dir/file', true],
  ['**file', 'dir/dir/file', true],
  ['**/file', 'dir/dir/file', true],
  ['**/file*', 'dir/dir/file', true],
  ['**/file*', 'dir/dir/file.txt', true],
  ['**/file*txt', 'dir/dir/file.txt', true],
  ['**/file*.txt', 'dir/dir/file.txt', true],
  ['**/file*.txt*', 'dir/dir/file.txt', true],
  ['**/**/*.txt', 'dir/dir/file.txt', true],
  ['**/**/*.txt2', 'dir/dir/file.txt', false],
  ['**/*.txt', 'file.txt', true],
  ['**/**/*.txt', 'file.txt', true],
  ['a**/*.txt', 'a/file.txt', true],
  ['a**/*.txt', 'a/dir/file.txt', true],
  ['a**/*.txt', 'a/dir/dir/file.txt', true],
  ['a/*.txt', 'a/dir/file.txt', false],
  ['a/*.txt', 'a/file.txt', true],
  ['a/*.txt**', 'a/file.txt', true],
  ['a[b-d]e', 'ae', false],
  ['a[b-d]e', 'ace', true],
  ['a[b-d]e', 'aae', false],
  ['a[^b-d]e', 'aze', true],
  ['a[\\]]e', 'a]e', true],
  ['a[*]e', 'a*e', true],
  ['a[*]e', 'axe', false],
  ['.*', '.foo', true],
  ['.*', 'foo', false],
  ['abc.def', 'abcdef', false],
  ['abc.def', 'abc.def', true],
  ['abc.def', 'abcZdef', false],
  ['abc?def', 'abcZdef', true],
  ['abc?def', 'abcdef', false],
  ['abc?def', 'abc/def', false],
  ['a\\\\', 'a\\', true],
  ['a\\*b', 'a*b', true],
  ['a\\*b', 'axb', false],
  ['**/foo/bar', 'foo/bar', true],
  ['**/foo/bar', 'dir/foo/bar', true],
  ['**/foo/bar', 'dir/dir2/foo/bar', true],
  ['abc/**', 'abc', false],
  ['abc/**', 'abc/def', true],
  ['abc/**', 'abc/def/ghi', true],
  ['**/.foo', '.foo', true],
  ['**/.foo', 'bar.foo', false],
  ['a(b)c/def', 'a(b)c/def', true],
  ['a(b)c/def', 'a(b)c/xyz', false],
  ['a.|)$(}+{bc', 'a.|)$(}+{bc', true],
  ['dist/*.whl', 'dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl', true],
  ['a^b*', 'a^bc', true],
  ['*.go', 'fileutils.go', true],
  ['*', 'fileutils.go', true],
  ['*', 'dir/file', true],
  ['docs', 'docs/README.md', true],
  ['docs/', 'docs/README.md', true],
  ['/docs', 'docs/README.md', true],
  ['./docs/../docs//x/', 'docs/x/y', true],
  ['*/foo', 'a/foo', true],
  ['*/foo', 'a/b/foo', false],
  ['*/foo', 'a/foo/bar', true],
  ['node_modules', 'web/node_modules', false],
  ['**/node_modules', 'web/node_modules/x', true],
  ['日本*', '日本語/x', true],
  ['?', '日', true],
];

test('patterns match like moby/patternmatcher (path or any parent)', () => {
  for (const [pattern, path, excluded] of single) {
    const ig = new DockerIgnore(readDockerignorePatterns(pattern));
    assert.equal(ig.isExcluded(path), excluded, `${pattern} vs ${path}`);
  }
});

test('exceptions: the last matching pattern decides', () => {
  const cases: [string[], string, boolean][] = [
    [['**', '!util/docker/web'], 'util/docker/web/foo', false],
    [['**', '!util/docker/web', 'util/docker/web/foo'], 'util/docker/web/foo', true],
    [['**', '!dist/*.whl'], 'dist/proxy.py-2.4.0rc3-py3-none-any.whl', false],
    [['!fileutils.go', '*.go'], 'fileutils.go', true],
    [['*.go', '!fileutils.go'], 'fileutils.go', false],
    [['docs', '!docs/README.md'], 'docs/README.md', false],
    [['docs/', '!docs/README.md'], 'docs/README.md', false],
    [['docs/*', '!docs/README.md'], 'docs/README.md', false],
    [['docs', '!docs/README.md'], 'docs/other.md', true],
    [['*.md', '!README*.md', 'README-secret.md'], 'README.md', false],
    [['*.md', '!README*.md', 'README-secret.md'], 'README-secret.md', true],
    [['*', '!keep'], 'keep/inner/file', false],
  ];
  for (const [patterns, path, excluded] of cases) {
    assert.equal(new DockerIgnore(patterns).isExcluded(path), excluded, `${JSON.stringify(patterns)} vs ${path}`);
  }
});

test('the context root is never excluded; no patterns exclude nothing', () => {
  assert.equal(new DockerIgnore(['*']).isExcluded('.'), false);
  assert.equal(new DockerIgnore(['*']).isExcluded(''), false);
  assert.equal(new DockerIgnore([]).isExcluded('any/path/there'), false);
  assert.equal(new DockerIgnore(['*']).isExcluded('/abs/'), true);
});

test('.dockerignore text: comments, blanks, BOM, CRLF, leading slash, cleaning, exceptions', () => {
  const text = '\uFEFF# comment\r\n\r\n  node_modules  \r\n/build/\n !  /keep/../keep/me \n #not a comment\n*.log\n/\n';
  assert.deepEqual(readDockerignorePatterns(text), ['node_modules', 'build', '!keep/me', '#not a comment', '*.log', '/']);
  const ig = parseDockerignore(text);
  assert.deepEqual(ig.patterns, [
    { pattern: 'node_modules', exclusion: false },
    { pattern: 'build', exclusion: false },
    { pattern: 'keep/me', exclusion: true },
    { pattern: '#not a comment', exclusion: false },
    { pattern: '*.log', exclusion: false },
    { pattern: '/', exclusion: false },
  ]);
  assert.equal(ig.hasExceptions, true);
  assert.equal(ig.isExcluded('build/x'), true);
  assert.equal(ig.isExcluded('src/a.log'), false);
  assert.equal(ig.isExcluded('a.log'), true);
});

test('bad patterns are errors naming the file', () => {
  for (const [text, message] of [
    ['!', '.dockerignore: illegal exclusion pattern: "!"'],
    ['a[', '.dockerignore: syntax error in pattern "a["'],
    ['a[]b', '.dockerignore: syntax error in pattern "a[]b"'],
    ['a[b-]', '.dockerignore: syntax error in pattern "a[b-]"'],
    ['a[z-a]', '.dockerignore: syntax error in pattern "a[z-a]"'],
    ['trailing\\', '.dockerignore: syntax error in pattern "trailing\\\\"'],
  ] as const) {
    assert.throws(
      () => parseDockerignore(text),
      (err: unknown) => isMinatoError(err, 'InvalidArgument') && err.message === message,
      text,
    );
  }
});

test('skipping directories: only when no exception can re-include something inside', () => {
  const plain = parseDockerignore('node_modules\nbuild\n!build/keep.txt\n!docs/*\n');
  assert.equal(plain.canSkipDirectory('node_modules'), true);
  assert.equal(plain.mayIncludeUnder('build'), true);
  assert.equal(plain.canSkipDirectory('build'), false);
  assert.equal(plain.isExcluded('build/other'), true);
  assert.equal(plain.isExcluded('build/keep.txt'), false);
  assert.equal(plain.canSkipDirectory('src'), false, 'not excluded at all');
  const nested = parseDockerignore('a\n!a/b/c\n');
  assert.equal(nested.mayIncludeUnder('a'), true);
  assert.equal(nested.mayIncludeUnder('a/b'), true);
  assert.equal(nested.mayIncludeUnder('a/x'), false);
  assert.equal(nested.canSkipDirectory('a/x'), true);
  const wildcard = parseDockerignore('*\n!**/*.go\n');
  assert.equal(wildcard.mayIncludeUnder('vendor'), true);
  assert.equal(parseDockerignore('*\n').mayIncludeUnder('anything'), false);
});

test('incremental matching while walking gives the same answers as isExcluded', () => {
  const ig = parseDockerignore('**\n!src\nsrc/**/*.tmp\n!src/keep.tmp\nlogs/*\n');
  const paths = ['src', 'src/a', 'src/a/b.tmp', 'src/keep.tmp', 'src/a/c.go', 'logs', 'logs/x', 'other', 'other/y'];
  const states = new Map<string, MatchState>();
  for (const p of paths) {
    const parent = p.includes('/') ? states.get(p.slice(0, p.lastIndexOf('/'))) : undefined;
    const r = ig.match(p, parent ?? ig.match('.').state);
    states.set(p, r.state);
    assert.equal(r.excluded, ig.isExcluded(p), p);
    assert.equal(ig.match(p).excluded, ig.isExcluded(p), `${p} without parent state`);
  }
});
