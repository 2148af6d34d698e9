// The tar format as image layers use it: 512-byte ustar header blocks, PAX extended headers and GNU
// long names. Coded here rather than with tar-stream because layer xattrs (security.capability)
// are binary PAX values: tar-stream decodes PAX values as UTF-8 (losing bytes) and cannot write
// them, and its writer turns mode 0 into 0644. tar-stream is still used by the tests, as an
// independent implementation to check this one against.
import { invalidArgument } from '../../util/errors.ts';
import { byteStringFrom } from './byte-string.ts';

export const BLOCK_SIZE = 512;

/** The tar type flags Minato reads or writes. */
export const TypeFlag = {
  file: '0',
  oldFile: '\0',
  link: '1',
  symlink: '2',
  char: '3',
  block: '4',
  directory: '5',
  fifo: '6',
  contiguous: '7',
  paxHeader: 'x',
  paxGlobalHeader: 'g',
  gnuLongName: 'L',
  gnuLongLink: 'K',
} as const;

/** A header block as stored, before PAX or GNU extensions are applied. Strings are byte strings. */
export interface HeaderBlock {
  name: string;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  mtime: number;
  typeFlag: string;
  linkname: string;
  devmajor: number;
  devminor: number;
}

// Field offsets and lengths of the ustar header.
const field = {
  name: [0, 100],
  mode: [100, 8],
  uid: [108, 8],
  gid: [116, 8],
  size: [124, 12],
  mtime: [136, 12],
  checksum: [148, 8],
  typeFlag: [156, 1],
  linkname: [157, 100],
  magic: [257, 6],
  version: [263, 2],
  uname: [265, 32],
  gname: [297, 32],
  devmajor: [329, 8],
  devminor: [337, 8],
  prefix: [345, 155],
} as const;

type FieldName = keyof typeof field;

export function isZeroBlock(block: Buffer): boolean {
  for (const byte of block) if (byte !== 0) return false;
  return true;
}

/** Bytes of padding that follow `size` bytes of data to the next block boundary. */
export function paddingAfter(size: number): number {
  return (BLOCK_SIZE - (size % BLOCK_SIZE)) % BLOCK_SIZE;
}

function slice(block: Buffer, name: FieldName): Buffer {
  const [offset, length] = field[name];
  return block.subarray(offset, offset + length);
}

/** A NUL-terminated string field as a byte string. */
function stringField(block: Buffer, name: FieldName): string {
  const bytes = slice(block, name);
  const end = bytes.indexOf(0);
  return byteStringFrom(end === -1 ? bytes : bytes.subarray(0, end));
}

/** A numeric field: octal text, or GNU base-256 when the high bit of the first byte is set. */
function numericField(block: Buffer, name: FieldName): number {
  const bytes = slice(block, name);
  if (bytes[0]! & 0x80) {
    if (bytes[0] === 0xff) throw invalidArgument(`invalid tar header: negative ${name}`);
    let value = bytes[0]! & 0x7f;
    for (const byte of bytes.subarray(1)) value = value * 256 + byte;
    if (!Number.isSafeInteger(value)) throw invalidArgument(`invalid tar header: ${name} too large`);
    return value;
  }
  // Octal digits, possibly after leading spaces or NULs and ended by a space or NUL.
  const text = /^[ \0]*([^ \0]*)/.exec(bytes.toString('latin1'))![1]!;
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) throw invalidArgument(`invalid tar header: ${name} is not an octal number`);
  return parseInt(text, 8);
}

function checksumOf(block: Buffer): { unsigned: number; signed: number } {
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK_SIZE; i++) {
    const byte = i >= 148 && i < 156 ? 0x20 : block[i]!;
    unsigned += byte;
    signed += byte > 127 ? byte - 256 : byte;
  }
  return { unsigned, signed };
}

/** Decodes a non-zero header block; throws InvalidArgument for a corrupt one. */
export function decodeHeaderBlock(block: Buffer): HeaderBlock {
  const stored = numericField(block, 'checksum');
  const { unsigned, signed } = checksumOf(block);
  if (stored !== unsigned && stored !== signed) {
    throw invalidArgument('invalid tar header: checksum mismatch (is the layer corrupt, or compressed in an unknown format?)');
  }
  let name = stringField(block, 'name');
  // POSIX ustar keeps long names' leading directories in `prefix`; the GNU format uses that space
  // for other things and marks itself with "ustar  \0".
  const magic = slice(block, 'magic').toString('latin1');
  const version = slice(block, 'version').toString('latin1');
  if (magic === 'ustar\0' && version === '00') {
    const prefix = stringField(block, 'prefix');
    if (prefix !== '') name = `${prefix}/${name}`;
  }
  return {
    name,
    mode: numericField(block, 'mode'),
    uid: numericField(block, 'uid'),
    gid: numericField(block, 'gid'),
    size: numericField(block, 'size'),
    mtime: numericField(block, 'mtime'),
    typeFlag: String.fromCharCode(block[field.typeFlag[0]]!),
    linkname: stringField(block, 'linkname'),
    devmajor: numericField(block, 'devmajor'),
    devminor: numericField(block, 'devminor'),
  };
}

