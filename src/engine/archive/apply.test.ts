import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import * as zlib from 'node:zlib';
import { isMinatoError } from '../../util/errors.ts';
import { applyLayer } from './apply.ts';
import {
  buildTar,
  describeTree,
  dir,
  file,
  hardlink,
  isRoot,
  makeTempDir,
  removeTempDir,
  streamOf,
  symlink,
  type TestEntry,
} from './testing.ts';

/** A temp dir holding an empty `root` and, beside it, a `sentinel` dir that must never change. */
async function withRootAndSentinel(test: (root: string, sentinel: string) => Promise<void>): Promise<void> {
  const tmp = await makeTempDir();
  try {
    const root = path.join(tmp, 'root');
    const sentinel = path.join(tmp, 'sentinel');
    await fsp.mkdir(root);
    await fsp.mkdir(sentinel);
    await fsp.writeFile(path.join(sentinel, 'secret'), 'original');
    await test(root, sentinel);
  } finally {
    await removeTempDir(tmp);
  }
}

/** Applies a hostile layer: it must be refused naming `entry`, and nothing outside root may change. */
async function assertRefused(
  entries: (sentinel: string) => TestEntry[],
  entry: string | ((sentinel: string) => string),
  reason: RegExp,
): Promise<void> {
  await withRootAndSentinel(async (root, sentinel) => {
    const tmp = path.dirname(root);
    const before = await describeTree(tmp, { dirMtimes: false });
    const sentinelBefore = await describeTree(sentinel);
    const layer = await buildTar(entries(sentinel));
    const outcome = await applyLayer(streamOf(layer), root).then(
      () => undefined,
      (err: unknown) => err,
    );
    assert.deepEqual(await describeTree(sentinel), sentinelBefore, 'the sentinel directory changed');
    const outsideRoot = (lines: string[]) => lines.filter((line) => !line.startsWith('root/'));
    assert.deepEqual(outsideRoot(await describeTree(tmp, { dirMtimes: false })), outsideRoot(before), 'something outside the root changed');
    assert.ok(isMinatoError(outcome, 'InvalidArgument'), `want InvalidArgument, got ${String(outcome)}`);
    const name = typeof entry === 'string' ? entry : entry(sentinel);
    assert.ok(outcome.message.startsWith(`layer entry ${JSON.stringify(name)}: `), outcome.message);
    assert.match(outcome.message, reason);
  });
}

