// Small filesystem helpers the stores share: atomic writes and tolerant removal.
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { errnoCode } from './errors.ts';

/** Writes a file so that readers see either the old or the new content, never a torn one. */
export async function writeFileAtomic(file: string, data: string | Buffer, mode = 0o644): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await fsp.writeFile(tmp, data, { mode });
    await fsp.rename(tmp, file);
  } catch (err) {
    await fsp.rm(tmp, { force: true });
    throw err;
  }
}

export async function pathExists(p: string): Promise<boolean> {
  try {
    await fsp.lstat(p);
    return true;
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return false;
    throw err;
  }
}

/** Reads a file, or returns undefined when it does not exist. */
export async function readFileIfExists(file: string): Promise<string | undefined> {
  try {
    return await fsp.readFile(file, 'utf8');
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return undefined;
    throw err;
  }
}

export async function removePath(p: string): Promise<void> {
  await fsp.rm(p, { recursive: true, force: true, maxRetries: 3 });
}

/** Removes an empty directory; ignores one that is missing or not empty. */
export async function removeEmptyDir(dir: string): Promise<void> {
  try {
    await fsp.rmdir(dir);
  } catch (err) {
    const code = errnoCode(err);
    if (code !== 'ENOENT' && code !== 'ENOTEMPTY' && code !== 'EBUSY') throw err;
  }
}
