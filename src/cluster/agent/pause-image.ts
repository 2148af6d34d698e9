// The image of the pod sandbox's "pause" container: the host's catatonit (Debian's package, the
// init podman uses) in pause mode, `catatonit -P`, which only sleeps, reaps and exits on SIGTERM.
// No registry is needed: the image is made on first use from the binary alone — one layer with
// /catatonit and the directories the runtime mounts over — and imported like `docker import`.
// A binary alone in an image must be statically linked (no ld.so, no libc in the image): the
// check below reads its ELF program headers and refuses a dynamic one. Debian's catatonit is
// built static (`file /usr/bin/catatonit`: "statically linked").
import { promises as fsp } from 'node:fs';
import { Readable } from 'node:stream';
import { pack } from 'tar-stream';
import { invalidArgument } from '../../util/errors.ts';
import type { ImageService } from '../../engine/images/image-service.ts';

export const defaultPauseImage = 'minato.local/pause:3';
export const defaultCatatonitPath = '/usr/bin/catatonit';

const PT_INTERP = 3;
const PT_DYNAMIC = 2;

/**
 * Whether an ELF executable runs without a dynamic loader: no PT_INTERP (a loader to run) and
 * no PT_DYNAMIC (libraries to load) — true of plain static executables, not of static-pie
 * ones, which carry PT_DYNAMIC for their own relocations but still need no loader.
 */
export function isStaticElf(binary: Buffer): boolean {
  if (binary.length < 64 || binary.readUInt32BE(0) !== 0x7f454c46) throw invalidArgument('not an ELF file');
  const is64 = binary[4] === 2;
  const little = binary[5] === 1;
  const u16 = (offset: number) => (little ? binary.readUInt16LE(offset) : binary.readUInt16BE(offset));
  const u32 = (offset: number) => (little ? binary.readUInt32LE(offset) : binary.readUInt32BE(offset));
  const u64 = (offset: number) => Number(little ? binary.readBigUInt64LE(offset) : binary.readBigUInt64BE(offset));
  const phoff = is64 ? u64(0x20) : u32(0x1c);
  const phentsize = u16(is64 ? 0x36 : 0x2a);
  const phnum = u16(is64 ? 0x38 : 0x2c);
  let dynamic = false;
  for (let index = 0; index < phnum; index++) {
    const offset = phoff + index * phentsize;
    if (offset + 4 > binary.length) throw invalidArgument('truncated ELF program header table');
    const type = u32(offset);
    if (type === PT_INTERP) return false;
    if (type === PT_DYNAMIC) dynamic = true;
  }
  // static-pie: PT_DYNAMIC without PT_INTERP, and an ELF type of ET_DYN (3). It runs without a loader.
  return !dynamic || u16(0x10) === 3;
}

/** The one-layer root filesystem: /catatonit plus mount points. Fixed times: the same binary gives the same layer. */
export async function pauseRootfs(binary: Buffer): Promise<Buffer> {
  const tar = pack();
  const chunks: Buffer[] = [];
  tar.on('data', (chunk: unknown) => void chunks.push(chunk as Buffer));
  const ended = new Promise<void>((resolve, reject) => tar.on('end', () => resolve()).on('error', reject));
  const mtime = new Date('2026-01-01T00:00:00Z');
  for (const dir of ['dev', 'etc', 'proc', 'sys']) tar.entry({ name: `${dir}/`, type: 'directory', mode: 0o755, mtime, uid: 0, gid: 0 });
  tar.entry({ name: 'catatonit', mode: 0o755, mtime, uid: 0, gid: 0, size: binary.length }, binary);
  tar.finalize();
  await ended;
  return Buffer.concat(chunks);
}

/**
 * Makes sure the pause image exists (built from catatonit when not) and returns its ID.
 * Concurrent callers share one build.
 */
export class PauseImage {
  private building: Promise<string> | undefined;
  private readonly images: ImageService;
  readonly reference: string;
  private readonly catatonitPath: string;

  constructor(images: ImageService, options: { reference?: string; catatonitPath?: string } = {}) {
    this.images = images;
    this.reference = options.reference ?? defaultPauseImage;
    this.catatonitPath = options.catatonitPath ?? defaultCatatonitPath;
  }

  async ensure(): Promise<string> {
    const existing = this.images.store.find(this.reference);
    if (existing) return existing.id;
    this.building ??= this.build().finally(() => (this.building = undefined));
    return this.building;
  }

  private async build(): Promise<string> {
    const binary = await fsp.readFile(this.catatonitPath).catch((err: unknown) => {
      throw invalidArgument(`cannot build the pause image ${this.reference}: ${this.catatonitPath}: ${(err as Error).message} (install catatonit)`);
    });
    if (!isStaticElf(binary)) throw invalidArgument(`cannot build the pause image ${this.reference}: ${this.catatonitPath} is dynamically linked; the image holds nothing but the binary`);
    const record = await this.images.importRootfs(Readable.from([await pauseRootfs(binary)]), {
      reference: this.reference,
      changes: ['ENTRYPOINT ["/catatonit", "-P"]', 'STOPSIGNAL SIGTERM', 'LABEL io.minato.pause=true'],
      message: `pause image from ${this.catatonitPath}`,
    });
    return record.id;
  }
}