/** Largest value an octal field of this length holds (length - 1 digits and a NUL). */
export function octalFieldMax(name: 'uid' | 'gid' | 'size' | 'mtime' | 'devmajor' | 'devminor'): number {
  return 8 ** (field[name][1] - 1) - 1;
}

function writeString(block: Buffer, name: FieldName, value: string): void {
  const [offset, length] = field[name];
  const bytes = Buffer.from(value, 'latin1');
  if (bytes.length > length) throw new RangeError(`tar ${name} field overflow`);
  bytes.copy(block, offset);
}

function writeOctal(block: Buffer, name: FieldName, value: number): void {
  const [, length] = field[name];
  const text = Math.trunc(value).toString(8);
  if (value < 0 || text.length > length - 1) throw new RangeError(`tar ${name} field overflow`);
  writeString(block, name, text.padStart(length - 1, '0'));
}

/**
 * Encodes one ustar header block. The caller must already have moved values that do not fit
 * (long or non-ASCII names, large numbers) into a PAX header and passed placeholders here.
 */
export function encodeHeaderBlock(header: HeaderBlock & { prefix?: string }): Buffer {
  const block = Buffer.alloc(BLOCK_SIZE);
  writeString(block, 'name', header.name);
  writeOctal(block, 'mode', header.mode);
  writeOctal(block, 'uid', header.uid);
  writeOctal(block, 'gid', header.gid);
  writeOctal(block, 'size', header.size);
  writeOctal(block, 'mtime', header.mtime);
  writeString(block, 'typeFlag', header.typeFlag);
  writeString(block, 'linkname', header.linkname);
  writeString(block, 'magic', 'ustar\0');
  writeString(block, 'version', '00');
  writeOctal(block, 'devmajor', header.devmajor);
  writeOctal(block, 'devminor', header.devminor);
  if (header.prefix !== undefined) writeString(block, 'prefix', header.prefix);
  const { unsigned } = checksumOf(block);
  writeString(block, 'checksum', `${unsigned.toString(8).padStart(6, '0')}\0 `);
  return block;
}

/**
 * Parses PAX extended header records ("<length> <key>=<value>\n"). Keys become byte strings,
 * values stay raw bytes (xattr values are binary).
 */
export function decodePaxRecords(data: Buffer): Map<string, Buffer> {
  const records = new Map<string, Buffer>();
  let offset = 0;
  while (offset < data.length) {
    if (data[offset] === 0) break; // some writers pad the header data with NULs
    const space = data.indexOf(0x20, offset);
    const lengthText = space === -1 ? '' : data.toString('latin1', offset, space);
    const length = /^[0-9]+$/.test(lengthText) ? parseInt(lengthText, 10) : NaN;
    const end = offset + length;
    if (!(length > 0) || end > data.length || data[end - 1] !== 0x0a) {
      throw invalidArgument('invalid tar PAX header: malformed record');
    }
    const record = data.subarray(space + 1, end - 1);
    const equals = record.indexOf(0x3d);
    if (equals <= 0) throw invalidArgument('invalid tar PAX header: record without a key');
    records.set(byteStringFrom(record.subarray(0, equals)), Buffer.from(record.subarray(equals + 1)));
    offset = end;
  }
  return records;
}

/** Encodes PAX records; keys are byte strings. */
export function encodePaxRecords(records: ReadonlyMap<string, Buffer>): Buffer {
  const parts: Buffer[] = [];
  for (const [key, value] of records) {
    const body = Buffer.concat([Buffer.from(` ${key}=`, 'latin1'), value, Buffer.from('\n')]);
    // The length counts its own digits, so grow it until it is self-consistent.
    let length = body.length + 1;
    while (String(length).length + body.length !== length) length = String(length).length + body.length;
    parts.push(Buffer.from(String(length), 'latin1'), body);
  }
  return Buffer.concat(parts);
}
