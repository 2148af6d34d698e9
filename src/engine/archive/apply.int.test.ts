// applyLayer behaviour that needs root: whiteouts, opaque directories, devices, ownership, xattrs
// in the trusted and security namespaces, and the result used as a real overlay lower layer.
import assert from 'node:assert/strict';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { runCommand } from '../../util/exec.ts';
import { applyLayer } from './apply.ts';
import { encodeEntryHeader, END_OF_ARCHIVE, paddingFor } from './tar-writer.ts';
import { readXattrTree } from './xattr-dump.ts';
import { buildTar, dir, file, hardlink, isRoot, makeTempDir, removeTempDir, streamOf, xattrsOf } from './testing.ts';

const needsRoot = { skip: isRoot ? false : 'needs root' };

async function withTempDir(test: (tmp: string) => Promise<void>): Promise<void> {
  const tmp = await makeTempDir();
  try {
    await test(tmp);
  } finally {
    await removeTempDir(tmp);
  }
}

async function applyInto(tmp: string, name: string, layer: Buffer): Promise<string> {
  const root = path.join(tmp, name);
  await fsp.mkdir(root);
  await applyLayer(streamOf(layer), root);
  return root;
}

const isWhiteout = async (file: string) => {
  const stat = await fsp.lstat(file);
  return stat.isCharacterDevice() && stat.rdev === 0;
};

