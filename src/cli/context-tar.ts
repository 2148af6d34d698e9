// The build context as the docker CLI sends it: a tar of the context directory with what
// .dockerignore excludes left out (the Dockerfile and .dockerignore are always sent), plus the
// Dockerfile under a generated name when -f points outside the context or is `-` (stdin).
// A context of `-` is stdin: a tar (plain or compressed) sent as it is, or a lone Dockerfile.
import { createReadStream, promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { pack } from 'tar-stream';
import { parseDockerignore } from '../engine/build/dockerfile/dockerignore.ts';

export interface ContextTar {
  stream: Readable;
  /** The Dockerfile's name inside the tar. */
  dockerfile: string;
}

async function addEntry(tar: ReturnType<typeof pack>, hostPath: string, name: string, stat: import('node:fs').Stats): Promise<void> {
  const common = { name, mode: stat.mode & 0o7777, mtime: stat.mtime, uid: 0, gid: 0 };
  if (stat.isDirectory()) {
    tar.entry({ ...common, type: 'directory' });
    return;
  }
  if (stat.isSymbolicLink()) {
    tar.entry({ ...common, type: 'symlink', linkname: await fsp.readlink(hostPath) });
    return;
  }
  if (!stat.isFile()) return;
  await new Promise<void>((resolve, reject) => {
    const entry = tar.entry({ ...common, size: stat.size }, (err) => (err ? reject(err) : resolve()));
    createReadStream(hostPath).on('error', reject).pipe(entry);
  });
}

async function readAll(input: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** gzip, bzip2, xz or zstd magic, or a ustar header: an archive rather than a Dockerfile. */
function isArchive(data: Buffer): boolean {
  const magics = [[0x1f, 0x8b], [0x42, 0x5a, 0x68], [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], [0x28, 0xb5, 0x2f, 0xfd]];
  if (magics.some((magic) => magic.every((byte, index) => data[index] === byte))) return true;
  return data.length >= 262 && data.subarray(257, 262).toString('latin1') === 'ustar';
}

function generatedDockerfileName(): string {
  return `.dockerfile.${Math.random().toString(16).slice(2, 14)}`;
}

/** `build -`: the context (or only a Dockerfile) from stdin. */
async function stdinContext(stdin: Readable, dockerfilePath: string | undefined): Promise<ContextTar> {
  if (dockerfilePath === '-') throw new Error('invalid argument: can\'t use stdin for both build context and dockerfile');
  const data = await readAll(stdin);
  if (isArchive(data)) return { stream: Readable.from([data]), dockerfile: dockerfilePath ?? 'Dockerfile' };
  const tar = pack();
  const name = generatedDockerfileName();
  tar.entry({ name, mode: 0o644, mtime: new Date(), uid: 0, gid: 0 }, data);
  tar.finalize();
  return { stream: Readable.from(tar), dockerfile: name };
}

export async function contextTar(contextDir: string, dockerfilePath: string | undefined, stdin: Readable = process.stdin): Promise<ContextTar> {
  if (contextDir === '-') return stdinContext(stdin, dockerfilePath);
  const dockerfileFromStdin = dockerfilePath === '-' ? await readAll(stdin) : undefined;
  const root = path.resolve(contextDir);
  const rootStat = await fsp.stat(root).catch(() => undefined);
  if (!rootStat?.isDirectory()) throw new Error(`unable to prepare context: path "${contextDir}" not found`);
  const dockerfileHost = path.resolve(dockerfileFromStdin ? path.join(root, generatedDockerfileName()) : (dockerfilePath ?? path.join(root, 'Dockerfile')));
  if (!dockerfileFromStdin && !(await fsp.stat(dockerfileHost).catch(() => undefined))?.isFile()) {
    throw new Error(`unable to prepare context: unable to evaluate symlinks in Dockerfile path: lstat ${dockerfileHost}: no such file or directory`);
  }
  const insideContext = !dockerfileFromStdin && dockerfileHost.startsWith(`${root}${path.sep}`);
  const dockerfileName = insideContext ? path.relative(root, dockerfileHost).split(path.sep).join('/') : generatedDockerfileName();
  const ignoreText = await fsp.readFile(path.join(root, '.dockerignore'), 'utf8').catch(() => '');
  const ignore = parseDockerignore(ignoreText);
  const alwaysSent = new Set([dockerfileName, '.dockerignore']);
  const tar = pack();
  const fill = async () => {
    const walk = async (dir: string, relative: string): Promise<void> => {
      for (const name of (await fsp.readdir(dir)).sort()) {
        const hostPath = path.join(dir, name);
        const entryName = relative ? `${relative}/${name}` : name;
        const stat = await fsp.lstat(hostPath);
        const excluded = !alwaysSent.has(entryName) && ignore.isExcluded(entryName, stat.isDirectory());
        if (stat.isDirectory()) {
          if (excluded && !ignore.mayIncludeUnder(entryName)) continue;
          if (!excluded) await addEntry(tar, hostPath, entryName, stat);
          await walk(hostPath, entryName);
        } else if (!excluded) {
          await addEntry(tar, hostPath, entryName, stat);
        }
      }
    };
    await walk(root, '');
    if (dockerfileFromStdin) tar.entry({ name: dockerfileName, mode: 0o644, mtime: new Date(), uid: 0, gid: 0 }, dockerfileFromStdin);
    else if (!insideContext) await addEntry(tar, dockerfileHost, dockerfileName, await fsp.stat(dockerfileHost));
    tar.finalize();
  };
  fill().catch((err: unknown) => tar.destroy(err as Error));
  // tar-stream's packer is a streamx stream; the HTTP client wants a Node one.
  return { stream: Readable.from(tar), dockerfile: dockerfileName };
}
