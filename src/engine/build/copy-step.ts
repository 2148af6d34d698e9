// COPY and ADD: files from the build context (what .dockerignore leaves), from another stage or
// image (--from), from heredocs, and for ADD from URLs and local tar archives (unpacked), copied
// into an overlay of the image the build has reached; the overlay's upper directory becomes the
// step's layer. The cache key covers exactly the bytes that would be copied.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { invalidArgument, notFound } from '../../util/errors.ts';
import { removePath } from '../../util/fs.ts';
import { readFileInRoot } from '../../util/safe-path.ts';
import { createLayerDiff } from '../archive/diff.ts';
import type { ImageService } from '../images/image-service.ts';
import { resolveUser } from '../runtime/user.ts';
import type { Snapshotter } from '../snapshots/snapshotter.ts';
import type { StepOutput } from './build-output.ts';
import { resolveWorkdir } from './config-instructions.ts';
import { copyIntoRoot } from './copy-files.ts';
import { digestSources, type Excluded, resolveSources, type SourceEntry } from './copy-sources.ts';
import { type AddInstruction, type CopyInstruction, type Dockerfile, type DockerIgnore, resolveCopyFrom } from './dockerfile/index.ts';
import { type FilesystemView, openFilesystem } from './filesystem-view.ts';
import { applyStep, type BuildImage, loadBuildImage } from './step-image.ts';

export interface CopyStepDeps {
  images: ImageService;
  snapshots: Snapshotter;
  workRoot: string;
  contextDir: string;
  ignore: DockerIgnore;
  /** The finished image of another stage (building it if needed). */
  stageImage(index: number): Promise<BuildImage>;
}

export interface CopyStepInput {
  dockerfile: Dockerfile;
  stageIndex: number;
  /** Already expanded. */
  instruction: CopyInstruction | AddInstruction;
  state: BuildImage;
  step: StepOutput;
  cached(signature: string, make: () => Promise<BuildImage>): Promise<BuildImage>;
}

const isUrl = (source: string) => /^https?:\/\//i.test(source);
const isGit = (source: string) => /^git@|^git:\/\/|\.git(#.*)?$/i.test(source);

/** --chown user[:group], resolved against the destination image's own passwd and group files. */
async function ownership(root: string, chown: string | undefined): Promise<{ uid: number; gid: number }> {
  if (!chown) return { uid: 0, gid: 0 };
  const [userPart = '', groupPart] = chown.split(':', 2);
  const user = resolveUser(groupPart === undefined ? userPart : `${userPart}:${groupPart}`, await readFileInRoot(root, '/etc/passwd'), await readFileInRoot(root, '/etc/group'));
  // Docker: --chown=name without a group uses the user's primary group; a bare UID gets GID = UID.
  const gid = groupPart === undefined && /^\d+$/.test(userPart) ? user.uid : user.gid;
  return { uid: user.uid, gid };
}

function parseChmod(chmod: string | undefined): number | undefined {
  if (chmod === undefined) return undefined;
  if (!/^[0-7]{3,4}$/.test(chmod)) throw invalidArgument(`invalid --chmod=${chmod}: want an octal mode such as 755 (symbolic modes are not supported)`);
  return Number.parseInt(chmod, 8);
}

/** Sniffs whether a local ADD source is an archive ADD unpacks (tar, gzip, bzip2, xz, zstd). */
async function archiveKind(file: string): Promise<'tar' | 'gzip' | 'zstd' | 'bzip2' | 'xz' | undefined> {
  const handle = await fsp.open(file, 'r');
  try {
    const head = Buffer.alloc(512);
    const { bytesRead } = await handle.read(head, 0, 512, 0);
    if (bytesRead >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
    if (bytesRead >= 4 && head.readUInt32BE(0) === 0x28b52ffd) return 'zstd';
    if (bytesRead >= 3 && head.subarray(0, 3).toString('latin1') === 'BZh') return 'bzip2';
    if (bytesRead >= 6 && head.subarray(0, 6).equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))) return 'xz';
    if (bytesRead >= 262 && head.subarray(257, 262).toString('latin1') === 'ustar') return 'tar';
    return undefined;
  } finally {
    await handle.close();
  }
}

async function unpackArchive(file: string, kind: string, into: string): Promise<void> {
  const { applyLayer } = await import('../archive/apply.ts');
  let input: Readable = createReadStream(file);
  if (kind === 'bzip2' || kind === 'xz') {
    const { spawn } = await import('node:child_process');
    const child = spawn(kind === 'xz' ? 'xz' : 'bzip2', ['-dc', file], { stdio: ['ignore', 'pipe', 'ignore'] });
    input = child.stdout;
  }
  await applyLayer(input, into);
}

async function download(url: string, into: string, checksum: string | undefined): Promise<SourceEntry> {
  const response = await fetch(url, { redirect: 'follow' });
  if (!response.ok || !response.body) throw invalidArgument(`failed to download ${url}: HTTP ${response.status}`);
  const name = path.posix.basename(new URL(url).pathname) || 'index.html';
  const file = path.join(into, `download-${randomBytes(6).toString('hex')}`);
  const hash = createHash('sha256');
  await pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream), async function* (source) {
    for await (const chunk of source) {
      hash.update(chunk as Buffer);
      yield chunk;
    }
  }, createWriteStream(file, { mode: 0o600 }));
  const digest = `sha256:${hash.digest('hex')}`;
  if (checksum && checksum !== digest) throw invalidArgument(`digest mismatch for ${url}: expected ${checksum}, got ${digest}`);
  const lastModified = response.headers.get('last-modified');
  if (lastModified) await fsp.utimes(file, new Date(), new Date(lastModified));
  await fsp.chmod(file, 0o600);
  const named = path.join(into, `url-${randomBytes(4).toString('hex')}`, name);
  await fsp.mkdir(path.dirname(named), { recursive: true });
  await fsp.rename(file, named);
  return { hostPath: named, name, isDirectory: false, downloaded: true };
}

