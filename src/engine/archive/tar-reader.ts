// Reads a tar stream entry by entry, with PAX and GNU long-name extensions applied.
import { invalidArgument } from '../../util/errors.ts';
import { byteStringFrom } from './byte-string.ts';
import { ByteReader } from './byte-reader.ts';
import { layerEntryError } from './layer-entry-error.ts';
import {
  BLOCK_SIZE,
  decodeHeaderBlock,
  decodePaxRecords,
  isZeroBlock,
  paddingAfter,
  TypeFlag,
  type HeaderBlock,
} from './tar-format.ts';

export type TarEntryType = 'file' | 'link' | 'symlink' | 'char' | 'block' | 'directory' | 'fifo';

/** One entry's metadata. `name`, `linkname` and xattr names are byte strings. */
export interface TarHeader {
  name: string;
  type: TarEntryType;
  /** Permission bits, including setuid, setgid and sticky. */
  mode: number;
  uid: number;
  gid: number;
  /** Bytes of data; 0 for every type but `file`. */
  size: number;
  /** Seconds since the epoch; may have a fraction (from PAX). */
  mtime: number;
  linkname: string;
  devmajor: number;
  devminor: number;
  /** From PAX `SCHILY.xattr.<name>` records: every namespace, unfiltered. */
  xattrs: Map<string, Buffer>;
}

export interface TarEntry {
  header: TarHeader;
  /** The entry's data. What the consumer leaves unread is skipped. */
  body: AsyncIterable<Buffer>;
}

/** PAX headers, GNU long names and the like are small; a huge one is an attack on memory. */
const MAX_EXTENSION_SIZE = 1 << 20;

const XATTR_PREFIX = 'SCHILY.xattr.';

const typeByFlag: Record<string, TarEntryType> = {
  [TypeFlag.file]: 'file',
  [TypeFlag.oldFile]: 'file',
  [TypeFlag.contiguous]: 'file',
  [TypeFlag.link]: 'link',
  [TypeFlag.symlink]: 'symlink',
  [TypeFlag.char]: 'char',
  [TypeFlag.block]: 'block',
  [TypeFlag.directory]: 'directory',
  [TypeFlag.fifo]: 'fifo',
};

/** Extensions that apply to the next entry (or, for PAX global headers, all following ones). */
interface PendingExtensions {
  global: Map<string, Buffer>;
  local: Map<string, Buffer>;
  longName: string | undefined;
  longLink: string | undefined;
}

/**
 * The entries of a tar stream, in order. The whole source is consumed, including what follows the
 * end-of-archive marker, so a digest taken over the source covers every byte.
 */
export async function* readTarEntries(source: AsyncIterable<Buffer>): AsyncGenerator<TarEntry, void, undefined> {
  const reader = new ByteReader(source);
  const pending: PendingExtensions = { global: new Map(), local: new Map(), longName: undefined, longLink: undefined };
  for (;;) {
    const block = await reader.readExact(BLOCK_SIZE);
    if (block === undefined) break; // ended without an end-of-archive marker: accepted, as Go does
    if (isZeroBlock(block)) {
      const next = await reader.readExact(BLOCK_SIZE);
      if (next !== undefined && !isZeroBlock(next)) throw invalidArgument('invalid tar: data after a zero block');
      break;
    }
    const raw = decodeHeaderBlock(block);
    if (await readExtension(reader, raw, pending)) continue;

    const header = headerOf(raw, pending);
    const size = header.size;
    let consumed = 0;
    const body = (async function* () {
      while (consumed < size) {
        const chunk = await reader.readSome(size - consumed);
        consumed += chunk.length;
        yield chunk;
      }
    })();
    yield { header, body };
    await reader.skip(size - consumed + paddingAfter(size));
  }
  await reader.drain();
}

