import assert from 'node:assert/strict';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { byteStringOf } from './byte-string.ts';
import { escapeDumpText, formatXattrDump, parseXattrDump, readXattrTree, restoreXattrs, unescapeDumpText } from './xattr-dump.ts';
import { makeTempDir, removeTempDir } from './testing.ts';

describe('xattr dump format', () => {
  it('escapes every byte getfattr could choke on and undoes it exactly', () => {
    let all = '';
    for (let byte = 1; byte < 256; byte++) all += String.fromCharCode(byte);
    const escaped = escapeDumpText(all);
    assert.match(escaped, /^[\x21-\x7e]*$/);
    assert.ok(!/[=\n]/.test(escaped));
    assert.equal(unescapeDumpText(escaped), all);
    assert.equal(escapeDumpText('a b\nc\\d=e'), 'a\\040b\\012c\\134d\\075e');
  });

  it('parses getfattr output and formats what setfattr reads', () => {
    const dump = Buffer.from('# file: /x/a\\012b\nuser.t=0x01ff80\nuser.x\\075y=0x\n\n# file: /x/d\ntrusted.overlay.opaque=0x79\n\n', 'latin1');
    const parsed = parseXattrDump(dump);
    assert.deepEqual(
      parsed,
      new Map([
        ['/x/a\nb', new Map([['user.t', Buffer.from([1, 0xff, 0x80])], ['user.x=y', Buffer.alloc(0)]])],
        ['/x/d', new Map([['trusted.overlay.opaque', Buffer.from('y')]])],
      ]),
    );
    assert.deepEqual(parseXattrDump(formatXattrDump(parsed)), parsed);
  });
});

describe('restoreXattrs and readXattrTree', () => {
  it('set and read user xattrs on awkward names with one spawn each', async () => {
    const tmp = await makeTempDir();
    try {
      const names = ['plain', 'with space', 'new\nline', 'back\\slash', 'eq=ual', 'caf\u00e9'];
      await fsp.mkdir(path.join(tmp, 'sub'));
      for (const name of names) await fsp.writeFile(path.join(tmp, 'sub', name), '');
      const wanted = new Map(names.map((name, i) => [`sub/${byteStringOf(name)}`, new Map([[`user.n${i}`, Buffer.from([i, 0xff, 0])]])]));
      const base = byteStringOf(tmp);
      await restoreXattrs([...wanted].map(([rel, xattrs]) => [`${base}/${rel}`, xattrs]));
      assert.deepEqual(await readXattrTree(tmp), wanted);
    } finally {
      await removeTempDir(tmp);
    }
  });
});
