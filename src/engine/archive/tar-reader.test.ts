import assert from 'node:assert/strict';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { isMinatoError } from '../../util/errors.ts';
import { runCommand } from '../../util/exec.ts';
import { byteStringOf, textOf } from './byte-string.ts';
import { BLOCK_SIZE, decodeHeaderBlock, encodeHeaderBlock } from './tar-format.ts';
import { readTarEntries, type TarHeader } from './tar-reader.ts';
import { buildTar, dir, file, hardlink, makeTempDir, removeTempDir, streamOf, symlink } from './testing.ts';

interface ReadEntry {
  header: TarHeader;
  body: Buffer;
}

async function readAll(tar: Buffer | Readable): Promise<ReadEntry[]> {
  const entries: ReadEntry[] = [];
  for await (const { header, body } of readTarEntries(Buffer.isBuffer(tar) ? streamOf(tar, 700) : tar)) {
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(chunk);
    entries.push({ header, body: Buffer.concat(chunks) });
  }
  return entries;
}

async function rejectsInvalid(tar: Buffer, message: RegExp): Promise<void> {
  await assert.rejects(readAll(tar), (err: unknown) => {
    assert.ok(isMinatoError(err, 'InvalidArgument'), String(err));
    assert.match(err.message, message);
    return true;
  });
}

