// Copying build sources into a mounted image file system with Docker's COPY rules: a file goes
// to DEST, or into DEST/ when DEST is (or is said to be) a directory; a directory's *contents*
// go into DEST. Every destination path is resolved inside the root (links in the image are the
// image's, never the host's), and nothing is followed out of the sources either.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { invalidArgument } from '../../util/errors.ts';
import { mkdirInRoot, resolveInRoot } from '../../util/safe-path.ts';
import type { Excluded, SourceEntry } from './copy-sources.ts';

export interface CopyOwnership {
  uid: number;
  gid: number;
}

export interface CopyOptions {
  /** Owner of everything copied (Docker: root unless --chown). */
  owner: CopyOwnership;
  /** --chmod: mode for files and directories copied. */
  mode?: number;
  excluded: Excluded;
}

async function copyEntry(hostPath: string, relative: string, root: string, target: string, options: CopyOptions): Promise<void> {
  if (relative !== '' && options.excluded(relative, (await fsp.lstat(hostPath)).isDirectory())) return;
  const stat = await fsp.lstat(hostPath);
  const destination = await resolveInRoot(root, target);
  if (stat.isDirectory()) {
    const existing = await fsp.lstat(destination).catch(() => undefined);
    if (existing && !existing.isDirectory()) await fsp.rm(destination, { force: true });
    if (!existing?.isDirectory()) await fsp.mkdir(destination, { mode: 0o755 });
    for (const entry of (await fsp.readdir(hostPath)).sort()) {
      await copyEntry(path.join(hostPath, entry), relative === '' ? entry : `${relative}/${entry}`, root, path.posix.join(target, entry), options);
    }
    await fsp.lchown(destination, options.owner.uid, options.owner.gid);
    await fsp.chmod(destination, options.mode ?? stat.mode & 0o7777);
    await fsp.utimes(destination, stat.atime, stat.mtime);
    return;
  }
  await fsp.rm(destination, { force: true, recursive: true });
  if (stat.isSymbolicLink()) {
    await fsp.symlink(await fsp.readlink(hostPath), destination);
    await fsp.lchown(destination, options.owner.uid, options.owner.gid);
    return;
  }
  if (!stat.isFile()) return; // sockets, fifos and devices are not copied (as in Docker)
  await fsp.copyFile(hostPath, destination);
  await fsp.chown(destination, options.owner.uid, options.owner.gid);
  await fsp.chmod(destination, options.mode ?? stat.mode & 0o7777);
  await fsp.utimes(destination, stat.atime, stat.mtime);
}

/**
 * Copies `sources` to `dest` (absolute, in the image) under `root`. `destIsDirectory` is what
 * the Dockerfile says (trailing slash, several sources); an existing directory counts too.
 */
export async function copyIntoRoot(root: string, sources: SourceEntry[], dest: string, destIsDirectory: boolean, options: CopyOptions): Promise<void> {
  const existing = await fsp.stat(await resolveInRoot(root, dest)).catch(() => undefined);
  const intoDirectory = destIsDirectory || sources.length > 1 || !!existing?.isDirectory();
  if (sources.length > 1 && !destIsDirectory && existing && !existing.isDirectory()) {
    throw invalidArgument(`When using COPY with more than one source file, the destination must be a directory and end with a /`);
  }
  for (const source of sources) {
    if (source.isDirectory) {
      await mkdirInRoot(root, dest);
      for (const entry of (await fsp.readdir(source.hostPath)).sort()) {
        const relative = source.name === '.' ? entry : `${source.name}/${entry}`;
        await copyEntry(path.join(source.hostPath, entry), relative, root, path.posix.join(dest, entry), options);
      }
      continue;
    }
    const target = intoDirectory ? path.posix.join(dest, path.posix.basename(source.name)) : dest;
    await mkdirInRoot(root, path.posix.dirname(target));
    await copyEntry(source.hostPath, '', root, target, options);
  }
}
