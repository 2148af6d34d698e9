import assert from 'node:assert/strict';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import * as tar from 'tar-stream';
import { runCommand } from '../../util/exec.ts';
import { byteStringOf } from './byte-string.ts';
import { decodePaxRecords, encodePaxRecords } from './tar-format.ts';
import { readTarEntries, type TarHeader } from './tar-reader.ts';
import { encodeEntryHeader, END_OF_ARCHIVE, paddingFor, type TarWriteHeader } from './tar-writer.ts';
import { makeTempDir, removeTempDir, streamOf } from './testing.ts';

function archiveOf(entries: readonly { header: TarWriteHeader; data?: Buffer }[]): Buffer {
  const parts: Buffer[] = [];
  for (const { header, data } of entries) {
    parts.push(encodeEntryHeader(header));
    if (data) parts.push(data, paddingFor(data.length));
  }
  parts.push(END_OF_ARCHIVE);
  return Buffer.concat(parts);
}

const base = { mode: 0o644, uid: 0, gid: 0, size: 0, mtime: 1_700_000_000 };
const longDir = `${'a'.repeat(99)}/${'b'.repeat(99)}/`;
const unicode = byteStringOf('données/été.txt');
const sample: { header: TarWriteHeader; data?: Buffer }[] = [
  { header: { ...base, name: 'dir/', type: 'directory', mode: 0o755 } },
  { header: { ...base, name: 'dir/mode-zero', type: 'file', mode: 0, size: 3 }, data: Buffer.from('abc') },
  { header: { ...base, name: 'dir/setuid', type: 'file', mode: 0o4755, uid: 1000, gid: 1000, size: 0 } },
  { header: { ...base, name: `${longDir}${'c'.repeat(99)}`, type: 'file', size: 1 }, data: Buffer.from('L') },
  { header: { ...base, name: `${'x'.repeat(300)}`, type: 'file', size: 1 }, data: Buffer.from('X') },
  { header: { ...base, name: unicode, type: 'file', size: 2 }, data: Buffer.from('ok') },
  { header: { ...base, name: 'dir/link', type: 'symlink', linkname: `/${'t'.repeat(150)}` } },
  { header: { ...base, name: 'dir/hard', type: 'link', linkname: 'dir/setuid' } },
  { header: { ...base, name: 'dev/sda', type: 'block', mode: 0o660, devmajor: 8, devminor: 0 } },
  { header: { ...base, name: 'dir/fifo', type: 'fifo' } },
  { header: { ...base, name: 'big-ids', type: 'file', uid: 5_000_000, gid: 4_000_000 } },
];

describe('encodeEntryHeader', () => {
  it('writes archives tar-stream reads back', async () => {
    const extract = tar.extract();
    const seen: [string, string, number, string][] = [];
    const done = (async () => {
      for await (const entry of extract) {
        const chunks: Buffer[] = [];
        for await (const chunk of entry) chunks.push(chunk as Buffer);
        const { name, type, mode, linkname } = entry.header;
        seen.push([name, type, mode, linkname ?? '']);
        assert.equal(Buffer.concat(chunks).length, entry.header.size);
      }
    })();
    extract.end(archiveOf(sample));
    await done;
    assert.deepEqual(seen, [
      ['dir/', 'directory', 0o755, ''],
      ['dir/mode-zero', 'file', 0, ''],
      ['dir/setuid', 'file', 0o4755, ''],
      [`${longDir}${'c'.repeat(99)}`, 'file', 0o644, ''],
      ['x'.repeat(300), 'file', 0o644, ''],
      ['données/été.txt', 'file', 0o644, ''],
      ['dir/link', 'symlink', 0o644, `/${'t'.repeat(150)}`],
      ['dir/hard', 'link', 0o644, 'dir/setuid'],
      ['dev/sda', 'block-device', 0o660, ''],
      ['dir/fifo', 'fifo', 0o644, ''],
      ['big-ids', 'file', 0o644, ''],
    ]);
  });

  it('round-trips through readTarEntries, binary xattrs and large ids included', async () => {
    const capability = Buffer.from('0100000280000000000000000000000000000000', 'hex');
    const withXattrs: TarWriteHeader = {
      ...base,
      name: 'ping',
      type: 'file',
      mtime: -5,
      xattrs: new Map([
        ['security.capability', capability],
        ['user.empty', Buffer.alloc(0)],
      ]),
    };
    const headers = [...sample.map((entry) => entry.header), withXattrs];
    const read: TarHeader[] = [];
    for await (const { header } of readTarEntries(streamOf(archiveOf([...sample, { header: withXattrs }]), 1000))) read.push(header);
    assert.equal(read.length, headers.length);
    for (const [i, header] of headers.entries()) {
      const got = read[i]!;
      assert.deepEqual(
        [got.name, got.type, got.mode, got.uid, got.gid, got.size, got.mtime, got.linkname, got.devmajor, got.devminor],
        [header.name, header.type, header.mode, header.uid, header.gid, header.size, header.mtime, header.linkname ?? '', header.devmajor ?? 0, header.devminor ?? 0],
      );
      assert.deepEqual(got.xattrs, new Map(header.xattrs ?? []));
    }
  });

  it('writes archives GNU tar lists without complaint', async () => {
    const tmp = await makeTempDir();
    try {
      const archive = path.join(tmp, 'layer.tar');
      await fsp.writeFile(archive, archiveOf(sample));
      const { stdout, stderr } = await runCommand('tar', ['--numeric-owner', '-tvf', archive]);
      assert.equal(stderr, '');
      const lines = stdout.trim().split('\n');
      assert.equal(lines.length, sample.length);
      assert.match(lines[1]!, /^---------- 0\/0 +3 .* dir\/mode-zero$/);
      assert.match(lines[2]!, /^-rwsr-xr-x 1000\/1000 .* dir\/setuid$/);
      assert.match(lines[5]!, /données\/été\.txt$/);
      assert.match(lines[8]!, /^brw-rw---- 0\/0 +8,0 .* dev\/sda$/);
      assert.match(lines[10]!, /^-rw-r--r-- 5000000\/4000000 .* big-ids$/);
    } finally {
      await removeTempDir(tmp);
    }
  });
});

describe('PAX records', () => {
  it('encode lengths that count their own digits, at every digit boundary', () => {
    for (let length = 0; length < 1100; length++) {
      const records = new Map([['k', Buffer.alloc(length, 0x41)]]);
      const encoded = encodePaxRecords(records);
      assert.equal(parseInt(encoded.toString('latin1'), 10), encoded.length, `value length ${length}`);
      assert.deepEqual(decodePaxRecords(encoded), records);
    }
  });
});