describe('readTarEntries', () => {
  it('reads what tar-stream writes', async () => {
    const longName = `${'d'.repeat(80)}/${'e'.repeat(80)}/${'f'.repeat(120)}`;
    const tar = await buildTar([
      dir('a/', { mode: 0o750, uid: 12, gid: 34, mtime: new Date(1_234_567_890_000) }),
      file('a/file', 'hello', { mode: 0o4711 }),
      symlink('a/sym', '../target'),
      hardlink('a/hard', 'a/file'),
      file(longName, 'long'),
      file('a/é', 'utf-8 name'),
      { header: { name: 'a/x', type: 'file', pax: { 'SCHILY.xattr.user.note': 'text' } }, content: 'x' },
      { header: { name: 'dev/null', type: 'character-device', devmajor: 1, devminor: 3, mode: 0o666 } },
    ]);
    const entries = await readAll(tar);
    assert.deepEqual(
      entries.map(({ header }) => [textOf(header.name), header.type, header.size, textOf(header.linkname)]),
      [
        ['a/', 'directory', 0, ''],
        ['a/file', 'file', 5, ''],
        ['a/sym', 'symlink', 0, '../target'],
        ['a/hard', 'link', 0, 'a/file'],
        [longName, 'file', 4, ''],
        ['a/é', 'file', 10, ''],
        ['a/x', 'file', 1, ''],
        ['dev/null', 'char', 0, ''],
      ],
    );
    const [a, aFile] = entries;
    assert.deepEqual([a!.header.mode, a!.header.uid, a!.header.gid, a!.header.mtime], [0o750, 12, 34, 1_234_567_890]);
    assert.equal(aFile!.header.mode, 0o4711);
    assert.equal(aFile!.body.toString(), 'hello');
    assert.equal(entries[4]!.body.toString(), 'long');
    assert.deepEqual([...entries[6]!.header.xattrs], [['user.note', Buffer.from('text')]]);
    assert.deepEqual([entries[7]!.header.devmajor, entries[7]!.header.devminor, entries[7]!.header.mode], [1, 3, 0o666]);
  });

  it('reads GNU tar archives: long names, binary xattrs, huge ids', async () => {
    const tmp = await makeTempDir();
    try {
      const src = path.join(tmp, 'src');
      const long = `${'n'.repeat(150)}/${'m'.repeat(150)}`;
      await fsp.mkdir(path.join(src, long), { recursive: true });
      await fsp.writeFile(path.join(src, long, 'f'), 'deep');
      await fsp.symlink(`${'t'.repeat(200)}`, path.join(src, 'longlink'));
      await fsp.writeFile(path.join(src, 'xattr'), 'x');
      await runCommand('setfattr', ['-n', 'user.bin', '-v', '0x00ff80fe', path.join(src, 'xattr')]);
      for (const format of ['gnu', 'posix']) {
        const archive = path.join(tmp, `${format}.tar`);
        const extra = format === 'posix' ? ['--xattrs', '--xattrs-include=user.*'] : [];
        await runCommand('tar', ['-C', src, `--format=${format}`, '--owner=big:3000000', '--group=big:3000001', ...extra, '-cf', archive, '.']);
        const entries = await readAll(await fsp.readFile(archive));
        const byName = new Map(entries.map((entry) => [textOf(entry.header.name), entry]));
        assert.equal(byName.get(`./${long}/f`)?.body.toString(), 'deep', format);
        assert.equal(byName.get('./longlink')?.header.linkname, 't'.repeat(200), format);
        assert.equal(byName.get('./xattr')?.header.uid, 3_000_000, format);
        assert.equal(byName.get('./xattr')?.header.gid, 3_000_001, format);
        if (format === 'posix') assert.deepEqual(byName.get('./xattr')?.header.xattrs.get('user.bin'), Buffer.from([0, 0xff, 0x80, 0xfe]));
      }
    } finally {
      await removeTempDir(tmp);
    }
  });

  it('skips unread bodies and consumes the source to its very end', async () => {
    const tar = await buildTar([file('a', Buffer.alloc(1500, 1)), file('b', 'second')]);
    const padded = Buffer.concat([tar, Buffer.alloc(8192)]);
    let consumed = 0;
    const source = Readable.from(
      (async function* () {
        for (let offset = 0; offset < padded.length; offset += 1000) {
          const chunk = padded.subarray(offset, offset + 1000);
          consumed += chunk.length;
          yield chunk;
        }
      })(),
    );
    const names: string[] = [];
    let secondBody = '';
    for await (const { header, body } of readTarEntries(source)) {
      names.push(header.name);
      if (header.name === 'b') for await (const chunk of body) secondBody += chunk.toString();
    }
    assert.deepEqual(names, ['a', 'b']);
    assert.equal(secondBody, 'second');
    assert.equal(consumed, padded.length);
  });

  it('accepts an archive that ends without the end-of-archive marker', async () => {
    const tar = await buildTar([file('a', 'x')]);
    const entries = await readAll(tar.subarray(0, 2 * BLOCK_SIZE));
    assert.deepEqual(entries.map((entry) => entry.body.toString()), ['x']);
  });

  it('treats old-style "\\0" entries with a trailing slash as directories', async () => {
    const block = encodeHeaderBlock({
      ...decodeHeaderBlock((await buildTar([file('old/', '')])).subarray(0, BLOCK_SIZE)),
      typeFlag: '\0',
    });
    const [entry] = await readAll(Buffer.concat([block, Buffer.alloc(1024)]));
    assert.equal(entry!.header.type, 'directory');
  });

  it('refuses a corrupt header', async () => {
    const tar = await buildTar([file('a', 'x')]);
    tar[10] ^= 1;
    await rejectsInvalid(tar, /checksum mismatch/);
  });

  it('refuses a truncated archive', async () => {
    const tar = await buildTar([file('a', Buffer.alloc(3000))]);
    await rejectsInvalid(tar.subarray(0, 1300), /truncated/);
    await rejectsInvalid(tar.subarray(0, 300), /truncated/);
  });

  it('refuses data after a single zero block', async () => {
    const tar = await buildTar([file('a', 'x')]);
    const header = tar.subarray(0, BLOCK_SIZE);
    await rejectsInvalid(Buffer.concat([tar.subarray(0, 2 * BLOCK_SIZE), Buffer.alloc(BLOCK_SIZE), header]), /data after a zero block/);
  });

  it('refuses entry types it cannot unpack, naming the entry', async () => {
    const sparse = encodeHeaderBlock({
      ...decodeHeaderBlock((await buildTar([file('holes', '')])).subarray(0, BLOCK_SIZE)),
      typeFlag: 'S',
    });
    await rejectsInvalid(Buffer.concat([sparse, Buffer.alloc(1024)]), /^layer entry "holes": unsupported tar entry type "S"/);
  });

  it('keeps names that are not UTF-8 byte for byte', async () => {
    const name = Buffer.from([0x61, 0xe9, 0xff, 0x2f, 0x62]).toString('latin1'); // "a\xe9\xff/b"
    const block = encodeHeaderBlock({
      ...decodeHeaderBlock((await buildTar([file('placeholder', '')])).subarray(0, BLOCK_SIZE)),
      name,
    });
    const [entry] = await readAll(Buffer.concat([block, Buffer.alloc(1024)]));
    assert.equal(entry!.header.name, name);
    assert.notEqual(entry!.header.name, byteStringOf(textOf(name)));
  });
});