describe('applyLayer refuses hostile layers', () => {
  it('refuses an entry with ".."', async () => {
    await assertRefused(() => [file('../sentinel/secret', 'pwned')], '../sentinel/secret', /path leaves the root/);
  });

  it('refuses ".." even in the middle of a name', async () => {
    await assertRefused(() => [dir('a/'), file('a/../../sentinel/x', 'pwned')], 'a/../../sentinel/x', /path leaves the root/);
  });

  it('refuses an absolute entry name', async () => {
    await assertRefused(
      (sentinel) => [file(path.join(sentinel, 'pwned'), 'pwned')],
      (sentinel) => path.join(sentinel, 'pwned'),
      /path is absolute/,
    );
  });

  it('refuses a symlink whose relative target climbs out of the root', async () => {
    await assertRefused(() => [symlink('escape', '../sentinel')], 'escape', /symlink target "..\/sentinel" leaves the root/);
  });

  it('refuses a nested symlink climbing out with more ".." than depth', async () => {
    await assertRefused(
      () => [dir('a/'), dir('a/b/'), symlink('a/b/up', '../x/../../../sentinel/secret')],
      'a/b/up',
      /leaves the root/,
    );
  });

  it('refuses writing through an absolute symlink made earlier in the layer', async () => {
    await assertRefused((sentinel) => [symlink('evil', sentinel), file('evil/file', 'pwned')], 'evil/file', /path goes through symlink "evil"/);
  });

  it('refuses the symlink "evil -> .." before anything can be written through it', async () => {
    await assertRefused(() => [symlink('evil', '..'), file('evil/sentinel/secret', 'pwned')], 'evil', /leaves the root/);
  });

  it('refuses writing through a symlink that replaced a directory earlier in the layer', async () => {
    await assertRefused(
      (sentinel) => [dir('d/'), file('d/ok', 'fine'), symlink('d', sentinel), file('d/secret', 'pwned')],
      'd/secret',
      /path goes through symlink "d"/,
    );
  });

  it('refuses a directory entry below a symlink', async () => {
    await assertRefused((sentinel) => [symlink('evil', sentinel), dir('evil/sub/')], 'evil/sub/', /goes through symlink "evil"/);
  });

  it('refuses a hardlink to /etc/passwd', async () => {
    await assertRefused(() => [hardlink('passwd', '/etc/passwd')], 'passwd', /hardlink target "\/etc\/passwd" is absolute/);
  });

  it('refuses a hardlink with ".."', async () => {
    await assertRefused(() => [hardlink('stolen', '../sentinel/secret')], 'stolen', /hardlink target "..\/sentinel\/secret" leaves the root/);
  });

  it('refuses a hardlink whose target goes through a symlink', async () => {
    await assertRefused((sentinel) => [symlink('evil', sentinel), hardlink('stolen', 'evil/secret')], 'stolen', /goes through symlink "evil"/);
  });

  it('refuses a hardlink to something not in the layer', async () => {
    await assertRefused(() => [hardlink('ghost', 'nowhere')], 'ghost', /does not exist in the layer/);
  });

  it('refuses the whiteout ".wh.."', async () => {
    await assertRefused(() => [dir('a/'), file('a/.wh..', '')], 'a/.wh..', /whiteout names no file/);
  });

  it('refuses the whiteout ".wh..." (naming "..")', async () => {
    await assertRefused(() => [file('.wh...', '')], '.wh...', /whiteout names no file/);
  });

  it('refuses the empty whiteout ".wh."', async () => {
    await assertRefused(() => [file('.wh.', '')], '.wh.', /whiteout names no file/);
  });

  it('refuses a whiteout addressed through a parent symlink', async () => {
    await assertRefused((sentinel) => [symlink('evil', sentinel), file('evil/.wh.secret', '')], 'evil/.wh.secret', /goes through symlink "evil"/);
  });

  it('refuses an opaque marker addressed through a parent symlink', async () => {
    await assertRefused((sentinel) => [symlink('evil', sentinel), file('evil/.wh..wh..opq', '')], 'evil/.wh..wh..opq', /goes through symlink "evil"/);
  });

  it('refuses a root entry that is not a directory', async () => {
    await assertRefused(() => [file('./', 'x')], './', /root entry must be a directory/);
  });
});