describe('applyLayer as root', needsRoot, () => {
  it('turns OCI whiteouts into 0:0 character devices and opaque markers into the overlay xattr', async () => {
    await withTempDir(async (tmp) => {
      const root = await applyInto(
        tmp,
        'layer',
        await buildTar([
          file('.wh.gone', ''),
          dir('etc/'),
          file('etc/.wh.passwd-', ''),
          file('deep/er/.wh.x', ''), // parents that are not in the layer are created
          dir('opq/', { mode: 0o711 }),
          file('opq/.wh..wh..opq', ''),
          file('opq/kept', 'new'),
        ]),
      );
      for (const whiteout of ['gone', 'etc/passwd-', 'deep/er/x']) assert.ok(await isWhiteout(path.join(root, whiteout)), whiteout);
      assert.deepEqual((await fsp.readdir(root)).sort(), ['deep', 'etc', 'gone', 'opq']);
      assert.deepEqual(await xattrsOf(path.join(root, 'opq')), { 'trusted.overlay.opaque': 'y' });
      assert.equal((await fsp.stat(path.join(root, 'opq'))).mode & 0o7777, 0o711);
      assert.deepEqual(await xattrsOf(path.join(root, 'etc')), {});
    });
  });

  it('lets the layer hide lower files in a real overlay mount', async () => {
    await withTempDir(async (tmp) => {
      const lower = path.join(tmp, 'lower');
      await fsp.mkdir(path.join(lower, 'opq'), { recursive: true });
      await fsp.writeFile(path.join(lower, 'gone'), 'old');
      await fsp.writeFile(path.join(lower, 'opq/hidden'), 'old');
      await fsp.writeFile(path.join(lower, 'stays'), 'old');
      const layer = await applyInto(tmp, 'layer', await buildTar([file('.wh.gone', ''), dir('opq/'), file('opq/.wh..wh..opq', ''), file('opq/new', 'n')]));
      const merged = path.join(tmp, 'merged');
      await fsp.mkdir(merged);
      await runCommand('mount', ['-t', 'overlay', 'overlay', '-o', `lowerdir=${layer}:${lower}`, merged]);
      try {
        assert.deepEqual((await fsp.readdir(merged)).sort(), ['opq', 'stays']);
        assert.deepEqual(await fsp.readdir(path.join(merged, 'opq')), ['new']);
      } finally {
        await runCommand('umount', [merged]);
      }
    });
  });

  it('lets content of the layer win over its own whiteout, in either order', async () => {
    await withTempDir(async (tmp) => {
      const root = await applyInto(tmp, 'layer', await buildTar([file('a', 'first'), file('.wh.a', ''), file('.wh.b', ''), file('b', 'after')]));
      assert.equal(await fsp.readFile(path.join(root, 'a'), 'utf8'), 'first');
      assert.equal(await fsp.readFile(path.join(root, 'b'), 'utf8'), 'after');
    });
  });

  it('sets owners, keeps setuid and setgid after chown, and makes device nodes', async () => {
    await withTempDir(async (tmp) => {
      const root = await applyInto(
        tmp,
        'layer',
        await buildTar([
          dir('./', { mode: 0o755, uid: 0, gid: 0 }),
          dir('home/user/', { mode: 0o2750, uid: 1000, gid: 1000 }),
          file('home/user/tool', 'x', { mode: 0o6755, uid: 1000, gid: 50 }),
          { header: { name: 'dev/null', type: 'character-device', devmajor: 1, devminor: 3, mode: 0o666, uid: 0, gid: 0 } },
          { header: { name: 'dev/loop0', type: 'block-device', devmajor: 7, devminor: 0, mode: 0o660, uid: 0, gid: 6 } },
          { header: { name: 'run/fifo', type: 'fifo', mode: 0o640, uid: 33, gid: 33 } },
          hardlink('run/fifo-too', 'run/fifo'),
        ]),
      );
      const stat = async (rel: string) => fsp.lstat(path.join(root, rel));
      const tool = await stat('home/user/tool');
      assert.deepEqual([tool.mode & 0o7777, tool.uid, tool.gid], [0o6755, 1000, 50]);
      const home = await stat('home/user');
      assert.deepEqual([home.mode & 0o7777, home.uid, home.gid], [0o2750, 1000, 1000]);
      const devNull = await stat('dev/null');
      assert.ok(devNull.isCharacterDevice());
      assert.deepEqual([devNull.rdev, devNull.mode & 0o7777], [(1 << 8) | 3, 0o666]);
      const loop = await stat('dev/loop0');
      assert.ok(loop.isBlockDevice());
      assert.deepEqual([loop.rdev, loop.mode & 0o7777, loop.gid], [7 << 8, 0o660, 6]);
      const fifo = await stat('run/fifo');
      assert.ok(fifo.isFIFO());
      assert.deepEqual([fifo.mode & 0o7777, fifo.uid, fifo.nlink], [0o640, 33, 2]);
      assert.equal((await stat('run/fifo-too')).ino, fifo.ino);
    });
  });

  it('applies user.* and security.capability xattrs and ignores every other namespace', async () => {
    await withTempDir(async (tmp) => {
      // cap_net_raw+ep, binary: tar-stream could not write this, so the layer uses Minato's writer.
      const capability = Buffer.from('0100000200200000000000000000000000000000', 'hex');
      const hostile = new Map([
        ['trusted.overlay.opaque', Buffer.from('y')],
        ['trusted.overlay.redirect', Buffer.from('/etc')],
        ['security.selinux', Buffer.from('system_u:object_r:shadow_t:s0')],
        ['user.overlay.opaque', Buffer.from('y')],
      ]);
      const headerBase = { mode: 0o755, uid: 0, gid: 0, size: 0, mtime: 1_700_000_000 };
      const odd = 'odd name\n\\=\xe9'; // a byte string: the last byte is not UTF-8
      const layer = Buffer.concat([
        encodeEntryHeader({ ...headerBase, name: 'dir/', type: 'directory', xattrs: new Map([...hostile, ['user.kept', Buffer.from('yes')]]) }),
        encodeEntryHeader({ ...headerBase, name: 'dir/ping', type: 'file', size: 4, xattrs: new Map([['security.capability', capability]]) }),
        Buffer.from('ping'),
        paddingFor(4),
        encodeEntryHeader({ ...headerBase, name: `dir/${odd}`, type: 'file', xattrs: new Map([['user.bin', Buffer.from([0, 0xff])]]) }),
        END_OF_ARCHIVE,
      ]);
      const root = await applyInto(tmp, 'layer', layer);
      assert.deepEqual(await xattrsOf(path.join(root, 'dir')), { 'user.kept': 'yes' });
      assert.deepEqual(await xattrsOf(path.join(root, 'dir/ping')), { 'security.capability': capability.toString('latin1') });
      const { stdout } = await runCommand('getcap', [path.join(root, 'dir/ping')], { allowFailure: true });
      if (stdout !== '') assert.match(stdout, /cap_net_raw[=+]ep/);
      assert.ok((await fsp.lstat(Buffer.from(`${root}/dir/${odd}`, 'latin1'))).isFile());
      assert.deepEqual((await readXattrTree(root)).get(`dir/${odd}`), new Map([['user.bin', Buffer.from([0, 0xff])]]));
    });
  });
});