/** Reads an extension header's data into `pending`; false if `raw` is an ordinary entry. */
async function readExtension(reader: ByteReader, raw: HeaderBlock, pending: PendingExtensions): Promise<boolean> {
  switch (raw.typeFlag) {
    case TypeFlag.paxHeader:
    case TypeFlag.paxGlobalHeader:
    case TypeFlag.gnuLongName:
    case TypeFlag.gnuLongLink:
      break;
    default:
      return false;
  }
  if (raw.size > MAX_EXTENSION_SIZE) throw invalidArgument(`invalid tar: extension header of ${raw.size} bytes`);
  const data = (await reader.readExact(raw.size)) ?? Buffer.alloc(0);
  if (data.length !== raw.size) throw invalidArgument('layer is truncated: unexpected end of the tar stream');
  await reader.skip(paddingAfter(raw.size));
  switch (raw.typeFlag) {
    case TypeFlag.paxHeader:
      for (const [key, value] of decodePaxRecords(data)) pending.local.set(key, value);
      break;
    case TypeFlag.paxGlobalHeader:
      for (const [key, value] of decodePaxRecords(data)) pending.global.set(key, value);
      break;
    case TypeFlag.gnuLongName:
      pending.longName = nulTerminated(data);
      break;
    case TypeFlag.gnuLongLink:
      pending.longLink = nulTerminated(data);
      break;
  }
  return true;
}

function nulTerminated(data: Buffer): string {
  const end = data.indexOf(0);
  return byteStringFrom(end === -1 ? data : data.subarray(0, end));
}

/** The entry's header with pending extensions applied (and then cleared). */
function headerOf(raw: HeaderBlock, pending: PendingExtensions): TarHeader {
  const pax = new Map([...pending.global, ...pending.local]);
  let name = pending.longName ?? raw.name;
  let linkname = pending.longLink ?? raw.linkname;
  pending.local = new Map();
  pending.longName = undefined;
  pending.longLink = undefined;

  const header: TarHeader = {
    name,
    type: 'file',
    mode: raw.mode & 0o7777,
    uid: raw.uid,
    gid: raw.gid,
    size: raw.size,
    mtime: raw.mtime,
    linkname,
    devmajor: raw.devmajor,
    devminor: raw.devminor,
    xattrs: new Map(),
  };
  for (const [key, value] of pax) {
    const text = value.toString('latin1');
    if (key.startsWith(XATTR_PREFIX)) header.xattrs.set(key.slice(XATTR_PREFIX.length), value);
    else if (key === 'path' && text !== '') header.name = name = text;
    else if (key === 'linkpath' && text !== '') header.linkname = linkname = text;
    else if (key === 'size') header.size = paxInteger(name, key, text);
    else if (key === 'uid') header.uid = paxInteger(name, key, text);
    else if (key === 'gid') header.gid = paxInteger(name, key, text);
    else if (key === 'mtime') header.mtime = paxTime(name, text);
    else if (key.startsWith('GNU.sparse.')) throw layerEntryError(name, 'sparse files are not supported');
  }

  const type = typeByFlag[raw.typeFlag];
  if (type === undefined) {
    throw layerEntryError(name, `unsupported tar entry type ${JSON.stringify(raw.typeFlag)}`);
  }
  // Old tars mark directories only with a trailing slash.
  header.type = raw.typeFlag === TypeFlag.oldFile && name.endsWith('/') ? 'directory' : type;
  // Only regular files have data, whatever the size field says (as in Go's archive/tar).
  if (header.type !== 'file') header.size = 0;
  return header;
}

function paxInteger(name: string, key: string, text: string): number {
  const value = /^[0-9]+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value)) throw layerEntryError(name, `invalid PAX ${key} ${JSON.stringify(text)}`);
  return value;
}

function paxTime(name: string, text: string): number {
  if (!/^-?[0-9]+(\.[0-9]*)?$/.test(text)) throw layerEntryError(name, `invalid PAX mtime ${JSON.stringify(text)}`);
  return Number(text);
}
