// The build context: the tar the client sends (plain or compressed), unpacked into a scratch
// directory with the same safety as an image layer (nothing may land outside it), and removed
// when the build ends.
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { invalidArgument, isMinatoError, messageOf } from '../../util/errors.ts';
import { removePath } from '../../util/fs.ts';
import { resolveInRoot } from '../../util/safe-path.ts';

export interface BuildContext {
  dir: string;
  /** The Dockerfile's text, and its name (for messages). */
  dockerfile: { name: string; text: string };
  /** .dockerignore's text, if the context has one. */
  dockerignore?: string;
  dispose(): Promise<void>;
}

export async function unpackContext(body: Readable, workRoot: string, dockerfileName: string): Promise<BuildContext> {
  const dir = path.join(workRoot, `context-${randomBytes(8).toString('hex')}`);
  await fsp.mkdir(dir, { recursive: true, mode: 0o700 });
  const dispose = () => removePath(dir);
  try {
    const { applyLayer } = await import('../archive/apply.ts');
    await applyLayer(body, dir).catch((err: unknown) => {
      throw isMinatoError(err) ? invalidArgument(`the build context is not a valid tar archive: ${err.message}`) : err;
    });
    const name = dockerfileName || 'Dockerfile';
    const text = await fsp.readFile(await resolveInRoot(dir, name), 'utf8').catch(() => {
      throw invalidArgument(`failed to read dockerfile: open ${name}: no such file or directory (the build context has no ${name})`);
    });
    const dockerignore = await fsp.readFile(path.join(dir, '.dockerignore'), 'utf8').catch(() => undefined);
    return { dir, dockerfile: { name: path.posix.basename(name), text }, ...(dockerignore !== undefined ? { dockerignore } : {}), dispose };
  } catch (err) {
    await dispose();
    if (isMinatoError(err)) throw err;
    throw invalidArgument(`cannot read the build context: ${messageOf(err)}`);
  }
}
