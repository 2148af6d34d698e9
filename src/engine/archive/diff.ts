// The changes a container made, as an OCI layer: a tar of an overlayfs upper directory, with
// overlay's way of writing deletions (0:0 char devices, opaque xattrs) turned into OCI whiteouts.
// Used by commit and by the image builder.
import type { BigIntStats } from 'node:fs';
import { constants as fsConstants, promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { internal } from '../../util/errors.ts';
import { byteStringFrom, byteStringOf, bytesOf, textOf } from './byte-string.ts';
import { END_OF_ARCHIVE, encodeEntryHeader, paddingFor, type TarWriteHeader } from './tar-writer.ts';
import { isOverlayWhiteout, OPAQUE_MARKER, OVERLAY_OPAQUE_XATTR, WHITEOUT_PREFIX } from './whiteout.ts';
import { readXattrTree, type Xattrs } from './xattr-dump.ts';
import { isLayerXattr } from './xattr-policy.ts';

const READ_CHUNK = 64 * 1024;
/** Files up to this size are read ahead, a few at a time, while earlier ones are being sent. */
const READ_AHEAD_MAX_SIZE = 1 << 20;
const READ_AHEAD_FILES = 16;

/** Opaque markers under either prefix: "userxattr" mounts (rootless) write user.overlay.*. */
const OPAQUE_XATTRS = [OVERLAY_OPAQUE_XATTR, 'user.overlay.opaque'];
/** Overlay features (metacopy, redirect_dir) whose upper dirs a tar cannot express. */
const UNSUPPORTED_XATTRS = ['overlay.metacopy', 'overlay.redirect'].flatMap((name) => [`trusted.${name}`, `user.${name}`]);

interface UpperNode {
  /** Path relative to the upper dir, a byte string. */
  rel: string;
  stat: BigIntStats;
  /** A symlink's target, a byte string. */
  linkTarget?: string;
}

interface DiffEntry {
  header: TarWriteHeader;
  /** Where the data of a regular file comes from (none when it is empty). */
  source?: Buffer | undefined;
  /** Identity of a node that may have several names. */
  inode?: string;
}

/**
 * A tar stream (uncompressed) of the overlayfs upper directory `upperDir`, as an OCI layer:
 * whiteouts become `.wh.<name>` files, opaque directories get a `.wh..wh..opq` entry, hardlinks
 * within the upper dir become link entries, only user.* and security.capability xattrs are kept.
 * Entries are sorted bytewise by path and carry uid, gid, mode and mtime (whole seconds), so the
 * same tree always gives the same bytes. The upper dir must not change while the stream is read,
 * and must come from a mount without metacopy or redirect_dir.
 */
export function createLayerDiff(upperDir: string): Readable {
  return Readable.from(tarOfUpper(path.resolve(upperDir)), { objectMode: false });
}

async function* tarOfUpper(upper: string): AsyncGenerator<Buffer> {
  const [xattrs, nodes] = await Promise.all([readXattrTree(upper), walk(upper)]);
  const entries = diffEntries(nodes, xattrs, byteStringOf(upper));
  const readAhead = new ReadAhead(entries);
  for (const [index, entry] of entries.entries()) {
    yield encodeEntryHeader(entry.header);
    if (entry.source === undefined) continue;
    const size = entry.header.size;
    if (size <= READ_AHEAD_MAX_SIZE) yield await readAhead.content(index);
    else yield* readExactly(entry.source, size);
    const padding = paddingFor(size);
    if (padding.length > 0) yield padding;
  }
  yield END_OF_ARCHIVE;
}

/**
 * Reads the next few small files while earlier entries are being sent: one file at a time, the
 * open, read and close calls each wait on the threadpool, and the stream mostly waits.
 */
class ReadAhead {
  private readonly entries: readonly DiffEntry[];
  private readonly started = new Map<number, Promise<Buffer>>();
  /** Index of the next entry to consider reading. */
  private next = 0;

  constructor(entries: readonly DiffEntry[]) {
    this.entries = entries;
  }

  /** The content of small file `index`; entries must be asked for in order. */
  async content(index: number): Promise<Buffer> {
    this.next = Math.max(this.next, index);
    while (this.started.size < READ_AHEAD_FILES && this.next < this.entries.length) {
      const { source, header } = this.entries[this.next]!;
      if (source !== undefined && header.size <= READ_AHEAD_MAX_SIZE) {
        const reading = readWhole(source, header.size);
        reading.catch(() => {}); // surfaces when awaited below; must not count as unhandled
        this.started.set(this.next, reading);
      }
      this.next++;
    }
    const reading = this.started.get(index);
    this.started.delete(index);
    if (reading === undefined) throw internal(`read-ahead lost entry ${index}`);
    return reading;
  }
}

async function readWhole(file: Buffer, size: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of readExactly(file, size)) chunks.push(chunk);
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
}