describe('applyLayer', () => {
  it('replaces a final-component symlink instead of writing through it', async () => {
    await withRootAndSentinel(async (root, sentinel) => {
      const sentinelBefore = await describeTree(sentinel);
      const layer = await buildTar([symlink('target', path.join(sentinel, 'secret')), file('target', 'mine')]);
      await applyLayer(streamOf(layer), root);
      assert.deepEqual(await describeTree(sentinel), sentinelBefore);
      assert.ok((await fsp.lstat(path.join(root, 'target'))).isFile());
      assert.equal(await fsp.readFile(path.join(root, 'target'), 'utf8'), 'mine');
    });
  });

  it('unpacks a normal layer exactly', async () => {
    await withRootAndSentinel(async (root) => {
      const t = (seconds: number) => new Date(seconds * 1000);
      const owner = isRoot ? { uid: 1000, gid: 1001 } : {};
      const longName = `deep/${'x'.repeat(120)}/file`;
      const layer = await buildTar([
        dir('./', { mode: 0o755, mtime: t(1_500_000_000) }),
        dir('bin/', { mtime: t(1_500_000_001) }),
        file('bin/tool', '#!/bin/sh\necho hi\n', { mode: 0o4755, mtime: t(1_500_000_002) }),
        file('./bin/setgid', 'g', { mode: 0o2711, mtime: t(1_500_000_003), ...owner }),
        dir('etc/', { mode: 0o750, mtime: t(1_500_000_004), ...owner }),
        file('etc/conf', 'key=value\n', { mode: 0o640, mtime: t(1_500_000_005), ...owner }),
        symlink('etc/abs', '/etc/conf'),
        symlink('etc/rel', 'conf'),
        symlink('bin/up', '../etc/conf'),
        hardlink('etc/hard', 'etc/conf'),
        dir('private/', { mode: 0o700, mtime: t(1_500_000_006) }),
        dir('sticky/', { mode: 0o1777, mtime: t(1_500_000_007) }),
        file('implicit/parents/file', 'deep', { mtime: t(1_500_000_008) }),
        file('name with spaces é', 'unicode', { mtime: t(1_500_000_009) }),
        file(longName, 'long', { mtime: t(1_500_000_010) }),
        file('empty', '', { mode: 0o600, mtime: t(1_500_000_011) }),
        { header: { name: 'pipe', type: 'fifo', mode: 0o620, mtime: t(1_500_000_012) } },
        file('.wh..wh.plnk', 'reserved names are ignored'),
      ]);
      await applyLayer(streamOf(layer), root);

      const me = `${process.geteuid!()}:${process.getegid!()}`;
      const o = isRoot ? '1000:1001' : me;
      const uid0 = isRoot ? '0:0' : me;
      const lines = await describeTree(root);
      const sha = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 12);
      const implicitDirs = lines.filter((line) => /^(implicit|deep)/.test(line) && line.includes(' dir'));
      assert.deepEqual(
        implicitDirs.map((line) => line.replace(/ mtime=\d+$/, '')),
        ['deep', `deep/${'x'.repeat(120)}`, 'implicit', 'implicit/parents'].map((name) => `${name} 0755 ${uid0} dir`),
      );
      assert.deepEqual(
        lines.filter((line) => !implicitDirs.includes(line)),
        [
          `. 0755 ${uid0} dir mtime=1500000000`,
          `bin 0755 ${uid0} dir mtime=1500000001`,
          `bin/setgid 2711 ${o} file size=1 sha=${sha('g')} mtime=1500000003`,
          `bin/tool 4755 ${uid0} file size=18 sha=${sha('#!/bin/sh\necho hi\n')} mtime=1500000002`,
          `bin/up  ${uid0} symlink -> ../etc/conf`,
          `deep/${'x'.repeat(120)}/file 0644 ${uid0} file size=4 sha=${sha('long')} mtime=1500000010`,
          `empty 0600 ${uid0} file size=0 sha=${sha('')} mtime=1500000011`,
          `etc 0750 ${o} dir mtime=1500000004`,
          `etc/abs  ${uid0} symlink -> /etc/conf`,
          `etc/conf 0640 ${o} file size=10 sha=${sha('key=value\n')} mtime=1500000005 inode-of=etc/conf`,
          `etc/hard 0640 ${o} file size=10 sha=${sha('key=value\n')} mtime=1500000005 inode-of=etc/conf`,
          `etc/rel  ${uid0} symlink -> conf`,
          `implicit/parents/file 0644 ${uid0} file size=4 sha=${sha('deep')} mtime=1500000008`,
          `name with spaces é 0644 ${uid0} file size=7 sha=${sha('unicode')} mtime=1500000009`,
          `pipe 0620 ${uid0} fifo mtime=1500000012`,
          `private 0700 ${uid0} dir mtime=1500000006`,
          `sticky 1777 ${uid0} dir mtime=1500000007`,
        ],
      );
    });
  });

  it('updates only the metadata of an existing directory, and replaces other nodes', async () => {
    await withRootAndSentinel(async (root) => {
      const layer = await buildTar([
        dir('d/', { mode: 0o700 }),
        file('d/kept', 'kept'),
        dir('d/', { mode: 0o711 }),
        file('f', 'a file first'),
        dir('f/'),
        file('f/inside', 'then a directory'),
        dir('g/'),
        file('g/lost', 'replaced with its directory'),
        file('g', 'then a file'),
      ]);
      await applyLayer(streamOf(layer), root);
      assert.equal((await fsp.stat(path.join(root, 'd'))).mode & 0o7777, 0o711);
      assert.equal(await fsp.readFile(path.join(root, 'd/kept'), 'utf8'), 'kept');
      assert.equal(await fsp.readFile(path.join(root, 'f/inside'), 'utf8'), 'then a directory');
      assert.equal(await fsp.readFile(path.join(root, 'g'), 'utf8'), 'then a file');
    });
  });

  it('makes later entries wait for files still being written', async () => {
    await withRootAndSentinel(async (root, sentinel) => {
      const many = Array.from({ length: 40 }, (_, i) => file(`many/f${i}`, `content ${i}`));
      const layer = await buildTar([
        file('twice', 'one'),
        file('twice', 'two'),
        file('target', 'shared'),
        hardlink('alias', 'target'),
        file('kept', 'mine'),
        file('.wh.kept', ''),
        ...many,
        file('many', 'a file now'),
        ...many.map((entry) => ({ ...entry, header: { ...entry.header, name: entry.header.name.replace('many/', 'again/') } })),
        symlink('again', sentinel),
      ]);
      await applyLayer(streamOf(layer), root);
      const read = (rel: string) => fsp.readFile(path.join(root, rel), 'utf8');
      assert.equal(await read('twice'), 'two');
      assert.equal((await fsp.stat(path.join(root, 'alias'))).ino, (await fsp.stat(path.join(root, 'target'))).ino);
      assert.equal(await read('alias'), 'shared');
      assert.equal(await read('kept'), 'mine');
      assert.equal(await read('many'), 'a file now');
      assert.equal(await fsp.readlink(path.join(root, 'again')), sentinel);
      assert.deepEqual(await fsp.readdir(sentinel), ['secret']);
    });
  });

  it('refuses a name the filesystem cannot hold, naming the entry', async () => {
    await withRootAndSentinel(async (root) => {
      const name = `dir/${'n'.repeat(300)}`;
      await assert.rejects(applyLayer(streamOf(await buildTar([file(name, 'x')])), root), (err: unknown) => {
        assert.ok(isMinatoError(err, 'InvalidArgument'), String(err));
        assert.ok(err.message.startsWith(`layer entry "${name}": `), err.message);
        return true;
      });
    });
  });

  it('skips the bookkeeping of old AUFS layers', async () => {
    await withRootAndSentinel(async (root) => {
      const layer = await buildTar([dir('.wh..wh.plnk/'), file('.wh..wh.plnk/123.456', 'x'), dir('a/'), file('a/.wh..wh.aufs', ''), file('a/f', 'f')]);
      await applyLayer(streamOf(layer), root);
      assert.deepEqual(await fsp.readdir(root), ['a']);
      assert.deepEqual(await fsp.readdir(path.join(root, 'a')), ['f']);
    });
  });

  for (const [compression, compress] of [
    ['plain', (data: Buffer) => data],
    ['gzip', (data: Buffer) => zlib.gzipSync(data)],
    ['zstd', (data: Buffer) => zlib.zstdCompressSync(data)],
  ] as const) {
    it(`returns sha256 of the uncompressed tar as diffId (${compression})`, async () => {
      await withRootAndSentinel(async (root) => {
        const tar = await buildTar([dir('a/'), file('a/b', 'x'.repeat(1000)), file('c', Buffer.alloc(70_000, 7))]);
        // Writers pad archives to a record size; the padding is part of the digest.
        const uncompressed = Buffer.concat([tar, Buffer.alloc(10240 - (tar.length % 10240))]);
        const expected = `sha256:${createHash('sha256').update(uncompressed).digest('hex')}`;
        // Three-byte chunks: the compression must be sniffed across chunks.
        const result = await applyLayer(streamOf(compress(uncompressed), 3), root);
        assert.deepEqual(result, { diffId: expected, size: uncompressed.length });
        assert.equal(await fsp.readFile(path.join(root, 'a/b'), 'utf8'), 'x'.repeat(1000));
        assert.equal((await fsp.readFile(path.join(root, 'c'))).length, 70_000);
      });
    });
  }

  it('refuses a truncated layer', async () => {
    await withRootAndSentinel(async (root) => {
      const tar = await buildTar([file('big', Buffer.alloc(5000, 1))]);
      await assert.rejects(applyLayer(streamOf(tar.subarray(0, 2000)), root), /truncated/);
    });
  });

  it('refuses corrupt gzip data as an invalid layer', async () => {
    await withRootAndSentinel(async (root) => {
      const gz = zlib.gzipSync(await buildTar([file('a', 'a')]));
      gz[20] ^= 0xff;
      await assert.rejects(applyLayer(streamOf(gz), root), (err: unknown) => {
        assert.ok(isMinatoError(err, 'InvalidArgument'), String(err));
        assert.match(err.message, /not valid gzip data|invalid tar/);
        return true;
      });
    });
  });
});
