import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkSymlinkTarget, entryComponents, hardlinkTargetComponents } from './entry-path.ts';

describe('entryComponents', () => {
  it('drops "." and empty components', () => {
    assert.deepEqual(entryComponents('./a//b/./c/'), ['a', 'b', 'c']);
    assert.deepEqual(entryComponents('./'), []);
    assert.deepEqual(entryComponents('.'), []);
    assert.deepEqual(entryComponents('...'), ['...']);
  });

  it('refuses absolute names and ".."', () => {
    assert.throws(() => entryComponents('/etc/passwd'), /^MinatoError: layer entry "\/etc\/passwd": path is absolute$/);
    assert.throws(() => entryComponents('../etc/passwd'), /layer entry "..\/etc\/passwd": path leaves the root/);
    assert.throws(() => entryComponents('a/b/../c'), /path leaves the root/);
    assert.throws(() => entryComponents('a\0b'), /NUL/);
  });
});

describe('hardlinkTargetComponents', () => {
  it('accepts targets inside the root and refuses the rest', () => {
    assert.deepEqual(hardlinkTargetComponents('x', './usr/bin/a'), ['usr', 'bin', 'a']);
    assert.throws(() => hardlinkTargetComponents('x', '/etc/passwd'), /layer entry "x": hardlink target "\/etc\/passwd" is absolute/);
    assert.throws(() => hardlinkTargetComponents('x', 'a/../../b'), /leaves the root/);
    assert.throws(() => hardlinkTargetComponents('x', './'), /is the root directory/);
    assert.throws(() => hardlinkTargetComponents('x', ''), /has no target/);
  });
});

describe('checkSymlinkTarget', () => {
  const accepts = (link: string, target: string) => checkSymlinkTarget(link, link.split('/'), target);
  it('accepts absolute targets and relative ones that stay inside', () => {
    accepts('a', '/anything/../../at/all');
    accepts('a/b/c', '../../x');
    accepts('a/b', 'c/../../d');
    accepts('a', '.');
  });

  it('refuses relative targets that climb above the root', () => {
    assert.throws(() => accepts('a', '..'), /layer entry "a": symlink target ".." leaves the root/);
    assert.throws(() => accepts('a/b/c', '../../../x'), /leaves the root/);
    assert.throws(() => accepts('a/b', 'c/../../../d/e'), /leaves the root/);
    assert.throws(() => accepts('a', ''), /no target/);
  });
});
