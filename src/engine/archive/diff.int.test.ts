// createLayerDiff on a real overlayfs upper dir, and the round trip: the diff applied with
// applyLayer on top of the same lower gives the same merged view.
import assert from 'node:assert/strict';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import * as tar from 'tar-stream';
import { runCommand } from '../../util/exec.ts';
import { applyLayer } from './apply.ts';
import { createLayerDiff } from './diff.ts';
import { describeTree, isRoot, makeTempDir, removeTempDir, streamOf, xattrsOf } from './testing.ts';

const needsRoot = { skip: isRoot ? false : 'needs root' };
const OVERLAY_OPTIONS = 'index=off,metacopy=off,redirect_dir=off';

interface ListedEntry {
  name: string;
  type: string;
  mode: number;
  uid: number;
  size: number;
  linkname: string;
  pax: Record<string, string>;
}

/** The entries of a tar as tar-stream (an independent reader) sees them. */
async function listTar(data: Buffer): Promise<ListedEntry[]> {
  const extract = tar.extract();
  const entries: ListedEntry[] = [];
  const done = (async () => {
    for await (const entry of extract) {
      for await (const _ of entry) {
        // bodies are not needed
      }
      const { name, type, mode, uid, size, linkname, pax } = entry.header;
      entries.push({ name, type, mode, uid, size, linkname: linkname ?? '', pax: (pax ?? {}) as Record<string, string> });
    }
  })();
  extract.end(data);
  await done;
  return entries;
}