export async function copyStep(deps: CopyStepDeps, input: CopyStepInput): Promise<BuildImage> {
  const { instruction } = input;
  const kind = instruction.kind;
  if (instruction.kind === 'copy' && instruction.parents) throw invalidArgument('COPY --parents is not supported yet');
  if (instruction.excludes.length > 0) throw invalidArgument(`${kind.toUpperCase()} --exclude is not supported yet`);
  if (instruction.kind === 'add' && instruction.keepGitDir !== undefined) throw invalidArgument('ADD --keep-git-dir: git sources are not supported');
  const scratch = path.join(deps.workRoot, `copy-${randomBytes(8).toString('hex')}`);
  await fsp.mkdir(scratch, { recursive: true, mode: 0o700 });
  let fromView: FilesystemView | undefined;
  try {
    let root = deps.contextDir;
    let excluded: Excluded = (relative, isDirectory) => deps.ignore.isExcluded(relative, isDirectory);
    let fromId = 'context';
    const fromName = instruction.kind === 'copy' ? instruction.from : undefined;
    if (instruction.kind === 'copy' && instruction.from !== undefined) {
      const ref = resolveCopyFrom(input.dockerfile.stages, input.stageIndex, instruction.from);
      let image: BuildImage;
      if (ref.kind === 'stage') image = await deps.stageImage(ref.index);
      else if (ref.kind === 'image') {
        const record = deps.images.store.find(ref.ref);
        if (!record) throw notFound(`COPY --from=${instruction.from}: No such image: ${ref.ref}`);
        image = await loadBuildImage(deps.images, record);
      } else throw invalidArgument('COPY --from=scratch: scratch has no files');
      fromView = await openFilesystem(deps.images, deps.snapshots, deps.workRoot, image.record, { readonly: true });
      root = fromView.root;
      excluded = () => false;
      fromId = image.record.id;
    }
    const sources: SourceEntry[] = [];
    const urls: string[] = [];
    for (const source of instruction.sources) {
      if (kind === 'add' && isGit(source)) throw invalidArgument(`ADD ${source}: git sources are not supported`);
      if (kind === 'add' && isUrl(source)) {
        urls.push(source);
        sources.push(await download(source, scratch, instruction.kind === 'add' ? instruction.checksum : undefined));
        continue;
      }
      const found = await resolveSources(root, source, excluded);
      if (found.length === 0) {
        throw invalidArgument(`failed to compute cache key: failed to calculate checksum of ref: "/${source.replace(/^\/+/, '')}": not found (${fromView ? `not in ${fromName}` : 'not in the build context, or excluded by .dockerignore'})`);
      }
      sources.push(...found);
    }
    for (const file of instruction.inlineFiles) {
      const host = path.join(scratch, `inline-${randomBytes(4).toString('hex')}`, file.name);
      await fsp.mkdir(path.dirname(host), { recursive: true });
      await fsp.writeFile(host, file.data, { mode: 0o644 });
      sources.push({ hostPath: host, name: file.name, isDirectory: false });
    }
    const runConfig = input.state.config.config ?? {};
    const dest = resolveWorkdir(runConfig.WorkingDir, instruction.dest);
    const destIsDirectory = instruction.dest.endsWith('/') || instruction.dest === '.' || sources.length > 1;
    const mode = parseChmod(instruction.chmod);
    const contentDigest = await digestSources(sources, excluded);
    const signature = `${kind} ${JSON.stringify({ from: fromId, dest, destIsDirectory, chown: instruction.chown, chmod: instruction.chmod, urls, contentDigest })}`;
    return await input.cached(signature, async () => {
      const view = await openFilesystem(deps.images, deps.snapshots, deps.workRoot, input.state.record);
      try {
        const owner = await ownership(view.root, instruction.chown);
        const expanded: SourceEntry[] = [];
        for (const source of sources) {
          // ADD unpacks local archives into the destination directory (not URLs).
          const unpack = instruction.kind === 'add' && instruction.unpack !== false;
          const archive = unpack && !source.isDirectory && !source.downloaded ? await archiveKind(source.hostPath) : undefined;
          if (!archive) {
            expanded.push(source);
            continue;
          }
          const unpacked = path.join(scratch, `unpacked-${randomBytes(4).toString('hex')}`);
          await fsp.mkdir(unpacked, { recursive: true });
          await unpackArchive(source.hostPath, archive, unpacked);
          expanded.push({ hostPath: unpacked, name: source.name, isDirectory: true });
        }
        const everyDirectory = expanded.every((source) => source.isDirectory);
        await copyIntoRoot(view.root, expanded, dest, destIsDirectory || everyDirectory, { owner, ...(mode !== undefined ? { mode } : {}), excluded: fromView ? () => false : excluded });
        const layer = await deps.images.content.ingest(createLayerDiff(view.upper));
        const createdBy = `${kind.toUpperCase()} ${instruction.sources.join(' ')}${instruction.inlineFiles.map((file) => ` <<${file.name}`).join('')} ${instruction.dest} # buildkit`;
        return await applyStep(deps.images, input.state, { layer, createdBy });
      } finally {
        await view.close();
      }
    });
  } finally {
    await fromView?.close();
    await removePath(scratch);
  }
}
