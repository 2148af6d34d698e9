// Encodes tar entry headers: ustar when everything fits, with a PAX header in front for what does
// not (long or non-ASCII names, large numbers, xattrs).
import { BLOCK_SIZE, encodeHeaderBlock, encodePaxRecords, octalFieldMax, paddingAfter, TypeFlag } from './tar-format.ts';
import type { TarEntryType } from './tar-reader.ts';

/** An entry to write. Strings are byte strings; directory names should end with "/". */
export interface TarWriteHeader {
  name: string;
  type: TarEntryType;
  mode: number;
  uid: number;
  gid: number;
  /** Bytes of data that follow; must be 0 for every type but `file`. */
  size: number;
  /** Whole seconds since the epoch. */
  mtime: number;
  linkname?: string;
  devmajor?: number;
  devminor?: number;
  /** Written as PAX `SCHILY.xattr.<name>` records; names are byte strings. */
  xattrs?: ReadonlyMap<string, Buffer>;
}

const flagByType: Record<TarEntryType, string> = {
  file: TypeFlag.file,
  link: TypeFlag.link,
  symlink: TypeFlag.symlink,
  char: TypeFlag.char,
  block: TypeFlag.block,
  directory: TypeFlag.directory,
  fifo: TypeFlag.fifo,
};

/** Two zero blocks end an archive. */
export const END_OF_ARCHIVE: Buffer = Buffer.alloc(2 * BLOCK_SIZE);

/** The zeros that pad `size` bytes of data to a block boundary. */
export function paddingFor(size: number): Buffer {
  return Buffer.alloc(paddingAfter(size));
}

const isAscii = (text: string) => /^[\x01-\x7f]*$/.test(text);

/** Splits a name into ustar's prefix and name fields, or returns undefined if it cannot fit. */
function splitName(name: string): { prefix: string; name: string } | undefined {
  if (!isAscii(name)) return undefined;
  if (name.length <= 100) return { prefix: '', name };
  // The prefix gets the leading directories, up to a "/" that is not kept.
  for (let slash = name.indexOf('/'); slash !== -1 && slash <= 155; slash = name.indexOf('/', slash + 1)) {
    const rest = name.slice(slash + 1);
    if (rest.length > 0 && rest.length <= 100) return { prefix: name.slice(0, slash), name: rest };
  }
  return undefined;
}

/** The header block(s) for one entry: a PAX header first when needed, then the ustar header. */
export function encodeEntryHeader(header: TarWriteHeader): Buffer {
  const pax = new Map<string, Buffer>();
  const linkname = header.linkname ?? '';
  const split = splitName(header.name);
  if (split === undefined) pax.set('path', Buffer.from(header.name, 'latin1'));
  if (linkname.length > 100 || !isAscii(linkname)) pax.set('linkpath', Buffer.from(linkname, 'latin1'));
  const numbers = { uid: header.uid, gid: header.gid, size: header.size, mtime: header.mtime };
  for (const key of ['uid', 'gid', 'size', 'mtime'] as const) {
    const value = numbers[key];
    if (value < 0 || value > octalFieldMax(key)) {
      pax.set(key, Buffer.from(String(value)));
      numbers[key] = 0;
    }
  }
  for (const [name, value] of header.xattrs ?? []) pax.set(`SCHILY.xattr.${name}`, value);

  const ustar = encodeHeaderBlock({
    name: split?.name ?? asciiPlaceholder(header.name),
    prefix: split?.prefix ?? '',
    mode: header.mode & 0o7777,
    ...numbers,
    typeFlag: flagByType[header.type],
    linkname: pax.has('linkpath') ? asciiPlaceholder(linkname) : linkname,
    devmajor: header.devmajor ?? 0,
    devminor: header.devminor ?? 0,
  });
  if (pax.size === 0) return ustar;

  const records = encodePaxRecords(pax);
  const paxHeader = encodeHeaderBlock({
    name: 'PaxHeader',
    mode: 0o644,
    uid: 0,
    gid: 0,
    size: records.length,
    mtime: 0,
    typeFlag: TypeFlag.paxHeader,
    linkname: '',
    devmajor: 0,
    devminor: 0,
  });
  return Buffer.concat([paxHeader, records, paddingFor(records.length), ustar]);
}

/** What old readers that ignore PAX see instead of a name that does not fit: its ASCII tail. */
function asciiPlaceholder(name: string): string {
  return name.replace(/[^\x01-\x7f]/g, '_').slice(-100);
}