async function readStream(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function populateLower(lower: string): Promise<void> {
  const write = async (rel: string, content: string, mode = 0o644) => {
    await fsp.mkdir(path.dirname(path.join(lower, rel)), { recursive: true });
    await fsp.writeFile(path.join(lower, rel), content, { mode });
  };
  await write('keep', 'lower keep');
  await write('modify', 'old content');
  await write('delete-me', 'doomed');
  await write('chmod-me', '#!/bin/sh\n');
  await write('dir/a', 'a');
  await write('dir/b', 'b');
  await write('delete-dir/x', 'x');
  await write('sub/deep/file', 'untouched');
  await write('sub/deep/touched', 'will be copied up');
  const old = new Date(1_500_000_000_000);
  for (const rel of ['dir', 'delete-dir', 'sub/deep', 'sub', '.']) await fsp.utimes(path.join(lower, rel), old, old);
}

/** The changes a container might make, all through the overlay mount. */
async function changeThroughMount(merged: string): Promise<void> {
  const at = (rel: string) => path.join(merged, rel);
  await fsp.writeFile(at('new-file'), 'brand new', { mode: 0o600 });
  await fsp.chown(at('new-file'), 1234, 1235);
  await runCommand('setfattr', ['-n', 'user.note', '-v', 'hello', at('new-file')]);
  await fsp.mkdir(at('new-dir/nested'), { recursive: true });
  await fsp.writeFile(at('new-dir/nested/file'), 'nested');
  await fsp.writeFile(at('modify'), 'new content, longer than before');
  await fsp.rm(at('delete-me'));
  await fsp.rm(at('dir'), { recursive: true });
  await fsp.mkdir(at('dir'), { mode: 0o750 });
  await fsp.writeFile(at('dir/c'), 'c');
  await fsp.rm(at('delete-dir'), { recursive: true });
  await fsp.mkdir(at('links'));
  await fsp.writeFile(at('links/one'), 'linked');
  await fsp.link(at('links/one'), at('links/two'));
  await fsp.chmod(at('chmod-me'), 0o4755);
  await fsp.symlink('/keep', at('new-link'));
  await fsp.writeFile(at('sub/deep/touched'), 'changed');
  await fsp.writeFile(at('odd name\nwith=chars'), 'odd');
  await runCommand('mkfifo', [at('pipe')]);
}

describe('createLayerDiff', needsRoot, () => {
  it('turns an overlay upper dir into an OCI layer that reproduces the merged view', async () => {
    const tmp = await makeTempDir();
    const mounted: string[] = [];
    const mount = async (options: string, target: string) => {
      await fsp.mkdir(target);
      await runCommand('mount', ['-t', 'overlay', 'overlay', '-o', options, target]);
      mounted.push(target);
    };
    const unmount = async (target: string) => {
      await runCommand('umount', [target]);
      mounted.splice(mounted.indexOf(target), 1);
    };
    try {
      const dirs = Object.fromEntries(['lower', 'upper', 'work', 'lower-copy', 'layer', 'work2', 'upper2'].map((name) => [name, path.join(tmp, name)]));
      for (const dir of Object.values(dirs)) await fsp.mkdir(dir);
      await populateLower(dirs.lower!);
      await runCommand('cp', ['-a', `${dirs.lower}/.`, dirs['lower-copy']!]);

      const merged1 = path.join(tmp, 'merged1');
      await mount(`lowerdir=${dirs.lower},upperdir=${dirs.upper},workdir=${dirs.work},${OVERLAY_OPTIONS}`, merged1);
      await changeThroughMount(merged1);
      const firstView = await describeTree(merged1);
      await unmount(merged1);

      const diff = await readStream(createLayerDiff(dirs.upper!));
      assert.deepEqual(await readStream(createLayerDiff(dirs.upper!)), diff, 'the diff is deterministic');
      const entries = await listTar(diff);
      const names = entries.map((entry) => entry.name);
      const byName = new Map(entries.map((entry) => [entry.name, entry]));

      assert.deepEqual(names, [...names].sort((a, b) => Buffer.compare(Buffer.from(a.replace(/\/$/, '')), Buffer.from(b.replace(/\/$/, '')))));
      for (const name of names) assert.ok(!name.startsWith('/') && !name.startsWith('./'), name);
      assert.ok(!names.includes('keep') && !names.includes('sub/deep/file'), 'unchanged lower files stay out');
      for (const whiteout of ['.wh.delete-me', '.wh.delete-dir']) {
        assert.deepEqual([byName.get(whiteout)?.type, byName.get(whiteout)?.size], ['file', 0], whiteout);
      }
      assert.equal(byName.get('dir/')?.type, 'directory');
      assert.equal(byName.get('dir/.wh..wh..opq')?.type, 'file');
      assert.ok(names.indexOf('dir/.wh..wh..opq') > names.indexOf('dir/'));
      assert.ok(names.includes('dir/c') && !names.includes('dir/a'));
      assert.deepEqual([byName.get('links/one')?.type, byName.get('links/two')?.type, byName.get('links/two')?.linkname], ['file', 'link', 'links/one']);
      assert.equal(byName.get('chmod-me')!.mode, 0o4755);
      assert.deepEqual([byName.get('new-file')!.mode, byName.get('new-file')!.uid], [0o600, 1234]);
      assert.equal(byName.get('new-file')!.pax['SCHILY.xattr.user.note'], 'hello');
      assert.equal(byName.get('new-link')?.linkname, '/keep');
      assert.equal(byName.get('pipe')?.type, 'fifo');
      assert.ok(byName.has('sub/') && byName.has('sub/deep/') && byName.has('sub/deep/touched'));
      for (const entry of entries) {
        const keys = Object.keys(entry.pax).filter((key) => key.startsWith('SCHILY.xattr.'));
        assert.ok(keys.every((key) => /^SCHILY\.xattr\.(user\.|security\.capability$)/.test(key)), `${entry.name}: ${keys.join(', ')}`);
        assert.ok(!keys.some((key) => key.includes('overlay')), `${entry.name} carries overlay xattrs`);
      }

      await applyLayer(streamOf(diff), dirs.layer!);
      const merged2 = path.join(tmp, 'merged2');
      await mount(`lowerdir=${dirs.layer}:${dirs['lower-copy']},upperdir=${dirs.upper2},workdir=${dirs.work2},${OVERLAY_OPTIONS}`, merged2);
      const secondView = await describeTree(merged2);
      const note = await xattrsOf(path.join(merged2, 'new-file'));
      await unmount(merged2);

      // The root's mtime comes from the upper dir in one case and the layer root in the other.
      const withoutRootMtime = (lines: string[]) => lines.map((line) => (line.startsWith('. ') ? line.replace(/ mtime=\d+$/, '') : line));
      assert.deepEqual(withoutRootMtime(secondView), withoutRootMtime(firstView));
      assert.equal(note['user.note'], 'hello');
      assert.ok(firstView.some((line) => line.startsWith('links/two ') && line.includes('inode-of=links/one')));
      assert.ok(!firstView.some((line) => line.startsWith('delete-me ') || line.startsWith('dir/a ')));
    } finally {
      for (const target of mounted.reverse()) await runCommand('umount', [target], { allowFailure: true });
      await removeTempDir(tmp);
    }
  });

  it('fails rather than emit an upper dir that uses metacopy', async () => {
    const tmp = await makeTempDir();
    try {
      await fsp.writeFile(path.join(tmp, 'f'), '');
      await runCommand('setfattr', ['-n', 'trusted.overlay.metacopy', '-v', '', path.join(tmp, 'f')]);
      await assert.rejects(readStream(createLayerDiff(tmp)), /trusted\.overlay\.metacopy/);
    } finally {
      await removeTempDir(tmp);
    }
  });
});