/** Every node below `upper` (not `upper` itself), without following symlinks. */
async function walk(upper: string): Promise<UpperNode[]> {
  const base = byteStringOf(upper);
  const nodes: UpperNode[] = [];
  const pending = [''];
  while (pending.length > 0) {
    const dir = pending.pop()!;
    const names = await fsp.readdir(bytesOf(dir === '' ? base : `${base}/${dir}`), { encoding: 'buffer' });
    const children = await Promise.all(
      names.map(async (name) => {
        const rel = dir === '' ? byteStringFrom(name) : `${dir}/${byteStringFrom(name)}`;
        const node: UpperNode = { rel, stat: await fsp.lstat(bytesOf(`${base}/${rel}`), { bigint: true }) };
        if (node.stat.isSymbolicLink()) {
          node.linkTarget = byteStringFrom(await fsp.readlink(bytesOf(`${base}/${rel}`), { encoding: 'buffer' }));
        }
        return node;
      }),
    );
    for (const child of children) {
      nodes.push(child);
      if (child.stat.isDirectory()) pending.push(child.rel);
    }
  }
  return nodes;
}

function diffEntries(nodes: readonly UpperNode[], xattrTree: Map<string, Xattrs>, base: string): DiffEntry[] {
  const entries: DiffEntry[] = [];
  for (const { rel, stat, linkTarget } of nodes) {
    const xattrs = xattrTree.get(rel) ?? new Map<string, Buffer>();
    const unsupported = [...xattrs.keys()].find((name) => UNSUPPORTED_XATTRS.includes(name));
    if (unsupported !== undefined) {
      throw internal(`cannot diff ${textOf(`${base}/${rel}`)}: it has ${unsupported}; mount overlay without metacopy and redirect_dir`);
    }
    const metadata = {
      mode: Number(stat.mode) & 0o7777,
      uid: Number(stat.uid),
      gid: Number(stat.gid),
      mtime: Math.floor(Number(stat.mtimeMs) / 1000),
      size: 0,
    };
    const kept = new Map([...xattrs].filter(([name]) => isLayerXattr(name)));
    const inode = Number(stat.nlink) > 1 ? `${stat.dev}:${stat.ino}` : undefined;

    if (isOverlayWhiteout(stat)) {
      const slash = rel.lastIndexOf('/');
      const name = `${rel.slice(0, slash + 1)}${WHITEOUT_PREFIX}${rel.slice(slash + 1)}`;
      entries.push({ header: { name, type: 'file', ...metadata } });
    } else if (stat.isDirectory()) {
      entries.push({ header: { name: `${rel}/`, type: 'directory', ...metadata, xattrs: kept } });
      if (OPAQUE_XATTRS.some((name) => xattrs.get(name)?.toString() === 'y')) {
        const marker = { ...metadata, mode: metadata.mode & 0o777 };
        entries.push({ header: { name: `${rel}/${OPAQUE_MARKER}`, type: 'file', ...marker } });
      }
    } else if (stat.isFile()) {
      const header: TarWriteHeader = { name: rel, type: 'file', ...metadata, size: Number(stat.size), xattrs: kept };
      entries.push({ header, source: header.size > 0 ? bytesOf(`${base}/${rel}`) : undefined, inode });
    } else if (stat.isSymbolicLink()) {
      entries.push({ header: { name: rel, type: 'symlink', ...metadata, linkname: linkTarget ?? '' }, inode });
    } else if (stat.isCharacterDevice() || stat.isBlockDevice()) {
      const type = stat.isCharacterDevice() ? 'char' : 'block';
      entries.push({ header: { name: rel, type, ...metadata, ...deviceNumbers(stat.rdev) }, inode });
    } else if (stat.isFIFO()) {
      entries.push({ header: { name: rel, type: 'fifo', ...metadata }, inode });
    }
    // Sockets have no tar form; like Docker, leave them out.
  }
  entries.sort((a, b) => compareBytewise(pathOf(a), pathOf(b)));
  linkSecondNames(entries);
  return entries;
}

/** The path an entry sorts by: its name without a directory's trailing slash. */
function pathOf(entry: DiffEntry): string {
  return entry.header.type === 'directory' ? entry.header.name.slice(0, -1) : entry.header.name;
}

/** Byte strings compare bytewise with < (one char per byte). */
function compareBytewise(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The first name of a multiply linked node (in sorted order) carries it; the others link to it. */
function linkSecondNames(entries: DiffEntry[]): void {
  const firstNames = new Map<string, string>();
  for (const entry of entries) {
    if (entry.inode === undefined) continue;
    const first = firstNames.get(entry.inode);
    if (first === undefined) {
      firstNames.set(entry.inode, entry.header.name);
      continue;
    }
    const { name, mode, uid, gid, mtime } = entry.header;
    entry.header = { name, type: 'link', mode, uid, gid, mtime, size: 0, linkname: first };
    delete entry.source;
  }
}

/** Linux's dev_t split into major and minor numbers (glibc's gnu_dev_major/minor). */
function deviceNumbers(rdev: bigint): { devmajor: number; devminor: number } {
  return {
    devmajor: Number(((rdev >> 8n) & 0xfffn) | ((rdev >> 32n) & ~0xfffn)),
    devminor: Number((rdev & 0xffn) | ((rdev >> 12n) & ~0xffn)),
  };
}

/** The file's first `size` bytes; it must not have shrunk since it was stat'ed. */
async function* readExactly(file: Buffer, size: number): AsyncGenerator<Buffer> {
  const handle = await fsp.open(file, fsConstants.O_RDONLY | fsConstants.O_NOFOLLOW);
  try {
    for (let done = 0; done < size; ) {
      const buffer = Buffer.allocUnsafe(Math.min(READ_CHUNK, size - done));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, done);
      if (bytesRead === 0) throw internal(`${textOf(byteStringFrom(file))} shrank while its layer was being written`);
      done += bytesRead;
      yield bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}
