// Helpers for this module's tests: temp dirs, tar archives built with tar-stream (an independent
// tar implementation), and comparable descriptions of directory trees.
import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import * as tar from 'tar-stream';
import { runCommand } from '../../util/exec.ts';

export async function makeTempDir(): Promise<string> {
  return fsp.mkdtemp(path.join(os.tmpdir(), 'minato-test-'));
}

export async function removeTempDir(dir: string): Promise<void> {
  // Layers can contain read-only directories; as root that does not matter, without root it does.
  await runCommand('chmod', ['-R', 'u+rwx', dir], { allowFailure: true });
  await fsp.rm(dir, { recursive: true, force: true });
}

export interface TestEntry {
  header: Partial<tar.Header> & { name: string };
  content?: string | Buffer;
}

/** A tar built by tar-stream from the given entries. */
export async function buildTar(entries: readonly TestEntry[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  const collected = (async () => {
    for await (const chunk of pack) chunks.push(chunk as Buffer);
  })();
  for (const { header, content } of entries) {
    await new Promise<void>((resolve, reject) => {
      const callback = (err?: Error | null) => (err ? reject(err) : resolve());
      if (content === undefined) pack.entry(header, callback);
      else pack.entry(header, content, callback);
    });
  }
  pack.finalize();
  await collected;
  return Buffer.concat(chunks);
}

/** A stream that delivers `data` in chunks of `chunkSize` bytes. */
export function streamOf(data: Buffer, chunkSize = 64 * 1024): Readable {
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < data.length; offset += chunkSize) chunks.push(data.subarray(offset, offset + chunkSize));
  return Readable.from(chunks, { objectMode: false });
}

export const file = (name: string, content: string | Buffer, extra: Partial<tar.Header> = {}): TestEntry => ({
  header: { name, type: 'file', mode: 0o644, mtime: new Date(1_600_000_000_000), ...extra },
  content,
});
export const dir = (name: string, extra: Partial<tar.Header> = {}): TestEntry => ({
  header: { name, type: 'directory', mode: 0o755, mtime: new Date(1_600_000_000_000), ...extra },
});
export const symlink = (name: string, target: string): TestEntry => ({
  header: { name, type: 'symlink', linkname: target, mtime: new Date(1_600_000_000_000) },
});
export const hardlink = (name: string, target: string): TestEntry => ({
  header: { name, type: 'link', linkname: target, mtime: new Date(1_600_000_000_000) },
});

/**
 * One line per node below `root` (and the root itself as "."), with type, mode, owner, mtime,
 * size, content hash, link target or device numbers and inode group: equal descriptions mean
 * equal trees. `dirMtimes: false` leaves directory mtimes out.
 */
export async function describeTree(root: string, options: { dirMtimes?: boolean } = {}): Promise<string[]> {
  const lines: string[] = [];
  const inodes = new Map<string, string>();
  const visit = async (rel: string): Promise<void> => {
    const full = rel === '.' ? root : path.join(root, rel);
    const stat = await fsp.lstat(full);
    const mode = (stat.mode & 0o7777).toString(8).padStart(4, '0');
    const owner = `${stat.uid}:${stat.gid}`;
    const mtime = Math.floor(stat.mtimeMs / 1000);
    let detail: string;
    if (stat.isDirectory()) detail = `dir${options.dirMtimes === false ? '' : ` mtime=${mtime}`}`;
    else if (stat.isSymbolicLink()) detail = `symlink -> ${await fsp.readlink(full)}`;
    else if (stat.isFile()) {
      const hash = createHash('sha256').update(await fsp.readFile(full)).digest('hex').slice(0, 12);
      detail = `file size=${stat.size} sha=${hash} mtime=${mtime}`;
      if (stat.nlink > 1) {
        const key = `${stat.dev}:${stat.ino}`;
        if (!inodes.has(key)) inodes.set(key, rel);
        detail += ` inode-of=${inodes.get(key)}`;
      }
    } else if (stat.isCharacterDevice()) detail = `char ${stat.rdev}`;
    else if (stat.isBlockDevice()) detail = `block ${stat.rdev}`;
    else if (stat.isFIFO()) detail = `fifo mtime=${mtime}`;
    else detail = 'other';
    lines.push(`${rel} ${stat.isSymbolicLink() ? '' : mode} ${owner} ${detail}`);
    if (stat.isDirectory()) {
      for (const name of (await fsp.readdir(full)).sort()) await visit(rel === '.' ? name : `${rel}/${name}`);
    }
  };
  await visit('.');
  return lines;
}

/** The xattrs of one file (not following symlinks), by name, values as text. */
export async function xattrsOf(file: string): Promise<Record<string, string>> {
  const { stdout } = await runCommand('getfattr', ['-h', '-d', '-m', '-', '-e', 'hex', '--absolute-names', '--', file]);
  const result: Record<string, string> = {};
  for (const line of stdout.split('\n')) {
    const match = /^([^#=][^=]*)=0x([0-9a-f]*)$/.exec(line);
    if (match) result[match[1]!] = Buffer.from(match[2]!, 'hex').toString('latin1');
  }
  return result;
}

export const isRoot = process.geteuid?.() === 0;
