// Resolving a path inside a container's root filesystem on the host, following symlinks as the
// container would see them (an absolute link target is relative to the root, and ".." never
// climbs above it) — so that reading /etc/passwd or creating a WORKDIR of an image can never
// touch the host's files, whatever links the image contains. (The idea of Go's securejoin.)
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { errnoCode, invalidArgument } from './errors.ts';

const maxLinks = 255;

/**
 * The host path of `unsafePath` inside `root`. Components that do not exist are appended
 * as they are (the result is still inside root).
 */
export async function resolveInRoot(root: string, unsafePath: string): Promise<string> {
  const pending = unsafePath.split('/').filter((part) => part !== '' && part !== '.');
  const resolved: string[] = [];
  let links = 0;
  while (pending.length > 0) {
    const part = pending.shift()!;
    if (part === '..') {
      resolved.pop();
      continue;
    }
    const candidate = path.join(root, ...resolved, part);
    let target: string | undefined;
    try {
      const stat = await fsp.lstat(candidate);
      if (stat.isSymbolicLink()) target = await fsp.readlink(candidate);
    } catch (err) {
      if (errnoCode(err) !== 'ENOENT' && errnoCode(err) !== 'ENOTDIR') throw err;
    }
    if (target === undefined) {
      resolved.push(part);
      continue;
    }
    if (++links > maxLinks) throw invalidArgument(`too many levels of symbolic links resolving "${unsafePath}"`);
    if (target.startsWith('/')) resolved.length = 0;
    pending.unshift(...target.split('/').filter((p) => p !== '' && p !== '.'));
  }
  return path.join(root, ...resolved);
}

/** Reads a file of the container's filesystem, or undefined when it does not exist. */
export async function readFileInRoot(root: string, file: string): Promise<string | undefined> {
  try {
    return await fsp.readFile(await resolveInRoot(root, file), 'utf8');
  } catch (err) {
    if (errnoCode(err) === 'ENOENT' || errnoCode(err) === 'ENOTDIR' || errnoCode(err) === 'EISDIR') return undefined;
    throw err;
  }
}

/**
 * Creates a directory (and parents) inside the root, never following links out of it: every
 * existing component was resolved within the root, so what is left to create has no links.
 */
export async function mkdirInRoot(root: string, dir: string, mode = 0o755): Promise<string> {
  const target = await resolveInRoot(root, dir);
  await fsp.mkdir(target, { recursive: true, mode });
  return target;
}
